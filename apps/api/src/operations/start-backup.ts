import { executeBackupJob, newWorkerId, requestBackup, sleepUnlessAborted, type Actor, type BackupJob, type RequestBackupOptions } from '@edms/domain';
import type { ApiDependencies } from '../dependencies';

/** How long a queued backup is left to a worker before this process runs it itself. */
export const DEFAULT_WORKER_GRACE_MS = 3_000;

/**
 * Queues a MANUAL backup and answers at once with the PENDING job; the work
 * runs in the background. A worker (`edms worker`, which `npm start` runs)
 * gets the first chance — it polls every 2 s and has its own process, so a
 * large backup does not compete with requests for this event loop. If no
 * worker has claimed the job after `workerGraceMs`, this process claims it and
 * runs it like a worker would, so a backup never waits for a worker that is
 * not there. Claiming is atomic: the job runs exactly once. The job row
 * records progress and the outcome (FAILED with its reason included), so
 * nothing is lost when nobody is listening.
 */
export async function startBackup(deps: ApiDependencies, actor: Actor, options: RequestBackupOptions): Promise<BackupJob> {
  const { ctx } = deps.services;
  // A stopping server queues nothing it would not run.
  deps.tasks.assertAccepting();
  const job = await requestBackup(ctx, actor, options);
  const workerId = newWorkerId('api', ctx.backups.instance);
  void deps.tasks.run('backup', { jobId: job.id }, async (signal) => {
    await sleepUnlessAborted(deps.workerGraceMs, signal);
    if (signal.aborted) return null;
    const claimed = await ctx.repos.backupJobs.claim(job.id, workerId, ctx.clock.now());
    if (!claimed) return null;
    return executeBackupJob(ctx, claimed, { workerId, signal });
  });
  return job;
}

