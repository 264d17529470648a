import type { Metadata } from 'next';
import Link from 'next/link';
import { ErrorNotice } from '@/components/error-notice';
import { ForbiddenNotice } from '@/components/forbidden-notice';
import { Pagination } from '@/components/pagination';
import { StatusBadge } from '@/components/status-badge';
import { formatBytes, formatDateTime, formatEnum } from '@/lib/format';
import { firstParam, hrefWith, parsePage, type RawParams } from '@/lib/search-params';
import { can } from '@/server/authorization';
import { configurationsById, restorableJobs } from '@/server/backups';
import { load } from '@/server/load';
import { awaitingRestores, searchRestores } from '@/server/restores';
import { requireUser } from '@/server/session';
import { maxUploadBytes } from '@/server/uploads';
import { RestoreWizard, type CatalogChoice } from './restore-wizard';
import { WizardSteps } from './wizard-steps';

export const metadata: Metadata = { title: 'Restore' };

export default async function RestorePage({ searchParams }: { searchParams: Promise<RawParams> }) {
  const params = await searchParams;
  const page = parsePage(params.page);
  const initialJobId = firstParam(params.job);
  const { actor } = await requireUser();
  // A VIEWER (or OPERATOR) never gets the wizard; every action behind it refuses them too.
  if (!can(actor, 'restore')) return <ForbiddenNotice title="Restore" />;
  const result = await load(async () => {
    const [jobs, byId, restores, awaiting] = await Promise.all([restorableJobs(), configurationsById(), searchRestores(page), awaitingRestores()]);
    const choices: CatalogChoice[] = jobs.map((job) => ({
      id: job.id,
      jobName: job.jobName,
      configuration: byId.get(job.configurationId)?.name ?? '',
      backupType: job.backupType,
      origin: job.origin,
      completedAt: job.completedAt ? job.completedAt.toISOString() : null,
      sizeBytes: job.sizeBytes,
    }));
    return { choices, restores, awaiting, limit: await maxUploadBytes() };
  });

  return (
    <>
      <div className="page-header">
        <h1>Restore</h1>
      </div>
      <WizardSteps current={0} />
      {!result.ok ? (
        <ErrorNotice error={result.error} live={false} />
      ) : (
        <>
          {result.data.awaiting.length > 0 ? (
            <section aria-labelledby="awaiting-heading" className="notice notice-warn">
              <h2 id="awaiting-heading" className="notice-title">
                {result.data.awaiting.length === 1 ? 'A prepared restore is waiting for a decision' : `${result.data.awaiting.length} prepared restores are waiting for a decision`}
              </h2>
              <p>
                Nothing live has been changed by {result.data.awaiting.length === 1 ? 'it' : 'them'}, but each keeps its staged
                copy of the package on disk until it is confirmed or cancelled. Open it to restore it or to cancel it.
              </p>
              <ul>
                {result.data.awaiting.map(({ restore, source, stagedBytes }) => (
                  <li key={restore.id}>
                    <Link href={`/restore/${restore.id}`}>
                      {source ? source.jobName : 'Restore'} — {formatEnum(restore.restoreType)}, prepared {formatDateTime(restore.startedAt ?? restore.createdAt)}
                    </Link>
                    {stagedBytes !== null ? ` · ${formatBytes(stagedBytes)} staged` : ' · staged copy missing'}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          <RestoreWizard jobs={result.data.choices} maxUploadBytes={result.data.limit} initialJobId={initialJobId} />

          <section aria-labelledby="history-heading" className="section">
            <h2 id="history-heading">Restore history</h2>
            {result.data.restores.total === 0 ? (
              <p>No restore has been started yet.</p>
            ) : (
              <>
                <div className="table-wrap" role="region" aria-labelledby="history-heading" tabIndex={0}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Started</th>
                        <th scope="col">Type</th>
                        <th scope="col">Status</th>
                        <th scope="col">Kind</th>
                      </tr>
                    </thead>
                    <tbody>
                      {result.data.restores.items.map((r) => (
                        <tr key={r.id}>
                          <th scope="row">
                            <Link href={`/restore/${r.id}`}>{formatDateTime(r.startedAt ?? r.createdAt)}</Link>
                          </th>
                          <td>{formatEnum(r.restoreType)}</td>
                          <td>
                            <StatusBadge status={r.status} />
                          </td>
                          <td>{r.dryRun ? 'Dry run' : 'Restore'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <Pagination
                  page={result.data.restores.page}
                  pageCount={result.data.restores.pageCount}
                  hrefFor={(p) => hrefWith('/restore', { page: p > 1 ? p : undefined })}
                  label="Restore history pages"
                />
              </>
            )}
          </section>
        </>
      )}
    </>
  );
}
