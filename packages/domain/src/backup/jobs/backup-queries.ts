import type { BackupJob } from '../../model/entities';
import type { BackupJobListQuery, Page } from '../../ports/repositories.port';
import { recordAuditEvent } from '../../audit/record-audit-event';
import { findConfigurationOrThrow } from '../../configurations/manage-configurations';
import { assertCan, type Actor } from '../../shared/actor';
import { DomainError } from '../../shared/domain-error';
import { clampPage } from '../../shared/paging';
import type { ServiceContext } from '../../shared/service-context';

export interface ListBackupsOptions extends Omit<BackupJobListQuery, 'configurationId'> {
  /** Configuration name or id. */
  configuration?: string;
}

export async function listBackups(ctx: ServiceContext, actor: Actor, options: ListBackupsOptions = {}): Promise<Page<BackupJob>> {
  assertCan(actor, 'read');
  const { configuration, ...rest } = options;
  const configurationId = configuration ? (await findConfigurationOrThrow(ctx, configuration)).id : undefined;
  return ctx.repos.backupJobs.list({ ...rest, configurationId, ...clampPage(options) });
}

export async function findBackupOrThrow(ctx: Pick<ServiceContext, 'repos'>, id: string): Promise<BackupJob> {
  const job = (await ctx.repos.backupJobs.findById(id)) ?? (await ctx.repos.backupJobs.findByPackageId(id));
  if (!job) throw new DomainError('BACKUP_NOT_FOUND', `no backup job "${id}"; see \`edms backup list\``, { details: { id } });
  return job;
}

export async function getBackup(ctx: ServiceContext, actor: Actor, id: string): Promise<BackupJob> {
  assertCan(actor, 'read');
  return findBackupOrThrow(ctx, id);
}

/**
 * Deletes a backup: its package file and its catalog entry. Pending or
 * running jobs are refused. A job that a restore refers to keeps its catalog
 * row (marked pruned) so the restore's history stays whole.
 */
export async function deleteBackup(ctx: ServiceContext, actor: Actor, id: string): Promise<{ job: BackupJob; fileRemoved: boolean; rowKept: boolean }> {
  assertCan(actor, 'runBackup');
  const job = await findBackupOrThrow(ctx, id);
  if (job.status === 'PENDING' || job.status === 'RUNNING') {
    throw new DomainError('BACKUP_ACTIVE', `backup ${job.jobName} is ${job.status.toLowerCase()}; wait for it to finish`, {
      details: { status: job.status },
    });
  }
  let fileRemoved = false;
  if (job.backupFilePath && !job.prunedAt && (await ctx.backups.storage.stat(job.backupFilePath))) {
    await ctx.backups.storage.remove(job.backupFilePath);
    fileRemoved = true;
  }
  const rowKept = await ctx.uow.transaction(async (repos) => {
    let kept = false;
    try {
      await repos.backupJobs.delete(job.id);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'BACKUP_REFERENCED')) throw error;
      await repos.backupJobs.update(job.id, { prunedAt: ctx.clock.now() });
      kept = true;
    }
    await recordAuditEvent(repos, ctx.clock, {
      actor,
      action: 'backup.delete',
      targetType: 'BackupJob',
      targetId: job.id,
      details: { jobName: job.jobName, path: job.backupFilePath, fileRemoved, rowKept: kept },
    });
    return kept;
  });
  return { job, fileRemoved, rowKept };
}
