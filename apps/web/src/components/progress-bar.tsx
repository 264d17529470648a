import { formatPercent } from '@/lib/format';

export interface ProgressBarProps {
  /** 0..1; null for "working, amount unknown". */
  fraction: number | null;
  label: string;
  /** What is happening now, read out with the bar. */
  message?: string | null;
  id?: string;
}

/** A native <progress> (announced by screen readers) with its label and the current step in words. */
export function ProgressBar({ fraction, label, message, id }: ProgressBarProps) {
  const value = fraction === null ? undefined : Math.min(1, Math.max(0, fraction));
  return (
    <div className="progress">
      <div className="progress-label">
        <label htmlFor={id}>{label}</label>
        {value === undefined ? null : <span className="progress-value">{formatPercent(value)}</span>}
      </div>
      <progress id={id} max={1} value={value} aria-valuetext={message ? `${formatPercent(value ?? 0)}: ${message}` : undefined} />
      {message ? <p className="progress-message">{message}</p> : null}
    </div>
  );
}
