import { DomainError, openDocumentVersion, type Actor } from '@edms/domain';
import type { ApiDependencies } from '../dependencies';
import type { Download } from '../http/download';

/** The bytes of one document version (the newest without `version`), with the length actually stored. */
export async function openDocumentDownload(deps: ApiDependencies, actor: Actor, document: string, version?: number): Promise<Download> {
  const { ctx } = deps.services;
  const opened = await openDocumentVersion(ctx, actor, document, version);
  // Content-Length must be what will be sent; the stored file, not the recorded size, decides it.
  const stat = await ctx.fileStore.stat(opened.version.storageKey);
  if (!stat) {
    throw new DomainError('DOCUMENT_FILE_MISSING', `the file of ${opened.document.number} v${opened.version.version} is missing; run \`edms system check\``);
  }
  return {
    content: opened.content,
    sizeBytes: stat.sizeBytes,
    fileName: opened.version.fileName,
    contentType: opened.version.mimeType || 'application/octet-stream',
    sha256: stat.sizeBytes === opened.version.sizeBytes ? opened.version.sha256 : null,
  };
}
