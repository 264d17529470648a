import type { Metadata } from 'next';
import Link from 'next/link';
import { ErrorNotice } from '@/components/error-notice';
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

      <form method="get" action="/audit" className="search-form search-form-audit" role="search" aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor="action">Action starts with</label>
          <input id="action" name="action" type="search" defaultValue={search.action} placeholder="e.g. restore" maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="actor">Actor</label>
          <input id="actor" name="actor" type="search" defaultValue={search.actor} placeholder="e.g. admin" maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="targetType">Target type</label>
          <input id="targetType" name="targetType" type="search" defaultValue={search.targetType} placeholder="e.g. BackupJob" maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="outcome">Outcome</label>
          <select id="outcome" name="outcome" defaultValue={search.outcome ?? ''}>
            <option value="">Any outcome</option>
            <option value="SUCCESS">Success</option>
            <option value="FAILURE">Failure</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="since">From (UTC)</label>
          <input id="since" name="since" type="date" defaultValue={search.since} />
        </div>
        <div className="field">
          <label htmlFor="until">To (UTC)</label>
          <input id="until" name="until" type="date" defaultValue={search.until} />
        </div>
        <div className="field">
          <label htmlFor="size">Rows per page</label>
          <select id="size" name="size" defaultValue={String(search.pageSize)}>
            {AUDIT_PAGE_SIZES.map((size) => (
              <option key={size} value={String(size)}>
                {size}
              </option>
            ))}
          </select>
        </div>
        <div className="button-row">
          <button type="submit" className="button">
            Filter
          </button>
          {filtered ? (
            <Link href="/audit" className="button button-secondary">
              Clear
            </Link>
          ) : null}
        </div>
      </form>

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
