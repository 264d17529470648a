import type { BackupJob } from '../../model/entities';
import { assertCan, type Actor } from '../../shared/actor';
import type { ServiceContext } from '../../shared/service-context';
import { executeBackupJob } from './execute-backup-job';
import { requestBackup, type RequestBackupOptions } from './request-backup';
import { newWorkerId } from './worker-id';

export interface RunBackupNowOptions extends RequestBackupOptions {
  workerId?: string;
  signal?: AbortSignal;
  onProgress?: (progress: { fraction: number; message: string }) => void;
  /** How often to look at a job another worker took (default 1 s). */
  pollIntervalMs?: number;
}

/**
 * Queues a backup and sees it through: the caller claims its own job and runs
 * it like any worker, so this works on a machine where no worker runs. If a
 * worker claimed it first, the caller follows that worker's progress instead.
 */
export async function runBackupNow(ctx: ServiceContext, actor: Actor, options: RunBackupNowOptions = {}): Promise<BackupJob> {
  assertCan(actor, 'runBackup');
  const job = await requestBackup(ctx, actor, options);
  const workerId = options.workerId ?? newWorkerId('inline', ctx.backups.instance);
  const claimed = await ctx.repos.backupJobs.claim(job.id, workerId, ctx.clock.now());
  if (claimed) return executeBackupJob(ctx, claimed, { workerId, signal: options.signal, onProgress: options.onProgress });
  return waitForBackup(ctx, job.id, options);
}

/** Polls a job until it leaves PENDING/RUNNING, reporting its progress. */
export async function waitForBackup(
  ctx: ServiceContext,
  jobId: string,
  options: { signal?: AbortSignal; pollIntervalMs?: number; onProgress?: (p: { fraction: number; message: string }) => void } = {},
): Promise<BackupJob> {
  for (;;) {
    const current = await ctx.repos.backupJobs.findById(jobId);
    if (!current) throw new Error(`backup job ${jobId} disappeared`);
    if (current.status !== 'PENDING' && current.status !== 'RUNNING') return current;
    options.onProgress?.({ fraction: current.progress, message: current.progressMessage ?? current.status.toLowerCase() });
    if (options.signal?.aborted) return current;
    await new Promise((r) => setTimeout(r, options.pollIntervalMs ?? 1000));
  }
}
