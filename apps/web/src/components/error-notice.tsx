import type { HumanError } from '@/lib/error-messages';

export interface ErrorNoticeProps {
  error: Pick<HumanError, 'message' | 'nextStep'>;
  /** Announce immediately (form results); page-level notices are read in order. */
  live?: boolean;
}

/** A failure in words, with what to do next. Never shows internals. */
export function ErrorNotice({ error, live = true }: ErrorNoticeProps) {
  return (
    <div className="notice notice-error" role={live ? 'alert' : undefined}>
      <p className="notice-title">{error.message}</p>
      <p>{error.nextStep}</p>
    </div>
  );
}
