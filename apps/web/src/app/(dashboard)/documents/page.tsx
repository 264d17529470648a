import type { Metadata } from 'next';
import Link from 'next/link';
import { ErrorNotice } from '@/components/error-notice';
import { enumOptions, FilterInput, FilterSelect, ListFilters } from '@/components/list-filters';
import { Pagination } from '@/components/pagination';
import { StatusBadge } from '@/components/status-badge';
import { documentSearchHref, parseDocumentSearch } from '@/lib/document-search';
import { formatDateTime } from '@/lib/format';
import { documentStatuses, searchDocuments } from '@/server/documents';
import { load } from '@/server/load';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Documents' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function DocumentsPage({ searchParams }: { searchParams: SearchParams }) {
  const statuses = documentStatuses();
  const search = parseDocumentSearch(await searchParams, statuses);
  await requireUser();
  const result = await load(() => searchDocuments(search));
  const filtered = Boolean(search.q || search.status);

  return (
    <>
      <div className="page-header">
        <h1>Documents</h1>
      </div>

      <ListFilters action="/documents" label="Documents" submitLabel="Search" filtered={filtered} groupButtons={false}>
        <FilterInput name="q" label="Number or title contains" defaultValue={search.q} maxLength={200} />
        <FilterSelect name="status" label="Status" defaultValue={search.status ?? ''} anyLabel="Any status" options={enumOptions(statuses)} />
      </ListFilters>

      {!result.ok ? (
        <ErrorNotice error={result.error} live={false} />
      ) : result.data.total === 0 ? (
        <p role="status">{filtered ? 'No documents match this search.' : 'There are no documents yet.'}</p>
      ) : (
        <>
          <p className="result-count" role="status">
            {result.data.items.length === 0
              ? `No documents on page ${result.data.page}; there are ${result.data.total} in all.`
              : `Showing ${(result.data.page - 1) * result.data.pageSize + 1}–${
                  (result.data.page - 1) * result.data.pageSize + result.data.items.length
                } of ${result.data.total} documents`}
          </p>
          <div className="table-wrap" role="region" aria-label="Documents" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">Title</th>
                  <th scope="col">Status</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {result.data.items.map((doc) => (
                  <tr key={doc.id}>
                    <th scope="row" className="nowrap">
                      <Link href={`/documents/${encodeURIComponent(doc.number)}`}>{doc.number}</Link>
                    </th>
                    <td>{doc.title}</td>
                    <td>
                      <StatusBadge status={doc.status} />
                    </td>
                    <td className="nowrap">{formatDateTime(doc.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            page={result.data.page}
            pageCount={result.data.pageCount}
            hrefFor={(page) => documentSearchHref({ ...search, page })}
            label="Document pages"
          />
        </>
      )}
    </>
  );
}
