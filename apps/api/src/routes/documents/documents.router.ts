import { addDocument, addDocumentVersion, getDocument, listDocuments } from '@edms/domain';
import { sendDownload } from '../../http/download';
import { pagedListRoute } from '../../http/paged-list-route';
import { defineRoute, reply, type ApiResource } from '../../http/route';
import { streamRequestBody } from '../../http/upload';
import { openDocumentDownload } from '../../operations/open-document-download';
import { DocumentSchema, DocumentVersionSchema } from '../../openapi/response-schemas';
import { z } from 'zod';

const DocumentWithVersion = z.object({ document: DocumentSchema, version: DocumentVersionSchema });
import { AddDocumentQuery, AddVersionQuery, DocumentParams, ListDocumentsQuery, VersionParams } from './documents.schemas';

const DOCUMENT_UPLOAD = {
  contentType: 'application/octet-stream',
  description: 'The file\'s bytes, streamed into the document store (sha256 recorded), up to EDMS_MAX_UPLOAD_BYTES.',
};

const DOWNLOAD_RESPONSE = {
  description: 'The version\'s bytes, as an attachment with its file name and media type.',
  contentType: 'application/octet-stream',
  headers: { 'Content-Disposition': 'attachment; the version\'s file name', 'Repr-Digest': 'sha-256 recorded for the version (RFC 9530)' },
};

export const documentsResource: ApiResource = {
  basePath: '/documents',
  description: 'The controlled documents the backups protect, with their versions.',
  routes: [
    pagedListRoute({
      summary: 'List documents, filtered by search text and status, one page at a time',
      access: 'read',
      query: ListDocumentsQuery,
      item: DocumentSchema,
      responseDescription: '`{ items, total, limit, offset }`, ordered by number.',
      list: listDocuments,
    }),
    defineRoute({
      method: 'post',
      path: '/',
      summary: 'Create a document with its first version; the file is the raw request body, streamed',
      access: 'manageDocuments',
      query: AddDocumentQuery,
      upload: DOCUMENT_UPLOAD,
      status: 201,
      response: { description: '`{ document, version }`', schema: DocumentWithVersion, headers: { Location: 'The document\'s URL.' } },
      async handle({ deps, auth, query, req }) {
        const { owner, ...fields } = query;
        const created = await addDocument(deps.services.ctx, auth.actor, {
          ...fields,
          ownerUsername: owner,
          content: streamRequestBody(req, deps.maxUploadBytes),
        });
        return reply(201, created, { Location: `/api/v1/documents/${encodeURIComponent(created.document.number)}` });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/:number',
      summary: 'Show one document and its versions',
      access: 'read',
      params: DocumentParams,
      response: {
        description: '`{ document, owner, versions }`',
        schema: z.object({
          document: DocumentSchema,
          owner: z.object({ id: z.string(), username: z.string(), displayName: z.string() }).nullable(),
          versions: z.array(DocumentVersionSchema),
        }),
      },
      handle: ({ deps, auth, params }) => getDocument(deps.services.ctx, auth.actor, params.number),
    }),
    defineRoute({
      method: 'get',
      path: '/:number/download',
      summary: 'Download the newest version of a document, streamed',
      access: 'read',
      params: DocumentParams,
      response: DOWNLOAD_RESPONSE,
      async handle({ deps, auth, params, res }) {
        await sendDownload(res, await openDocumentDownload(deps, auth.actor, params.number));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/:number/versions',
      summary: 'Add a version to a document; the file is the raw request body, streamed',
      access: 'manageDocuments',
      params: DocumentParams,
      query: AddVersionQuery,
      upload: DOCUMENT_UPLOAD,
      status: 201,
      response: { description: '`{ document, version }`', schema: DocumentWithVersion },
      handle: ({ deps, auth, params, query, req }) =>
        addDocumentVersion(deps.services.ctx, auth.actor, {
          ...query,
          document: params.number,
          content: streamRequestBody(req, deps.maxUploadBytes),
        }),
    }),
    defineRoute({
      method: 'get',
      path: '/:number/versions/:version/download',
      summary: 'Download one version of a document, streamed',
      access: 'read',
      params: VersionParams,
      response: DOWNLOAD_RESPONSE,
      async handle({ deps, auth, params, res }) {
        await sendDownload(res, await openDocumentDownload(deps, auth.actor, params.number, params.version));
      },
    }),
  ],
};
