import { formatEnum } from '@/lib/format';

const TONES: Record<string, 'good' | 'warn' | 'bad' | 'neutral' | 'info'> = {
  EFFECTIVE: 'good',
  APPROVED: 'good',
  COMPLETED: 'good',
  IN_REVIEW: 'info',
  RUNNING: 'info',
  DRAFT: 'neutral',
  PENDING: 'neutral',
  SUPERSEDED: 'warn',
  CANCELLED: 'warn',
  OBSOLETE: 'bad',
  FAILED: 'bad',
  VALIDATING: 'info',
  AWAITING_CONFIRMATION: 'warn',
  ROLLED_BACK: 'bad',
  SUCCESS: 'good',
  FAILURE: 'bad',
};

/** A status as a word in a tinted pill; the colour only repeats what the text says. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${TONES[status] ?? 'neutral'}`}>{formatEnum(status)}</span>;
}
