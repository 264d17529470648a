import type { BackupFinding, BackupJob } from '../../model/entities';
import { recordAuditEvent } from '../../audit/record-audit-event';
import { INSTANCE_ID_SETTING } from '../../seed/seed-defaults';
import { backupTypeIncludesDatabase, backupTypeIncludesFiles, type PackageManifest } from '../../package/manifest';
import { DomainError, isDomainError } from '../../shared/domain-error';
import type { ServiceContext } from '../../shared/service-context';
import { packageFileName, type DatabaseSnapshot, type PackageProgress } from '../engine/backup-engine.port';

export const WORKER_ACTOR = 'system:worker';

/** How a claimed job is run. */
export interface ExecuteBackupJobOptions {
  workerId: string;
  signal?: AbortSignal;
  /** How often liveness and progress are written to the job (default 2 s). */
  heartbeatIntervalMs?: number;
  onProgress?: (progress: { fraction: number; message: string }) => void;
}

export function describeError(error: unknown): { code: string; message: string } {
  if (isDomainError(error)) return { code: error.code, message: error.message };
  return { code: 'BACKUP_FAILED', message: error instanceof Error ? error.message : String(error) };
}

function findingsOf(error: unknown): BackupFinding[] {
  const findings = isDomainError(error) ? error.details?.findings : undefined;
  return Array.isArray(findings) ? (findings as BackupFinding[]) : [];
}

/**
 * Runs a job this worker has claimed (status RUNNING, workerId set): takes a
 * consistent database snapshot, writes the package through the writer port and
 * records the outcome. Liveness is written every few seconds; if the job is
 * taken away (declared dead by another process) the write is aborted. Every
 * failure ends the job FAILED with its code and reason — it never stays RUNNING.
 */
export async function executeBackupJob(ctx: ServiceContext, job: BackupJob, options: ExecuteBackupJobOptions): Promise<BackupJob> {
  const abort = new AbortController();
  const onOuterAbort = () => abort.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let progress = { fraction: 0, message: 'starting' };
  let lost = false;
  const beat = async () => {
    const alive = await ctx.repos.backupJobs.heartbeat(job.id, options.workerId, ctx.clock.now(), progress);
    if (!alive) {
      lost = true;
      abort.abort();
    }
  };
  const timer = setInterval(() => void beat().catch(() => undefined), options.heartbeatIntervalMs ?? 2000);
  let snapshot: DatabaseSnapshot | undefined;
  try {
    const configuration = await ctx.repos.configurations.findById(job.configurationId);
    if (!configuration) throw new DomainError('CONFIG_NOT_FOUND', `the configuration of job ${job.jobName} no longer exists`);
    if (configuration.encrypt && !ctx.backups.passphrase) {
      throw new DomainError(
        'BACKUP_PASSPHRASE_REQUIRED',
        `"${configuration.name}" encrypts its packages; set EDMS_BACKUP_PASSPHRASE (or pass --passphrase-file) for the worker`,
      );
    }
    snapshot = await ctx.backups.exporter.openSnapshot();
    const withDatabase = backupTypeIncludesDatabase(job.backupType);
    const withFiles = backupTypeIncludesFiles(job.backupType);
    const versions = withFiles ? await snapshot.documentVersions() : [];
    const instanceId = (await ctx.repos.settings.get(INSTANCE_ID_SETTING)) ?? 'unknown';
    const now = ctx.clock.now();
    const written = await ctx.backups.writer.write({
      destinationDir: ctx.backups.storage.resolveDirectory(configuration.storagePath),
      fileName: packageFileName(configuration.name, job.backupType, now, job.id),
      manifest: {
        format: 'edms-backup',
        formatVersion: 1,
        packageId: job.id,
        createdAt: now.toISOString(),
        backupType: job.backupType,
        source: {
          instanceId,
          hostname: ctx.backups.instance.hostname,
          appVersion: ctx.backups.instance.appVersion,
          databaseProvider: snapshot.provider,
        },
        schemaVersion: snapshot.schemaVersion,
        configuration: { name: configuration.name },
      },
      tables: withDatabase ? snapshot.tables : [],
      files: versions.map((v) => ({
        storageKey: v.storageKey,
        absolutePath: ctx.fileStore.resolve(v.storageKey),
        expectedSha256: v.sha256,
        expectedSize: v.sizeBytes,
      })),
      compressionLevel: configuration.compressionLevel,
      passphrase: configuration.encrypt ? ctx.backups.passphrase : undefined,
      failOnFindings: !job.options.allowFindings,
      signal: abort.signal,
      onProgress: (p: PackageProgress) => {
        progress = { fraction: p.bytesTotal > 0 ? Math.min(0.99, p.bytesDone / p.bytesTotal) : 0, message: p.message };
        options.onProgress?.(progress);
      },
    });
    await snapshot.release();
    snapshot = undefined;
    const current = await ctx.repos.backupJobs.findById(job.id);
    if (!current || current.status !== 'RUNNING' || current.workerId !== options.workerId) {
      // Declared dead while writing: the job already carries that verdict, so the
      // package it no longer owns is removed rather than left uncatalogued.
      lost = true;
      await ctx.backups.storage.remove(written.path).catch(() => undefined);
      throw new DomainError('BACKUP_WORKER_LOST', 'the job was declared dead by another process before it completed');
    }
    return await ctx.uow.transaction(async (repos) => {
      const done = await repos.backupJobs.update(job.id, {
        status: 'COMPLETED',
        progress: 1,
        progressMessage: written.findings.length ? `completed with ${written.findings.length} finding(s)` : 'completed',
        completedAt: ctx.clock.now(),
        backupFilePath: written.path,
        sizeBytes: written.sizeBytes,
        sha256: written.sha256,
        packageId: written.manifest.packageId,
        manifestSummary: summarizeManifest(written.manifest),
        findings: written.findings,
        heartbeatAt: ctx.clock.now(),
      });
      await recordAuditEvent(repos, ctx.clock, {
        actor: WORKER_ACTOR,
        action: 'backup.complete',
        targetType: 'BackupJob',
        targetId: job.id,
        details: {
          configuration: configuration.name,
          backupType: job.backupType,
          path: written.path,
          sizeBytes: written.sizeBytes,
          sha256: written.sha256,
          findings: written.findings.length,
          workerId: options.workerId,
        },
      });
      return done;
    });
  } catch (error) {
    if (snapshot) await snapshot.release().catch(() => undefined);
    const { code, message } = lost
      ? { code: 'BACKUP_WORKER_LOST', message: 'the job was declared dead by another process (stale heartbeat)' }
      : options.signal?.aborted
        ? { code: 'BACKUP_ABORTED', message: 'the worker was stopped while the backup ran' }
        : describeError(error);
    return ctx.uow.transaction(async (repos) => {
      const current = await repos.backupJobs.findById(job.id);
      // A job declared dead elsewhere already carries its reason; do not overwrite it.
      const failed =
        current && current.status === 'RUNNING' && current.workerId === options.workerId
          ? await repos.backupJobs.update(job.id, {
              status: 'FAILED',
              completedAt: ctx.clock.now(),
              error: `${code}: ${message}`,
              progressMessage: 'failed',
              findings: findingsOf(error),
            })
          : (current ?? job);
      await recordAuditEvent(repos, ctx.clock, {
        actor: WORKER_ACTOR,
        action: 'backup.complete',
        targetType: 'BackupJob',
        targetId: job.id,
        outcome: 'FAILURE',
        details: { code, message, workerId: options.workerId, findings: findingsOf(error).length },
      });
      return failed;
    });
  } finally {
    clearInterval(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

export function summarizeManifest(manifest: PackageManifest): Record<string, unknown> {
  return {
    packageId: manifest.packageId,
    createdAt: manifest.createdAt,
    backupType: manifest.backupType,
    schemaVersion: manifest.schemaVersion,
    source: manifest.source,
    configuration: manifest.configuration.name,
    tables: manifest.database
      ? Object.fromEntries(Object.entries(manifest.database.tables).map(([name, t]) => [name, t.rows]))
      : null,
    files: manifest.files ?? null,
  };
}
