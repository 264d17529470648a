'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { ErrorNotice } from '@/components/error-notice';
import { ProgressBar } from '@/components/progress-bar';
import { usePoll } from '@/components/use-poll';
import { StepLog, type StepEntry } from './step-log';

interface RestoreStatus {
  status: string;
  /** This server's attempt to apply it: 'running', 'failed', 'succeeded' or null. */
  applying: string | null;
  progress: number;
  progressMessage: string | null;
  steps: StepEntry[];
}

const ACTIVE = new Set(['PENDING', 'VALIDATING', 'RUNNING']);

/**
 * Live progress of a restore: polls /api/restores/<id> (the RestoreJob the
 * domain keeps up to date, visible to every front door) and shows the step
 * log as it grows. When the restore ends the page refreshes to the result.
 */
export function LiveRestoreProgress({ restoreId, waitForStart = false }: { restoreId: string; waitForStart?: boolean }) {
  const router = useRouter();
  // Right after "Restore now" the record may still await confirmation for a moment; keep waiting while the attempt runs.
  const ended = (r: RestoreStatus) => !ACTIVE.has(r.status) && !(waitForStart && r.status === 'AWAITING_CONFIRMATION' && r.applying === 'running');
  const { data, error } = usePoll<RestoreStatus>(`/api/restores/${encodeURIComponent(restoreId)}`, ended, 1000);
  const refreshed = useRef(false);

  useEffect(() => {
    if (data && !refreshed.current && ended(data)) {
      refreshed.current = true;
      router.refresh();
    }
  });

  if (error) return <ErrorNotice error={error} />;
  return (
    <section aria-labelledby="live-heading" className="section">
      <h2 id="live-heading">Progress</h2>
      <div role="status" aria-live="polite">
        <ProgressBar id="restore-progress" label="Restore progress" fraction={data?.progress ?? 0} message={data?.progressMessage ?? 'Starting…'} />
      </div>
      <h3>Step log</h3>
      <StepLog steps={data?.steps ?? []} />
    </section>
  );
}
