import 'server-only';
import type { Document, DocumentDetails, Page } from '@edms/domain';
import { errorCodeOf } from '@/lib/error-messages';
import type { DocumentSearch } from '@/lib/document-search';
import { edmsDomain } from './edms';
import { requireUser } from './session';
import { getServices } from './services';

export interface DocumentPage extends Page<Document> {
  page: number;
  pageSize: number;
  pageCount: number;
}

/** One page of documents matching the search. */
export async function searchDocuments(search: DocumentSearch): Promise<DocumentPage> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const result = await edmsDomain().listDocuments(ctx, actor, {
    search: search.q || undefined,
    status: search.status,
    skip: (search.page - 1) * search.pageSize,
    take: search.pageSize,
  });
  return {
    ...result,
    page: search.page,
    pageSize: search.pageSize,
    pageCount: Math.max(1, Math.ceil(result.total / search.pageSize)),
  };
}

/** A document with its versions, or null when there is no such document. */
export async function findDocument(numberOrId: string): Promise<DocumentDetails | null> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  try {
    return await edmsDomain().getDocument(ctx, actor, numberOrId);
  } catch (error) {
    if (errorCodeOf(error) === 'DOCUMENT_NOT_FOUND') return null;
    throw error;
  }
}

/** How many documents there are, for the overview. */
export async function countDocuments(): Promise<number> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  return (await edmsDomain().listDocuments(ctx, actor, { take: 1 })).total;
}

/** The statuses a document can have, in lifecycle order. */
export function documentStatuses(): readonly Document['status'][] {
  return edmsDomain().DOCUMENT_STATUSES;
}

export interface VersionDownload {
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  content: AsyncIterable<Uint8Array>;
}

/** The bytes of one version of a document, streamed from the file store. */
export async function openVersion(numberOrId: string, version: number): Promise<VersionDownload> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const opened = await edmsDomain().openDocumentVersion(ctx, actor, numberOrId, version);
  return {
    fileName: opened.version.fileName,
    mimeType: opened.version.mimeType,
    sizeBytes: opened.version.sizeBytes,
    content: opened.content,
  };
}
