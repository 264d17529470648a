import { formatDateTime } from '@/lib/format';

const STEP_LABELS: Record<string, string> = {
  validate: 'Validate the package',
  plan: 'Plan the restore',
  confirm: 'Confirmation received',
  'safety-backup': 'Safety backup of the current system',
  apply: 'Apply (database in one transaction, files swapped in)',
  complete: 'Verify and complete',
  cancel: 'Cancelled',
};

const STATUS_LABELS: Record<string, string> = { started: 'started', done: 'done', failed: 'failed', skipped: 'skipped' };

export interface StepEntry {
  step: string;
  status: string;
  at: string;
  message?: string;
}

export function stepLabel(step: string): string {
  return STEP_LABELS[step] ?? step;
}

/** The restore's step log (each pipeline step as recorded on the RestoreJob). */
export function StepLog({ steps }: { steps: StepEntry[] }) {
  if (steps.length === 0) return <p className="muted">No steps recorded yet.</p>;
  return (
    <ol className="step-log">
      {steps.map((s, i) => (
        <li key={`${s.step}-${s.status}-${i}`} className={`step-${s.status}`}>
          <span className="step-name">{stepLabel(s.step)}</span> — {STATUS_LABELS[s.status] ?? s.status}
          <span className="cell-sub">
            {formatDateTime(s.at)}
            {s.message && s.step !== 'safety-backup' ? ` · ${s.message}` : ''}
          </span>
        </li>
      ))}
    </ol>
  );
}
