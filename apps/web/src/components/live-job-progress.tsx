'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef } from 'react';
import type { StoredError } from '@/lib/stored-error';
import { ErrorNotice } from './error-notice';
import { ProgressBar } from './progress-bar';
import { usePoll } from './use-poll';

interface JobStatus {
  status: string;
  progress: number;
  progressMessage: string | null;
  error: StoredError | null;
}

const ACTIVE = new Set(['PENDING', 'RUNNING']);

/**
 * Live progress of a PENDING or RUNNING backup job: polls /api/jobs/<id>
 * every second and, when the job has ended, refreshes the page so its server
 * components show the final state (size, checksum, error).
 */
export function LiveJobProgress({ jobId, jobName, compact = false }: { jobId: string; jobName: string; compact?: boolean }) {
  const router = useRouter();
  const id = useId();
  const { data, error } = usePoll<JobStatus>(`/api/jobs/${encodeURIComponent(jobId)}`, (job) => !ACTIVE.has(job.status), 1000);
  const refreshed = useRef(false);

  useEffect(() => {
    if (data && !ACTIVE.has(data.status) && !refreshed.current) {
      refreshed.current = true;
      router.refresh();
    }
  }, [data, router]);

  if (error) return <ErrorNotice error={error} />;
  const status = data?.status ?? 'PENDING';
  const message =
    status === 'PENDING' ? 'Waiting for a worker…' : ACTIVE.has(status) ? (data?.progressMessage ?? 'Running…') : `Finished: ${status.toLowerCase()}.`;
  return (
    <div role="status" aria-live="polite" className={compact ? 'live-progress compact' : 'live-progress'}>
      <ProgressBar id={`${id}-bar`} label={compact ? `Progress of ${jobName}` : 'Progress'} fraction={data?.progress ?? 0} message={message} />
    </div>
  );
}
