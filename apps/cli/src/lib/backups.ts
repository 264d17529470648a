import type { BackupJob } from '@edms/domain';
import { formatBytes, formatDate, renderFields, renderTable } from './table';

export function describeJob(job: BackupJob): string {
  return renderFields([
    ['Job', `${job.jobName} (${job.id})`],
    ['Status', job.status],
    ['Type', job.backupType],
    ['Origin', job.origin],
    ['Package', job.backupFilePath],
    ['Size', job.sizeBytes === null ? null : formatBytes(job.sizeBytes)],
    ['SHA-256', job.sha256],
    ['Started', formatDate(job.startedAt)],
    ['Completed', formatDate(job.completedAt)],
    ['Progress', `${Math.round(job.progress * 100)}% ${job.progressMessage ?? ''}`],
    ['Findings', job.findings.length ? job.findings.map((f) => `${f.code} ${f.storageKey}`).join('; ') : null],
    ['Verified', job.verifiedAt ? `${formatDate(job.verifiedAt)} ${job.verifyOk ? 'ok' : `FAILED ${job.verifyError ?? ''}`}` : null],
    ['Pruned', formatDate(job.prunedAt)],
    ['Error', job.error],
  ]);
}

export function renderJobs(jobs: readonly BackupJob[]): string {
  return renderTable(jobs, [
    { header: 'ID', value: (j) => j.id },
    { header: 'NAME', value: (j) => j.jobName },
    { header: 'TYPE', value: (j) => j.backupType },
    { header: 'ORIGIN', value: (j) => j.origin },
    { header: 'STATUS', value: (j) => j.status },
    { header: 'SIZE', value: (j) => (j.sizeBytes === null ? null : formatBytes(j.sizeBytes)), alignRight: true },
    { header: 'CREATED', value: (j) => formatDate(j.createdAt) },
  ]);
}
