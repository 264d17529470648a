import type { Document, DocumentVersion } from '../model/entities';
import type { DocumentListQuery, Page } from '../ports/repositories.port';
import { assertCan, type Actor } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { clampPage } from '../shared/paging';
import type { ServiceContext } from '../shared/service-context';
import { findDocumentOrThrow } from './add-document';

export async function listDocuments(ctx: ServiceContext, actor: Actor, query: DocumentListQuery = {}): Promise<Page<Document>> {
  assertCan(actor, 'read');
  return ctx.repos.documents.list({ ...query, ...clampPage(query) });
}

/** Who owns a document, by name (the document itself carries only the id). */
export interface DocumentOwner {
  id: string;
  username: string;
  displayName: string;
}

export interface DocumentDetails {
  document: Document;
  /** Null only if the owner's row is gone (it cannot be deleted while it owns documents). */
  owner: DocumentOwner | null;
  versions: DocumentVersion[];
}

export async function getDocument(ctx: ServiceContext, actor: Actor, numberOrId: string): Promise<DocumentDetails> {
  assertCan(actor, 'read');
  const document = await findDocumentOrThrow(ctx.repos, numberOrId);
  const owner = await ctx.repos.users.findById(document.ownerId);
  return {
    document,
    owner: owner ? { id: owner.id, username: owner.username, displayName: owner.displayName } : null,
    versions: await ctx.repos.documents.listVersions(document.id),
  };
}

export interface OpenedDocumentVersion {
  document: Document;
  version: DocumentVersion;
  content: AsyncIterable<Uint8Array>;
}

/** The bytes of one version (the newest when `version` is omitted), streamed. */
export async function openDocumentVersion(
  ctx: ServiceContext,
  actor: Actor,
  numberOrId: string,
  version?: number,
): Promise<OpenedDocumentVersion> {
  assertCan(actor, 'read');
  const document = await findDocumentOrThrow(ctx.repos, numberOrId);
  const versions = await ctx.repos.documents.listVersions(document.id);
  const chosen = version === undefined ? versions[versions.length - 1] : versions.find((v) => v.version === version);
  if (!chosen) {
    throw new DomainError('DOCUMENT_VERSION_NOT_FOUND', `document ${document.number} has no version ${version ?? ''}`.trim(), {
      details: { document: document.number, version: version ?? null },
    });
  }
  const stat = await ctx.fileStore.stat(chosen.storageKey);
  if (!stat) {
    throw new DomainError('DOCUMENT_FILE_MISSING', `the file of ${document.number} v${chosen.version} is missing from the file store; run \`edms system check\``, {
      details: { storageKey: chosen.storageKey },
    });
  }
  return { document, version: chosen, content: await ctx.fileStore.openRead(chosen.storageKey) };
}
