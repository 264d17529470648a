import type { Metadata } from 'next';
import { ErrorNotice } from '@/components/error-notice';
import { FilterInput, FilterSelect, ListFilters } from '@/components/list-filters';
import { Pagination } from '@/components/pagination';
import { StatusBadge } from '@/components/status-badge';
import { AUDIT_PAGE_SIZES, auditSearchHref, hasAuditFilter, parseAuditSearch } from '@/lib/audit-search';
import { formatDateTime } from '@/lib/format';
import type { RawParams } from '@/lib/search-params';
import { searchAudit } from '@/server/audit';
import { edmsDomain } from '@/server/edms';
import { load } from '@/server/load';
import { requireUser } from '@/server/session';
import { VerifyChain } from './verify-chain';

export const metadata: Metadata = { title: 'Audit log' };

const OUTCOME_OPTIONS = [
  { value: 'SUCCESS', label: 'Success' },
  { value: 'FAILURE', label: 'Failure' },
];
const PAGE_SIZE_OPTIONS = AUDIT_PAGE_SIZES.map((size) => ({ value: String(size), label: String(size) }));

export default async function AuditPage({ searchParams }: { searchParams: Promise<RawParams> }) {
  const search = parseAuditSearch(await searchParams, edmsDomain().AUDIT_OUTCOMES);
  await requireUser();
  const result = await load(() => searchAudit(search));
  const filtered = hasAuditFilter(search);

  return (
    <>
      <div className="page-header">
        <h1>Audit log</h1>
        <div className="row-actions">
          <a href="/api/audit/export" className="button button-secondary" download>
            Export (NDJSON)
          </a>
          <VerifyChain />
        </div>
      </div>

      <ListFilters action="/audit" label="Filter the audit log" layout="search-form-audit" filtered={filtered}>
        <FilterInput name="action" label="Action starts with" defaultValue={search.action} placeholder="e.g. restore" maxLength={100} />
        <FilterInput name="actor" label="Actor" defaultValue={search.actor} placeholder="e.g. admin" maxLength={100} />
        <FilterInput name="targetType" label="Target type" defaultValue={search.targetType} placeholder="e.g. BackupJob" maxLength={100} />
        <FilterSelect name="outcome" label="Outcome" defaultValue={search.outcome ?? ''} anyLabel="Any outcome" options={OUTCOME_OPTIONS} />
        <FilterInput name="since" label="From (UTC)" type="date" defaultValue={search.since} />
        <FilterInput name="until" label="To (UTC)" type="date" defaultValue={search.until} />
        <FilterSelect name="size" label="Rows per page" defaultValue={String(search.pageSize)} options={PAGE_SIZE_OPTIONS} />
      </ListFilters>

      {!result.ok ? (
        <ErrorNotice error={result.error} live={false} />
      ) : result.data.total === 0 ? (
        <p role="status">{filtered ? 'No events match these filters.' : 'The audit log is empty.'}</p>
      ) : (
        <>
          <p className="result-count" role="status">
            {result.data.total} events{filtered ? ' match' : ''}; newest first.
          </p>
          <div className="table-wrap" role="region" aria-label="Audit events" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col" className="numeric">
                    #
                  </th>
                  <th scope="col">When</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {result.data.items.map((event) => (
                  <tr key={event.sequence}>
                    <th scope="row" className="numeric">
                      {event.sequence}
                    </th>
                    <td className="nowrap">{formatDateTime(event.at)}</td>
                    <td className="mono">{event.actor}</td>
                    <td className="mono">{event.action}</td>
                    <td>
                      {event.targetType}
                      {event.targetId ? <span className="cell-sub hash">{event.targetId}</span> : null}
                    </td>
                    <td>
                      <StatusBadge status={event.outcome} />
                    </td>
                    <td>
                      {Object.keys(event.details).length > 0 ? (
                        <details>
                          <summary>Show</summary>
                          <pre className="details-json">{JSON.stringify(event.details, null, 2)}</pre>
                        </details>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            page={result.data.page}
            pageCount={result.data.pageCount}
            hrefFor={(page) => auditSearchHref({ ...search, page })}
            label="Audit log pages"
          />
        </>
      )}
    </>
  );
}
