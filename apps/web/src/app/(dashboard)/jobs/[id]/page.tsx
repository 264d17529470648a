import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ActionButton } from '@/components/action-button';
import { ErrorNotice } from '@/components/error-notice';
import { LiveJobProgress } from '@/components/live-job-progress';
import { StatusBadge } from '@/components/status-badge';
import { StoredErrorNotice } from '@/components/stored-error-notice';
import { durationBetween, formatBytes, formatDateTime, formatDuration, formatEnum } from '@/lib/format';
import { describeStoredError } from '@/lib/stored-error';
import { can } from '@/server/authorization';
import { configurationsById, findJob } from '@/server/backups';
import { load } from '@/server/load';
import { requireUser } from '@/server/session';
import { deleteJobAction, verifyJobAction } from '../actions';

type Params = Promise<{ id: string }>;

export const metadata: Metadata = { title: 'Backup job' };

export default async function JobPage({ params }: { params: Params }) {
  const { id } = await params;
  const { actor } = await requireUser();
  const result = await load(async () => {
    const [job, byId] = await Promise.all([findJob(id), configurationsById()]);
    return { job, byId };
  });
  if (result.ok && result.data.job === null) notFound();

  if (!result.ok || !result.data.job) {
    return (
      <>
        <h1>Backup job</h1>
        {!result.ok ? <ErrorNotice error={result.error} live={false} /> : null}
      </>
    );
  }
  const { job, byId } = result.data;
  const configuration = byId.get(job.configurationId);
  const active = job.status === 'PENDING' || job.status === 'RUNNING';
  const hasPackage = job.status === 'COMPLETED' && Boolean(job.backupFilePath) && !job.prunedAt;
  const mayRun = can(actor, 'runBackup');
  const manifest = job.manifestSummary as { tables?: Record<string, { rows?: number }>; files?: { count?: number; bytes?: number } } | null;
  const failure = describeStoredError(job.error);
  const verifyFailure = describeStoredError(job.verifyError);

  return (
    <>
      <p className="breadcrumb">
        <Link href="/jobs">← All jobs</Link>
      </p>
      <div className="page-header">
        <h1>
          <span className="mono">{job.jobName}</span>
        </h1>
        <StatusBadge status={job.status} />
      </div>

      {active ? <LiveJobProgress jobId={job.id} jobName={job.jobName} /> : null}
      {job.status === 'COMPLETED' ? (
        <p className="notice notice-success" role="status">
          Backup completed{job.completedAt ? ` at ${formatDateTime(job.completedAt)}` : ''}
          {job.sizeBytes !== null ? `: ${formatBytes(job.sizeBytes)}` : ''}.
        </p>
      ) : null}
      {failure ? <StoredErrorNotice error={failure} title="This backup failed." /> : null}

      <dl className="details">
        <dt>Configuration</dt>
        <dd className="mono">{configuration?.name ?? '—'}</dd>
        <dt>Type</dt>
        <dd>{formatEnum(job.backupType)}</dd>
        <dt>Origin</dt>
        <dd>{formatEnum(job.origin)}</dd>
        <dt>Created</dt>
        <dd>{formatDateTime(job.createdAt)}</dd>
        {job.scheduledFor ? (
          <>
            <dt>Scheduled for</dt>
            <dd>{formatDateTime(job.scheduledFor)}</dd>
          </>
        ) : null}
        <dt>Started</dt>
        <dd>{formatDateTime(job.startedAt)}</dd>
        <dt>Finished</dt>
        <dd>{formatDateTime(job.completedAt)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(durationBetween(job.startedAt, job.completedAt))}</dd>
        <dt>Size</dt>
        <dd>{job.sizeBytes !== null ? formatBytes(job.sizeBytes) : '—'}</dd>
        <dt>Package</dt>
        <dd className="hash">{job.prunedAt ? `removed by retention on ${formatDateTime(job.prunedAt)}` : (job.backupFilePath ?? '—')}</dd>
        <dt>SHA-256</dt>
        <dd className="hash">{job.sha256 ?? '—'}</dd>
        <dt>Package id</dt>
        <dd className="hash">{job.packageId ?? '—'}</dd>
        {manifest?.tables ? (
          <>
            <dt>Database rows</dt>
            <dd>
              {Object.entries(manifest.tables)
                .map(([table, t]) => `${table} ${t.rows ?? 0}`)
                .join(' · ')}
            </dd>
          </>
        ) : null}
        {manifest?.files ? (
          <>
            <dt>Files</dt>
            <dd>
              {manifest.files.count ?? 0} files, {formatBytes(manifest.files.bytes ?? 0)}
            </dd>
          </>
        ) : null}
        <dt>Last verified</dt>
        <dd>
          {job.verifiedAt ? (
            <>
              {formatDateTime(job.verifiedAt)} —{' '}
              {job.verifyOk ? <StatusBadge status="SUCCESS" /> : <StatusBadge status="FAILURE" />}
            </>
          ) : (
            'Never'
          )}
        </dd>
      </dl>
      {verifyFailure ? <StoredErrorNotice error={verifyFailure} title="The last verification found a problem." /> : null}

      {job.findings.length > 0 ? (
        <section aria-labelledby="findings-heading">
          <h2 id="findings-heading">Findings in live storage</h2>
          <p>These document files differed from their records while the backup read them.</p>
          <ul>
            {job.findings.map((f) => (
              <li key={`${f.code}-${f.storageKey}`}>
                <span className="mono">{f.storageKey}</span>: {formatEnum(f.code)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {mayRun && !active ? (
        <section aria-labelledby="actions-heading" className="section">
          <h2 id="actions-heading">Actions</h2>
          <div className="row-actions">
            {hasPackage ? (
              <>
                <a href={`/api/jobs/${job.id}/download`} className="button" download>
                  Download package
                </a>
                <ActionButton
                  action={verifyJobAction}
                  fields={{ jobId: job.id }}
                  label="Verify package"
                  pendingLabel="Starting…"
                  taskLabel="Verifying the package"
                />
              </>
            ) : null}
            <ActionButton
              action={deleteJobAction}
              fields={{ jobId: job.id }}
              label="Delete…"
              pendingLabel="Deleting…"
              variant="danger"
              confirm={{
                question: hasPackage
                  ? `Delete ${job.jobName}? Its package file (${formatBytes(job.sizeBytes ?? 0)}) is removed from disk and cannot be restored from afterwards.`
                  : `Delete the catalog entry ${job.jobName}?`,
                confirmLabel: 'Yes, delete',
                cancelLabel: 'Keep it',
              }}
            />
          </div>
        </section>
      ) : null}
    </>
  );
}
