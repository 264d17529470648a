import 'server-only';
import { basename } from 'node:path';
import type { BackupConfiguration, BackupJob, Page, PruneBackupsResult, SyncCatalogResult, VerifyBackupResult } from '@edms/domain';
import { errorCodeOf } from '@/lib/error-messages';
import type { JobSearch } from '@/lib/job-search';
import { pageCount } from '@/lib/search-params';
import { startTask } from './background-tasks';
import { edmsDomain } from './edms';
import { requireUser } from './session';
import { getServices } from './services';

export interface JobPage extends Page<BackupJob> {
  page: number;
  pageSize: number;
  pageCount: number;
}

/** One page of backup jobs matching the Jobs page filters, newest first. */
export async function searchJobs(search: JobSearch): Promise<JobPage> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const result = await edmsDomain().listBackups(ctx, actor, {
    configuration: search.configuration || undefined,
    status: search.status,
    origin: search.origin,
    skip: (search.page - 1) * search.pageSize,
    take: search.pageSize,
  });
  return { ...result, page: search.page, pageSize: search.pageSize, pageCount: pageCount(result.total, search.pageSize) };
}

/** A backup job, or null when there is no such job. */
export async function findJob(id: string): Promise<BackupJob | null> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  try {
    return await edmsDomain().getBackup(ctx, actor, id);
  } catch (error) {
    if (errorCodeOf(error) === 'BACKUP_NOT_FOUND') return null;
    throw error;
  }
}

/** Every configuration including the system's own (safety snapshots, imported packages), by id: for naming a job's configuration. */
export async function configurationsById(): Promise<Map<string, BackupConfiguration>> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const all = await edmsDomain().listConfigurations(ctx, actor, { includeTemporary: true });
  return new Map(all.map((c) => [c.id, c]));
}

/** Completed backups whose package is still on disk: what the restore wizard offers. */
export async function restorableJobs(): Promise<BackupJob[]> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const page = await edmsDomain().listBackups(ctx, actor, { status: 'COMPLETED', take: 200 });
  return page.items.filter((job) => job.backupFilePath && !job.prunedAt);
}

/**
 * "Run now": queues the backup (refusals such as BACKUP_ALREADY_ACTIVE or
 * FORBIDDEN come back at once) and runs it in this server process without
 * holding up the request — the same claim-then-execute that `runBackupNow`
 * does, split so the page gets the job id immediately and polls its progress.
 * If a worker claims the job first, the worker runs it and the page follows
 * the same record. Failures end up on the job (FAILED, with the reason).
 */
export async function startBackupNow(configuration: string): Promise<BackupJob> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const domain = edmsDomain();
  const job = await domain.requestBackup(ctx, actor, { configuration });
  const workerId = domain.newWorkerId('web', ctx.backups.instance, job.id.slice(0, 8));
  startTask({
    kind: 'backup',
    label: `Backup ${job.jobName}`,
    ownerId: actor.userId,
    run: async (report) => {
      const claimed = await ctx.repos.backupJobs.claim(job.id, workerId, ctx.clock.now());
      if (!claimed) return { jobId: job.id, runBy: 'worker' };
      const done = await domain.executeBackupJob(ctx, claimed, {
        workerId,
        onProgress: (p) => report({ fraction: p.fraction, message: p.message }),
      });
      return { jobId: done.id, status: done.status, runBy: workerId };
    },
  });
  return job;
}

/** Starts reading the package end to end; the outcome is recorded on the job (verifiedAt, verifyOk). */
export async function startVerify(jobId: string): Promise<string> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const domain = edmsDomain();
  // Refusals that need no reading (role, unknown job) answer the request directly.
  domain.assertCan(actor, 'runBackup');
  const job = await domain.getBackup(ctx, actor, jobId);
  return startTask({
    kind: 'verify',
    label: `Verify ${job.jobName}`,
    ownerId: actor.userId,
    run: async (report) => {
      const result: VerifyBackupResult = await domain.verifyBackup(ctx, actor, {
        jobId: job.id,
        onProgress: (p) => report({ fraction: p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : 0, message: p.message }),
      });
      return { jobId: job.id, ok: result.ok, entries: result.entries, bytes: result.bytes, errorCode: result.error?.code ?? null };
    },
  }).id;
}

export async function removeJob(jobId: string): Promise<{ jobName: string; fileRemoved: boolean; rowKept: boolean }> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const result = await edmsDomain().deleteBackup(ctx, actor, jobId);
  return { jobName: result.job.jobName, fileRemoved: result.fileRemoved, rowKept: result.rowKept };
}

export interface PackageDownload {
  path: string;
  fileName: string;
  sizeBytes: number;
  content: AsyncIterable<Uint8Array>;
}

/**
 * The package file of a job, for streaming to the browser. A package holds
 * every user's password hash and every document, so downloading it needs the
 * right to run backups (OPERATOR or ADMIN), not just to read the catalog.
 */
export async function packageForDownload(jobId: string): Promise<PackageDownload> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const domain = edmsDomain();
  domain.assertCan(actor, 'runBackup');
  const job = await domain.getBackup(ctx, actor, jobId);
  const stat = job.backupFilePath && !job.prunedAt ? await ctx.backups.storage.stat(job.backupFilePath) : null;
  if (!job.backupFilePath || !stat) {
    throw new domain.DomainError('BACKUP_FILE_MISSING', `backup ${job.jobName} has no package file`);
  }
  return {
    path: job.backupFilePath,
    fileName: basename(job.backupFilePath),
    sizeBytes: stat.sizeBytes,
    // A local file or an object in S3-compatible storage, streamed either way.
    content: ctx.backups.storage.read(job.backupFilePath),
  };
}

/** What each configuration's retention would remove now (read-only). */
export async function previewRetention(): Promise<PruneBackupsResult> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  return edmsDomain().pruneBackups(ctx, actor, { dryRun: true });
}

/** Applies every configuration's retention: deletes the package files it does not keep (jobs stay as history). */
export async function applyRetention(): Promise<PruneBackupsResult> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  return edmsDomain().pruneBackups(ctx, actor, { dryRun: false });
}

/** Registers packages found in the storage directories that the catalog does not know, and reports missing files. */
export async function syncPackages(): Promise<SyncCatalogResult> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  return edmsDomain().syncCatalog(ctx, actor);
}
