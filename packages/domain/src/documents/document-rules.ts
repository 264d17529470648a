import { DOCUMENT_STATUSES, type DocumentStatus } from '../model/entities';
import { DomainError } from '../shared/domain-error';

const NUMBER = /^[A-Z][A-Z0-9]{1,9}-\d{4,8}$/;

export function validateDocumentNumber(number: string): void {
  if (!NUMBER.test(number)) {
    throw new DomainError('DOCUMENT_INVALID', `document number "${number}" must look like SOP-0001 (prefix, dash, 4–8 digits)`, {
      details: { field: 'number' },
    });
  }
}

export function validateTitle(title: string): void {
  if (!title.trim() || title.length > 300) {
    throw new DomainError('DOCUMENT_INVALID', 'a document title needs 1–300 characters', { details: { field: 'title' } });
  }
}

export function parseDocumentStatus(value: string): DocumentStatus {
  const upper = value.toUpperCase().replace('-', '_');
  if (!(DOCUMENT_STATUSES as readonly string[]).includes(upper)) {
    throw new DomainError('DOCUMENT_INVALID', `status "${value}" is not one of ${DOCUMENT_STATUSES.join(', ')}`, {
      details: { field: 'status' },
    });
  }
  return upper as DocumentStatus;
}

/** The number after `last` with the same prefix: SOP-0041 → SOP-0042; none yet → SOP-0001. */
export function nextDocumentNumber(prefix: string, last: string | null): string {
  const current = last ? Number(last.slice(prefix.length + 1)) : 0;
  return `${prefix}-${String(current + 1).padStart(4, '0')}`;
}

/**
 * A file name safe to use inside a storage key: no directories, no control
 * characters, limited length. The original name stays in DocumentVersion.fileName.
 */
export function safeFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^\.+/, '')
    .slice(-120);
  return cleaned || 'file';
}

export function storageKeyFor(documentId: string, version: number, fileName: string): string {
  return `documents/${documentId}/v${version}-${safeFileName(fileName)}`;
}

const MIME_BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  xml: 'application/xml',
  html: 'text/html',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
  bin: 'application/octet-stream',
};

export function guessMimeType(fileName: string): string {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  return MIME_BY_EXTENSION[ext] ?? 'application/octet-stream';
}
