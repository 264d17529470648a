import type { BackupJob } from '../model/entities';
import type { PackageManifest } from '../package/manifest';
import type { Repositories } from '../ports/repositories.port';
import type { Clock } from '../ports/clock.port';
import type { Actor } from '../shared/actor';
import { recordAuditEvent } from '../audit/record-audit-event';
import { getOrCreateTempRestoreConfig } from '../configurations/temp-restore-config';
import { summarizeManifest } from '../backup/jobs/execute-backup-job';
import { newBackupJob } from '../backup/jobs/new-backup-job';

export interface PackageIdentity {
  path: string;
  sizeBytes: number;
  sha256: string;
  manifest: PackageManifest;
}

export interface RegisteredPackage {
  job: BackupJob;
  /** True when this call created the temporary job (and must remove it if the restore fails). */
  createdTemporary: boolean;
}

/** `temp_restore_<timestamp>`: the name of a job registered only to restore a package. */
export function temporaryJobName(now: Date): string {
  return `temp_restore_${now.toISOString().replace(/[-:]/g, '').replace(/\.(\d{3})Z$/, '$1Z')}`;
}

/**
 * The temporary-record rule (SPEC §5.3): a RestoreJob needs a BackupJob. A
 * package already in the catalog (same packageId, or same sha256) reuses its
 * job; otherwise a COMPLETED, IMPORTED, temporary job is created under the
 * temporary restore configuration. Running again with the same file reuses it.
 */
export async function registerPackageForRestore(
  repos: Repositories,
  clock: Clock,
  actor: Actor,
  identity: PackageIdentity,
): Promise<RegisteredPackage> {
  const known =
    (await repos.backupJobs.findByPackageId(identity.manifest.packageId)) ?? (await repos.backupJobs.findBySha256(identity.sha256));
  if (known) return { job: known, createdTemporary: false };
  const configuration = await getOrCreateTempRestoreConfig(repos, clock);
  const now = clock.now();
  const job = await repos.backupJobs.create({
    ...newBackupJob({
      configuration,
      backupType: identity.manifest.backupType,
      origin: 'IMPORTED',
      now,
      triggeredById: actor.userId,
      jobName: temporaryJobName(now),
    }),
    isTemporary: true,
    status: 'COMPLETED',
    progress: 1,
    progressMessage: 'registered for restore',
    completedAt: now,
    backupFilePath: identity.path,
    sizeBytes: identity.sizeBytes,
    sha256: identity.sha256,
    packageId: identity.manifest.packageId,
    manifestSummary: summarizeManifest(identity.manifest),
  });
  await recordAuditEvent(repos, clock, {
    actor,
    action: 'restore.register',
    targetType: 'BackupJob',
    targetId: job.id,
    details: { path: identity.path, sha256: identity.sha256, packageId: identity.manifest.packageId, temporary: true },
  });
  return { job, createdTemporary: true };
}
