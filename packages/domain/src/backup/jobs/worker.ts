import type { BackupJob } from '../../model/entities';
import { recordAuditEvent } from '../../audit/record-audit-event';
import { planSchedulerTick } from '../schedule';
import type { ServiceContext } from '../../shared/service-context';
import { hasErrorCode } from '../../shared/domain-error';
import { sleepUnlessAborted } from '../../shared/sleep';
import { executeBackupJob, type ExecuteBackupJobOptions } from './execute-backup-job';
import { newBackupJob } from './new-backup-job';
import { parseWorkerId } from './worker-id';

/** A job whose heartbeat is older than this is considered abandoned. */
export const DEFAULT_STALE_AFTER_MS = 60_000;

/** Claims the oldest pending job and runs it; null when the queue is empty. */
export async function runNextBackupJob(ctx: ServiceContext, options: ExecuteBackupJobOptions): Promise<BackupJob | null> {
  const claimed = await ctx.repos.backupJobs.claimNext(options.workerId, ctx.clock.now());
  if (!claimed) return null;
  return executeBackupJob(ctx, claimed, options);
}

/**
 * Marks RUNNING jobs whose worker is gone as FAILED (BACKUP_WORKER_LOST), so no
 * job stays RUNNING forever after a crash or a kill: a job whose heartbeat is
 * older than `staleAfterMs`, and — at once — a job whose worker was a process
 * on this host that no longer exists. A worker that was merely slow notices on
 * its next heartbeat and stops.
 */
export async function recoverStaleJobs(ctx: ServiceContext, options: { staleAfterMs?: number } = {}): Promise<BackupJob[]> {
  const now = ctx.clock.now();
  const before = new Date(now.getTime() - (options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS));
  const instance = ctx.backups.instance;
  /** Why a job's worker counts as lost, or null while it may still be working. */
  const lostBecause = (job: BackupJob): { reason: string; details: Record<string, unknown> } | null => {
    if (job.status !== 'RUNNING' || !job.heartbeatAt) return null;
    const worker = parseWorkerId(job.workerId);
    if (worker && worker.hostname === instance.hostname && worker.pid !== instance.pid && !instance.isProcessAlive(worker.pid)) {
      return {
        reason: `worker ${job.workerId} is gone (process ${worker.pid} no longer runs on ${worker.hostname})`,
        details: { detectedBy: 'process-gone', pid: worker.pid },
      };
    }
    if (job.heartbeatAt < before) {
      return { reason: `worker ${job.workerId ?? '?'} stopped sending heartbeats at ${job.heartbeatAt.toISOString()}`, details: { detectedBy: 'heartbeat' } };
    }
    return null;
  };
  // Every running job (heartbeats are never in the future), judged one by one.
  const candidates = (await ctx.repos.backupJobs.findStaleRunning(new Date(now.getTime() + 1))).filter((job) => lostBecause(job) !== null);
  const recovered: BackupJob[] = [];
  for (const candidate of candidates) {
    const job = await ctx.uow.transaction(async (repos) => {
      const current = await repos.backupJobs.findById(candidate.id);
      const lost = current ? lostBecause(current) : null;
      if (!current || !lost) return null;
      const failed = await repos.backupJobs.update(current.id, {
        status: 'FAILED',
        completedAt: now,
        error: `BACKUP_WORKER_LOST: ${lost.reason}`,
        progressMessage: 'failed: worker lost',
      });
      await recordAuditEvent(repos, ctx.clock, {
        actor: 'system:job-monitor',
        action: 'backup.complete',
        targetType: 'BackupJob',
        targetId: current.id,
        outcome: 'FAILURE',
        details: { code: 'BACKUP_WORKER_LOST', workerId: current.workerId, heartbeatAt: current.heartbeatAt?.toISOString() ?? null, ...lost.details },
      });
      return failed;
    });
    if (job) recovered.push(job);
  }
  return recovered;
}

/**
 * One scheduler tick: enqueues every due slot once. The (configuration,
 * scheduledFor) uniqueness in the catalog makes concurrent schedulers on
 * several machines safe — the second insert of a slot is simply skipped.
 */
export async function enqueueDueBackups(ctx: ServiceContext): Promise<BackupJob[]> {
  const now = ctx.clock.now();
  const configurations = await ctx.repos.configurations.list();
  const states = await Promise.all(
    configurations.map(async (config) => ({
      config,
      lastScheduledFor: await ctx.repos.backupJobs.findLastScheduledFor(config.id),
      hasActiveJob: await ctx.repos.backupJobs.hasActiveJob(config.id),
    })),
  );
  const byId = new Map(configurations.map((c) => [c.id, c]));
  const created: BackupJob[] = [];
  for (const slot of planSchedulerTick({ now, configs: states })) {
    const configuration = byId.get(slot.configurationId);
    if (!configuration) continue;
    try {
      const job = await ctx.uow.transaction(async (repos) => {
        const queued = await repos.backupJobs.create(
          newBackupJob({ configuration, origin: 'SCHEDULED', now, scheduledFor: slot.scheduledFor }),
        );
        await recordAuditEvent(repos, ctx.clock, {
          actor: 'system:scheduler',
          action: 'backup.schedule',
          targetType: 'BackupJob',
          targetId: queued.id,
          details: { configuration: configuration.name, scheduledFor: slot.scheduledFor.toISOString() },
        });
        return queued;
      });
      created.push(job);
    } catch (error) {
      if (!hasErrorCode(error, 'BACKUP_SLOT_TAKEN')) throw error;
    }
  }
  return created;
}

/** How a long-running worker behaves. */
export interface RunWorkerOptions extends ExecuteBackupJobOptions {
  signal: AbortSignal;
  pollIntervalMs?: number;
  staleAfterMs?: number;
  /** Also act as the scheduler (the embedded default runs one worker that schedules). */
  schedule?: boolean;
  onEvent?: (event: { type: 'job-started' | 'job-finished' | 'jobs-recovered' | 'jobs-scheduled' | 'error'; detail: unknown }) => void;
}

/** The worker loop: recover abandoned jobs, schedule due slots, run pending jobs; until the signal aborts. */
export async function runWorker(ctx: ServiceContext, options: RunWorkerOptions): Promise<void> {
  const poll = options.pollIntervalMs ?? 2000;
  while (!options.signal.aborted) {
    try {
      const recovered = await recoverStaleJobs(ctx, { staleAfterMs: options.staleAfterMs });
      if (recovered.length) options.onEvent?.({ type: 'jobs-recovered', detail: recovered });
      if (options.schedule) {
        const scheduled = await enqueueDueBackups(ctx);
        if (scheduled.length) options.onEvent?.({ type: 'jobs-scheduled', detail: scheduled });
      }
      const job = await runNextBackupJob(ctx, {
        ...options,
        onProgress: options.onProgress,
      });
      if (job) {
        options.onEvent?.({ type: 'job-finished', detail: job });
        continue;
      }
    } catch (error) {
      options.onEvent?.({ type: 'error', detail: error });
    }
    await sleepUnlessAborted(poll, options.signal);
  }
}
