import type { Document, DocumentDetails, DocumentVersion, DocumentWithVersion } from '@edms/domain';
import { formatBytes, formatDate, renderFields, renderTable } from './table';

export function renderDocumentTable(documents: readonly Document[]): string {
  return renderTable(documents, [
    { header: 'NUMBER', value: (d) => d.number },
    { header: 'STATUS', value: (d) => d.status },
    { header: 'UPDATED', value: (d) => formatDate(d.updatedAt) },
    { header: 'TITLE', value: (d) => d.title },
  ]);
}

function renderVersionTable(versions: readonly DocumentVersion[]): string {
  return renderTable(versions, [
    { header: 'VERSION', value: (v) => v.version, alignRight: true },
    { header: 'FILE', value: (v) => v.fileName },
    { header: 'SIZE', value: (v) => formatBytes(v.sizeBytes), alignRight: true },
    { header: 'CREATED', value: (v) => formatDate(v.createdAt) },
    { header: 'SHA256', value: (v) => v.sha256 },
    { header: 'NOTE', value: (v) => v.note },
  ]);
}

function documentFields(d: Document, owner?: DocumentDetails['owner']): Array<[string, string]> {
  return [
    ['Number', d.number],
    ['Title', d.title],
    ['Status', d.status],
    ['Id', d.id],
    ['Owner', owner ? `${owner.username} (${owner.displayName})` : d.ownerId],
    ['Created', formatDate(d.createdAt)],
    ['Updated', formatDate(d.updatedAt)],
  ];
}

export function renderDocumentDetails({ document, owner, versions }: DocumentDetails): string {
  return `${renderFields(documentFields(document, owner))}\n\nVersions:\n${renderVersionTable(versions)}`;
}

export function renderDocumentVersion({ document, version }: DocumentWithVersion): string {
  return renderFields([
    ...documentFields(document),
    ['Version', String(version.version)],
    ['File', version.fileName],
    ['Size', formatBytes(version.sizeBytes)],
    ['MIME type', version.mimeType],
    ['SHA256', version.sha256],
  ]);
}
