import { getDocument, listDocuments } from '@edms/domain';
import { defineRoute, type ApiResource } from '../../http/route';
import { DocumentParams, ListDocumentsQuery } from './documents.schemas';

export const documentsResource: ApiResource = {
  basePath: '/documents',
  description: 'The controlled documents the backups protect, with their versions.',
  routes: [
    defineRoute({
      method: 'get',
      path: '/',
      summary: 'List documents, filtered by search text and status, one page at a time',
      access: 'read',
      query: ListDocumentsQuery,
      async handle({ deps, auth, query }) {
        const { limit, offset, search, status } = query;
        const page = await listDocuments(deps.services.ctx, auth.actor, { search, status, take: limit, skip: offset });
        return { items: page.items, total: page.total, limit, offset };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/:number',
      summary: 'Show one document and its versions',
      access: 'read',
      params: DocumentParams,
      handle: ({ deps, auth, params }) => getDocument(deps.services.ctx, auth.actor, params.number),
    }),
  ],
};
