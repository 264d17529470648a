import { basename } from 'node:path';
import { DomainError, getBackup, type Actor } from '@edms/domain';
import type { ApiDependencies } from '../dependencies';
import type { Download } from '../http/download';

/**
 * The package file of a completed backup, for streaming to the client, from
 * a local directory or S3-compatible object storage alike.
 */
export async function openBackupPackage(deps: ApiDependencies, actor: Actor, id: string): Promise<Download> {
  const { ctx } = deps.services;
  const job = await getBackup(ctx, actor, id);
  if (job.status !== 'COMPLETED' || !job.backupFilePath || job.prunedAt) {
    throw new DomainError('BACKUP_FILE_MISSING', `backup ${job.jobName} has no package file to download (status ${job.status}${job.prunedAt ? ', pruned' : ''})`, {
      details: { jobId: job.id, status: job.status },
    });
  }
  const stat = await ctx.backups.storage.stat(job.backupFilePath);
  if (!stat) {
    throw new DomainError('BACKUP_FILE_MISSING', `the package file of backup ${job.jobName} is gone; run \`edms backup sync\``, { details: { jobId: job.id } });
  }
  const fileName = basename(job.backupFilePath);
  return {
    content: ctx.backups.storage.read(job.backupFilePath),
    sizeBytes: stat.sizeBytes,
    fileName,
    contentType: fileName.endsWith('.enc') ? 'application/octet-stream' : 'application/gzip',
    sha256: job.sha256,
  };
}
