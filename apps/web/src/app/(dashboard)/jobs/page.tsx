import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionButton } from '@/components/action-button';
import { ErrorNotice } from '@/components/error-notice';
import { enumOptions, FilterSelect, ListFilters } from '@/components/list-filters';
import { LiveJobProgress } from '@/components/live-job-progress';
import { Pagination } from '@/components/pagination';
import { StatusBadge } from '@/components/status-badge';
import { durationBetween, formatBytes, formatDateTime, formatDuration, formatEnum } from '@/lib/format';
import { jobSearchHref, parseJobSearch } from '@/lib/job-search';
import { firstParam, type RawParams } from '@/lib/search-params';
import { describeStoredError } from '@/lib/stored-error';
import { can } from '@/server/authorization';
import { configurationsById, searchJobs } from '@/server/backups';
import { getConfigurations } from '@/server/configurations';
import { edmsDomain } from '@/server/edms';
import { load } from '@/server/load';
import { requireUser } from '@/server/session';
import { syncCatalogAction } from './actions';

export const metadata: Metadata = { title: 'Jobs' };

export default async function JobsPage({ searchParams }: { searchParams: Promise<RawParams> }) {
  const params = await searchParams;
  const { BACKUP_JOB_STATUSES, BACKUP_ORIGINS } = edmsDomain();
  const search = parseJobSearch(params, BACKUP_JOB_STATUSES, BACKUP_ORIGINS);
  const { actor } = await requireUser();
  const result = await load(async () => {
    const [page, byId, configurations] = await Promise.all([searchJobs(search), configurationsById(), getConfigurations()]);
    return { page, byId, configurations };
  });
  const deleted = firstParam(params.deleted);
  const filtered = Boolean(search.configuration || search.status || search.origin);
  const configurationOptions = result.ok ? result.data.configurations.map((c) => ({ value: c.name, label: c.name })) : [];

  return (
    <>
      <div className="page-header">
        <h1>Backup jobs</h1>
        <div className="row-actions">
          {can(actor, 'runBackup') ? (
            <>
              <Link href="/configurations" className="button button-secondary">
                Run a backup…
              </Link>
              <ActionButton action={syncCatalogAction} fields={{}} label="Sync catalog" pendingLabel="Scanning…" />
            </>
          ) : null}
          <Link href="/jobs/retention" className="button button-secondary">
            Retention…
          </Link>
        </div>
      </div>
      {deleted ? (
        <p className="notice notice-success" role="status">
          Deleted <span className="mono">{deleted}</span>.
        </p>
      ) : null}

      <ListFilters action="/jobs" label="Filter jobs" layout="search-form-4" filtered={filtered}>
        <FilterSelect name="configuration" label="Configuration" defaultValue={search.configuration} anyLabel="All configurations" options={configurationOptions} />
        <FilterSelect name="status" label="Status" defaultValue={search.status ?? ''} anyLabel="Any status" options={enumOptions(BACKUP_JOB_STATUSES)} />
        <FilterSelect name="origin" label="Origin" defaultValue={search.origin ?? ''} anyLabel="Any origin" options={enumOptions(BACKUP_ORIGINS)} />
      </ListFilters>

      {!result.ok ? (
        <ErrorNotice error={result.error} live={false} />
      ) : result.data.page.total === 0 ? (
        <p role="status">{filtered ? 'No jobs match these filters.' : 'No backups have run yet.'}</p>
      ) : (
        <>
          <p className="result-count" role="status">
            {result.data.page.total} jobs{filtered ? ' match' : ''}; newest first.
          </p>
          <div className="table-wrap" role="region" aria-label="Backup jobs" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">Configuration</th>
                  <th scope="col">Type</th>
                  <th scope="col">Status</th>
                  <th scope="col">Started</th>
                  <th scope="col" className="numeric">
                    Duration
                  </th>
                  <th scope="col" className="numeric">
                    Size
                  </th>
                </tr>
              </thead>
              <tbody>
                {result.data.page.items.map((job) => {
                  const active = job.status === 'PENDING' || job.status === 'RUNNING';
                  const config = result.data.byId.get(job.configurationId);
                  return (
                    <tr key={job.id}>
                      <th scope="row">
                        <Link href={`/jobs/${job.id}`} className="mono">
                          {job.jobName}
                        </Link>
                        <span className="cell-sub">{formatEnum(job.origin)}</span>
                      </th>
                      <td className="mono">{config?.name ?? '—'}</td>
                      <td>{formatEnum(job.backupType)}</td>
                      <td>
                        <StatusBadge status={job.status} />
                        {active ? <LiveJobProgress jobId={job.id} jobName={job.jobName} compact /> : null}
                        {job.status === 'FAILED' ? <span className="cell-sub">{describeStoredError(job.error)?.message}</span> : null}
                        {job.verifyOk === false ? <span className="cell-sub">Verification failed</span> : null}
                      </td>
                      <td className="nowrap">{formatDateTime(job.startedAt ?? job.createdAt)}</td>
                      <td className="numeric nowrap">{formatDuration(durationBetween(job.startedAt, job.completedAt))}</td>
                      <td className="numeric nowrap">{job.sizeBytes !== null ? formatBytes(job.sizeBytes) : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pagination
            page={result.data.page.page}
            pageCount={result.data.page.pageCount}
            hrefFor={(page) => jobSearchHref({ ...search, page })}
            label="Job pages"
          />
        </>
      )}
    </>
  );
}
