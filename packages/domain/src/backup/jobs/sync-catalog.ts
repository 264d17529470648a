import { randomUUID } from 'node:crypto';
import type { BackupJob } from '../../model/entities';
import { recordAuditEvent } from '../../audit/record-audit-event';
import { getOrCreateTempRestoreConfig } from '../../configurations/temp-restore-config';
import { assertCan, type Actor } from '../../shared/actor';
import { DomainError } from '../../shared/domain-error';
import type { ServiceContext } from '../../shared/service-context';
import { describeError, summarizeManifest } from './execute-backup-job';
import { newBackupJob } from './new-backup-job';

export interface SyncCatalogOptions {
  /** Scan only this directory; by default every configuration's storage directory. */
  directory?: string;
  passphrase?: string;
}

export interface SyncCatalogResult {
  scannedDirectories: string[];
  registered: Array<{ jobId: string; path: string; packageId: string; configuration: string }>;
  alreadyKnown: number;
  /** Catalog entries whose package file is gone. */
  missing: Array<{ jobId: string; jobName: string; path: string }>;
  /** Files that look like packages but could not be read. */
  unreadable: Array<{ path: string; code: string; message: string }>;
}

/**
 * Registers packages the catalog does not know (by sha256, then packageId) as
 * IMPORTED, COMPLETED jobs read from their manifests — under the configuration
 * the manifest names when it exists here, otherwise under the temporary
 * restore configuration — and reports catalog entries whose files are gone.
 * Running it twice registers nothing new.
 */
export async function syncCatalog(ctx: ServiceContext, actor: Actor, options: SyncCatalogOptions = {}): Promise<SyncCatalogResult> {
  assertCan(actor, 'runBackup');
  const storage = ctx.backups.storage;
  const configurations = await ctx.repos.configurations.list({ includeTemporary: true });
  const directories = options.directory
    ? [storage.resolveDirectory(options.directory)]
    : storage.knownDirectories(configurations.map((c) => c.storagePath));
  const result: SyncCatalogResult = { scannedDirectories: directories, registered: [], alreadyKnown: 0, missing: [], unreadable: [] };

  for (const directory of directories) {
    for await (const file of storage.list(directory)) {
      const sha256 = await storage.sha256(file.path);
      if (await ctx.repos.backupJobs.findBySha256(sha256)) {
        result.alreadyKnown += 1;
        continue;
      }
      let manifest;
      try {
        manifest = await ctx.backups.reader.readManifest(file.path, { passphrase: options.passphrase ?? ctx.backups.passphrase });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        result.unreadable.push({ path: file.path, ...describeError(error) });
        continue;
      }
      if (await ctx.repos.backupJobs.findByPackageId(manifest.packageId)) {
        result.alreadyKnown += 1;
        continue;
      }
      const job = await ctx.uow.transaction(async (repos) => {
        const configuration =
          (await repos.configurations.findByName(manifest.configuration.name)) ??
          (await getOrCreateTempRestoreConfig(repos, ctx.clock));
        const now = ctx.clock.now();
        const created = await repos.backupJobs.create({
          ...newBackupJob({
            configuration,
            backupType: manifest.backupType,
            origin: 'IMPORTED',
            now,
            triggeredById: actor.userId,
            jobName: `imported_${manifest.configuration.name}_${randomUUID().slice(0, 8)}`,
          }),
          status: 'COMPLETED',
          progress: 1,
          progressMessage: 'registered by catalog sync',
          completedAt: new Date(manifest.createdAt),
          backupFilePath: file.path,
          sizeBytes: file.sizeBytes,
          sha256,
          packageId: manifest.packageId,
          manifestSummary: summarizeManifest(manifest),
        });
        await recordAuditEvent(repos, ctx.clock, {
          actor,
          action: 'backup.import',
          targetType: 'BackupJob',
          targetId: created.id,
          details: { path: file.path, packageId: manifest.packageId, sha256, configuration: configuration.name },
        });
        return { created, configuration };
      });
      result.registered.push({ jobId: job.created.id, path: file.path, packageId: manifest.packageId, configuration: job.configuration.name });
    }
  }

  const withFiles: BackupJob[] = await ctx.repos.backupJobs.listWithFiles();
  for (const job of withFiles) {
    if (job.backupFilePath && !(await storage.stat(job.backupFilePath))) {
      result.missing.push({ jobId: job.id, jobName: job.jobName, path: job.backupFilePath });
    }
  }
  return result;
}
