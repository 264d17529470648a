import { randomUUID } from 'node:crypto';
import type { Document, DocumentStatus, DocumentVersion } from '../model/entities';
import { recordAuditEvent } from '../audit/record-audit-event';
import { assertCan, type Actor } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import type { ServiceContext } from '../shared/service-context';
import type { Repositories } from '../ports/repositories.port';
import {
  guessMimeType,
  nextDocumentNumber,
  parseDocumentStatus,
  storageKeyFor,
  validateDocumentNumber,
  validateTitle,
} from './document-rules';

/** The bytes of one version and how to describe them. */
export interface VersionContent {
  fileName: string;
  content: AsyncIterable<Uint8Array>;
  mimeType?: string;
  note?: string | null;
}

/** A new controlled document with its first version. */
export interface AddDocumentOptions extends VersionContent {
  title: string;
  /** Given explicitly (`SOP-0042`) or allocated from `prefix` (default `SOP`). */
  number?: string;
  prefix?: string;
  status?: DocumentStatus | string;
  /** Owner's username; the acting user when omitted. */
  ownerUsername?: string;
  createdAt?: Date;
}

export interface DocumentWithVersion {
  document: Document;
  version: DocumentVersion;
}

async function resolveUserId(repos: Repositories, actor: Actor, username: string | undefined): Promise<string> {
  if (username) {
    const user = await repos.users.findByUsername(username.toLowerCase());
    if (!user) throw new DomainError('USER_NOT_FOUND', `no user named "${username}"`, { details: { username } });
    return user.id;
  }
  if (actor.userId) return actor.userId;
  // The CLI acts as a local administrator; documents it creates belong to the first active admin.
  const admins = (await repos.users.list()).filter((u) => u.role === 'ADMIN' && u.isActive);
  const admin = admins[0];
  if (!admin) throw new DomainError('USER_NOT_FOUND', 'no active administrator to own the document; pass an owner');
  return admin.id;
}

/**
 * Stores the bytes first (durably, under a fresh key), then records the
 * document, the version and the audit event in one transaction. If the
 * transaction fails the stored bytes are removed again, so no orphan remains.
 */
export async function addDocument(ctx: ServiceContext, actor: Actor, options: AddDocumentOptions): Promise<DocumentWithVersion> {
  assertCan(actor, 'manageDocuments');
  validateTitle(options.title);
  const status = parseDocumentStatus(options.status ?? 'DRAFT');
  if (options.number) validateDocumentNumber(options.number);
  const prefix = (options.prefix ?? 'SOP').toUpperCase();
  const documentId = randomUUID();
  const key = storageKeyFor(documentId, 1, options.fileName);
  const written = await ctx.fileStore.write(key, options.content);
  try {
    return await ctx.uow.transaction(async (repos) => {
      const number = options.number ?? nextDocumentNumber(prefix, await repos.documents.findLastNumber(prefix));
      validateDocumentNumber(number);
      if (await repos.documents.findByNumber(number)) {
        throw new DomainError('DOCUMENT_EXISTS', `document ${number} already exists`, { details: { number } });
      }
      const ownerId = await resolveUserId(repos, actor, options.ownerUsername);
      const createdById = actor.userId ?? ownerId;
      const now = options.createdAt ?? ctx.clock.now();
      const document = await repos.documents.create({
        id: documentId,
        number,
        title: options.title.trim(),
        status,
        ownerId,
        createdAt: now,
        updatedAt: now,
      });
      const version = await repos.documents.addVersion({
        id: randomUUID(),
        documentId,
        version: 1,
        fileName: options.fileName,
        storageKey: key,
        sizeBytes: written.sizeBytes,
        sha256: written.sha256,
        mimeType: options.mimeType ?? guessMimeType(options.fileName),
        createdById,
        createdAt: now,
        note: options.note ?? null,
      });
      await recordAuditEvent(repos, ctx.clock, {
        actor,
        action: 'document.create',
        targetType: 'Document',
        targetId: documentId,
        details: { number, title: document.title, version: 1, sha256: written.sha256, sizeBytes: written.sizeBytes },
      });
      return { document, version };
    });
  } catch (error) {
    await ctx.fileStore.remove(key).catch(() => undefined);
    throw error;
  }
}

/** A further version of an existing document. */
export interface AddDocumentVersionOptions extends VersionContent {
  /** Document number or id. */
  document: string;
  status?: DocumentStatus | string;
}

export async function addDocumentVersion(
  ctx: ServiceContext,
  actor: Actor,
  options: AddDocumentVersionOptions,
): Promise<DocumentWithVersion> {
  assertCan(actor, 'manageDocuments');
  const existing = await findDocumentOrThrow(ctx.repos, options.document);
  const status = options.status ? parseDocumentStatus(options.status) : undefined;
  const versions = await ctx.repos.documents.listVersions(existing.id);
  const nextVersion = Math.max(0, ...versions.map((v) => v.version)) + 1;
  const key = storageKeyFor(existing.id, nextVersion, options.fileName);
  const written = await ctx.fileStore.write(key, options.content);
  try {
    return await ctx.uow.transaction(async (repos) => {
      const now = ctx.clock.now();
      const createdById = await resolveUserId(repos, actor, undefined);
      const version = await repos.documents.addVersion({
        id: randomUUID(),
        documentId: existing.id,
        version: nextVersion,
        fileName: options.fileName,
        storageKey: key,
        sizeBytes: written.sizeBytes,
        sha256: written.sha256,
        mimeType: options.mimeType ?? guessMimeType(options.fileName),
        createdById,
        createdAt: now,
        note: options.note ?? null,
      });
      const document = await repos.documents.update(existing.id, { updatedAt: now, ...(status ? { status } : {}) });
      await recordAuditEvent(repos, ctx.clock, {
        actor,
        action: 'document.version.add',
        targetType: 'Document',
        targetId: existing.id,
        details: { number: existing.number, version: nextVersion, sha256: written.sha256, sizeBytes: written.sizeBytes },
      });
      return { document, version };
    });
  } catch (error) {
    await ctx.fileStore.remove(key).catch(() => undefined);
    throw error;
  }
}

export async function findDocumentOrThrow(repos: Pick<Repositories, 'documents'>, numberOrId: string): Promise<Document> {
  const found = (await repos.documents.findByNumber(numberOrId.toUpperCase())) ?? (await repos.documents.findById(numberOrId));
  if (!found) {
    throw new DomainError('DOCUMENT_NOT_FOUND', `no document "${numberOrId}"; see \`edms doc list\``, {
      details: { document: numberOrId },
    });
  }
  return found;
}
