import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ErrorNotice } from '@/components/error-notice';
import { StatusBadge } from '@/components/status-badge';
import { formatBytes, formatDateTime } from '@/lib/format';
import { decodeSegment } from '@/lib/navigation';
import { findDocument } from '@/server/documents';
import { load } from '@/server/load';
import { requireUser } from '@/server/session';

type Params = Promise<{ number: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { number } = await params;
  return { title: decodeSegment(number) };
}

export default async function DocumentPage({ params }: { params: Params }) {
  const number = decodeSegment((await params).number);
  await requireUser();
  const result = await load(() => findDocument(number));
  if (result.ok && result.data === null) notFound();
  const documentNumber = result.ok && result.data ? result.data.document.number : number;

  return (
    <>
      <p className="breadcrumb">
        <Link href="/documents">← All documents</Link>
      </p>
      {!result.ok ? (
        <>
          <h1>{number}</h1>
          <ErrorNotice error={result.error} live={false} />
        </>
      ) : result.data ? (
        <>
          <div className="page-header">
            <h1>
              <span className="mono">{result.data.document.number}</span> — {result.data.document.title}
            </h1>
          </div>
          <dl className="details">
            <dt>Status</dt>
            <dd>
              <StatusBadge status={result.data.document.status} />
            </dd>
            <dt>Owner</dt>
            <dd>{result.data.owner ? `${result.data.owner.displayName} (${result.data.owner.username})` : result.data.document.ownerId}</dd>
            <dt>Created</dt>
            <dd>{formatDateTime(result.data.document.createdAt)}</dd>
            <dt>Last updated</dt>
            <dd>{formatDateTime(result.data.document.updatedAt)}</dd>
            <dt>Versions</dt>
            <dd>{result.data.versions.length}</dd>
          </dl>

          <h2 id="versions-heading">Versions</h2>
          <div className="table-wrap" role="region" aria-labelledby="versions-heading" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col" className="numeric">
                    Version
                  </th>
                  <th scope="col">File</th>
                  <th scope="col" className="numeric">
                    Size
                  </th>
                  <th scope="col">SHA-256</th>
                  <th scope="col">Added</th>
                  <th scope="col">Note</th>
                  <th scope="col">File</th>
                </tr>
              </thead>
              <tbody>
                {[...result.data.versions].reverse().map((version) => (
                  <tr key={version.id}>
                    <th scope="row" className="numeric">
                      {version.version}
                    </th>
                    <td>
                      {version.fileName}
                      <span className="cell-sub">{version.mimeType}</span>
                    </td>
                    <td className="numeric nowrap">{formatBytes(version.sizeBytes)}</td>
                    <td>
                      <span className="hash">{version.sha256}</span>
                    </td>
                    <td className="nowrap">{formatDateTime(version.createdAt)}</td>
                    <td>{version.note ?? '—'}</td>
                    <td>
                      <a
                        href={`/api/documents/${encodeURIComponent(documentNumber)}/versions/${version.version}`}
                        download={version.fileName}
                        aria-label={`Download version ${version.version}: ${version.fileName}`}
                      >
                        Download
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}
