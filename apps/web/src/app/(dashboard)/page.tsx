import type { Metadata } from 'next';
import Link from 'next/link';
import { BackupChart } from '@/components/backup-chart';
import { ErrorNotice } from '@/components/error-notice';
import { LiveJobProgress } from '@/components/live-job-progress';
import { StatusBadge } from '@/components/status-badge';
import { formatBytes, formatDateTime, formatEnum, formatSchedule } from '@/lib/format';
import { describeStoredError } from '@/lib/stored-error';
import { load } from '@/server/load';
import { loadOverview } from '@/server/overview';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Overview' };

export default async function OverviewPage() {
  const { user } = await requireUser();
  const result = await load(loadOverview);

  return (
    <>
      <div className="page-header">
        <h1>Overview</h1>
        <p className="muted">Welcome, {user.displayName || user.username}. Times are UTC.</p>
      </div>
      {!result.ok ? (
        <ErrorNotice error={result.error} live={false} />
      ) : (
        <>
          <ul className="card-grid stats" aria-label="Summary">
            <li className="card">
              <h2>Failures, last 7 days</h2>
              <p className="stat">{result.data.summary.recentFailures.length}</p>
              <Link href="/jobs?status=FAILED">Failed jobs</Link>
            </li>
            <li className="card">
              <h2>Storage used by backups</h2>
              <p className="stat">{formatBytes(result.data.summary.storage.bytes)}</p>
              <p className="muted">
                {result.data.summary.storage.packages} packages
                {result.data.disk ? ` · ${formatBytes(result.data.disk.freeBytes)} free on the data disk` : ''}
              </p>
            </li>
            <li className="card">
              <h2>Running now</h2>
              <p className="stat">{result.data.summary.active.length}</p>
              <Link href="/jobs?status=RUNNING">Running jobs</Link>
            </li>
            <li className="card">
              <h2>Documents protected</h2>
              <p className="stat">{result.data.documents}</p>
              <Link href="/documents">Browse documents</Link>
            </li>
          </ul>

          {result.data.summary.active.length > 0 ? (
            <section aria-labelledby="active-heading" className="section">
              <h2 id="active-heading">In progress</h2>
              {result.data.summary.active.map((job) => (
                <div key={job.id} className="card card-tight">
                  <p>
                    <Link href={`/jobs/${job.id}`} className="mono">
                      {job.jobName}
                    </Link>
                  </p>
                  <LiveJobProgress jobId={job.id} jobName={job.jobName} compact />
                </div>
              ))}
            </section>
          ) : null}

          <section aria-labelledby="chart-heading" className="section">
            <h2 id="chart-heading">Backup sizes and durations</h2>
            <BackupChart points={result.data.summary.chart} />
          </section>

          <div className="two-columns">
            <section aria-labelledby="last-heading" className="section">
              <h2 id="last-heading">Last backup per configuration</h2>
              <div className="table-wrap" role="region" aria-labelledby="last-heading" tabIndex={0}>
                <table className="table-narrow">
                  <thead>
                    <tr>
                      <th scope="col">Configuration</th>
                      <th scope="col">Last run</th>
                      <th scope="col">Status</th>
                      <th scope="col" className="numeric">
                        Size
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.data.summary.lastByConfiguration.map(({ configuration, last }) => (
                      <tr key={configuration.id}>
                        <th scope="row">
                          <Link href={`/jobs?configuration=${encodeURIComponent(configuration.name)}`} className="mono">
                            {configuration.name}
                          </Link>
                          {!configuration.isEnabled ? <span className="cell-sub">disabled</span> : null}
                        </th>
                        <td className="nowrap">{last ? <Link href={`/jobs/${last.id}`}>{formatDateTime(last.completedAt ?? last.createdAt)}</Link> : 'Never'}</td>
                        <td>{last ? <StatusBadge status={last.status} /> : '—'}</td>
                        <td className="numeric nowrap">{last?.sizeBytes != null ? formatBytes(last.sizeBytes) : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>

            <section aria-labelledby="next-heading" className="section">
              <h2 id="next-heading">Next scheduled runs</h2>
              {result.data.nextRuns.length === 0 ? (
                <p>No enabled configuration runs on a schedule.</p>
              ) : (
                <ol className="plain-list">
                  {result.data.nextRuns.map((run) => (
                    <li key={run.configurationId}>
                      <strong>{formatDateTime(run.scheduledFor)}</strong> — <span className="mono">{run.config.name}</span>
                      <span className="cell-sub">
                        {formatEnum(run.config.backupType)} · {formatSchedule(run.config)}
                      </span>
                    </li>
                  ))}
                </ol>
              )}

              <h2 id="failures-heading">Failures in the last 7 days</h2>
              {result.data.summary.recentFailures.length === 0 ? (
                <p>No backup failed in the last 7 days.</p>
              ) : (
                <ul className="plain-list">
                  {result.data.summary.recentFailures.slice(0, 8).map((job) => (
                    <li key={job.id}>
                      <Link href={`/jobs/${job.id}`} className="mono">
                        {job.jobName}
                      </Link>{' '}
                      <span className="muted">{formatDateTime(job.completedAt ?? job.createdAt)}</span>
                      <span className="cell-sub">{describeStoredError(job.error)?.message ?? 'Failed.'}</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
        </>
      )}
    </>
  );
}
