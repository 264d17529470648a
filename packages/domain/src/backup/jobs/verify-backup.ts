import type { BackupJob } from '../../model/entities';
import type { PackageManifest } from '../../package/manifest';
import { recordAuditEvent } from '../../audit/record-audit-event';
import { assertCan, type Actor } from '../../shared/actor';
import { DomainError } from '../../shared/domain-error';
import type { ServiceContext } from '../../shared/service-context';
import type { PackageProgress } from '../engine/backup-engine.port';
import { describeError } from './execute-backup-job';
import { findBackupOrThrow } from './backup-queries';

/** A catalog job or a package file to check end to end. */
export interface VerifyBackupOptions {
  jobId?: string;
  filePath?: string;
  passphrase?: string;
  onProgress?: (progress: PackageProgress) => void;
}

export interface VerifyBackupResult {
  ok: boolean;
  path: string;
  job: BackupJob | null;
  manifest: PackageManifest | null;
  entries: number;
  bytes: number;
  /** Present when the package is damaged: the first problem found. */
  error: { code: string; message: string } | null;
}

/**
 * Reads a package end to end — every checksum, every row — and records the
 * outcome on its catalog job (found by id, or by the file's sha256 for a
 * path) and in the audit trail. A damaged package is a result, not an error:
 * `ok: false` with the first problem's code.
 */
export async function verifyBackup(ctx: ServiceContext, actor: Actor, options: VerifyBackupOptions): Promise<VerifyBackupResult> {
  assertCan(actor, 'runBackup');
  let job: BackupJob | null = null;
  let path: string;
  if (options.jobId) {
    job = await findBackupOrThrow(ctx, options.jobId);
    if (!job.backupFilePath || job.prunedAt) {
      throw new DomainError('BACKUP_FILE_MISSING', `backup ${job.jobName} has no package file (pruned or never written)`);
    }
    path = job.backupFilePath;
  } else if (options.filePath) {
    path = options.filePath;
  } else {
    throw new DomainError('VALIDATION_FAILED', 'name a backup job or a package file to verify');
  }
  const stat = await ctx.backups.storage.stat(path);
  if (!stat) throw new DomainError('BACKUP_FILE_MISSING', `package file ${path} does not exist`, { details: { path } });

  // A file given by path is matched to its catalog job by sha256: from the
  // verifying read itself, or — when verify stopped at a problem — by hashing
  // the file separately.
  let result: VerifyBackupResult;
  try {
    const verified = await ctx.backups.reader.verify(path, {
      passphrase: options.passphrase ?? ctx.backups.passphrase,
      onProgress: options.onProgress,
    });
    job ??= await ctx.repos.backupJobs.findBySha256(verified.sha256);
    result = { ok: true, path, job, manifest: verified.manifest, entries: verified.entries, bytes: verified.bytes, error: null };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    job ??= await ctx.repos.backupJobs.findBySha256(await ctx.backups.storage.sha256(path));
    result = { ok: false, path, job, manifest: null, entries: 0, bytes: 0, error: describeError(error) };
  }
  const verifiedJob = job;
  const updated = await ctx.uow.transaction(async (repos) => {
    const after = verifiedJob
      ? await repos.backupJobs.update(verifiedJob.id, {
          verifiedAt: ctx.clock.now(),
          verifyOk: result.ok,
          verifyError: result.error ? `${result.error.code}: ${result.error.message}` : null,
        })
      : null;
    await recordAuditEvent(repos, ctx.clock, {
      actor,
      action: 'backup.verify',
      targetType: 'BackupJob',
      targetId: verifiedJob?.id ?? null,
      outcome: result.ok ? 'SUCCESS' : 'FAILURE',
      details: { path, entries: result.entries, bytes: result.bytes, error: result.error },
    });
    return after;
  });
  return { ...result, job: updated };
}
