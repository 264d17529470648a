import { listAuditEvents, verifyAuditChain } from '@edms/domain';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { pagedListRoute } from '../../http/paged-list-route';
import { defineRoute, type ApiResource } from '../../http/route';
import { exportAuditEvents } from '../../operations/export-audit';
import { AuditEventSchema } from '../../openapi/response-schemas';
import { ListAuditQuery } from './audit.schemas';

export const auditResource: ApiResource = {
  basePath: '/audit',
  description: 'The append-only, hash-chained audit trail: who did what, when, with what outcome.',
  routes: [
    pagedListRoute({
      summary: 'List audit events, newest first, filtered and one page at a time',
      access: 'read',
      query: ListAuditQuery,
      item: AuditEventSchema,
      responseDescription: '`{ items, total, limit, offset }`; each event has its sequence, details, prevHash and hash.',
      list: (ctx, actor, { since, until, ...options }) =>
        listAuditEvents(ctx, actor, {
          ...options,
          since: since ? new Date(since) : undefined,
          until: until ? new Date(until) : undefined,
        }),
    }),
    defineRoute({
      method: 'get',
      path: '/verify',
      summary: 'Recompute the whole hash chain and name the first broken link',
      access: 'read',
      response: { description: '`{ intact, eventCount, lastSequence, lastHash, firstBreak }`' },
      handle: ({ deps, auth }) => verifyAuditChain(deps.services.ctx, auth.actor),
    }),
    defineRoute({
      method: 'get',
      path: '/export',
      summary: 'Export every audit event as NDJSON, in sequence order, streamed',
      access: 'read',
      response: { description: 'One JSON event per line.', contentType: 'application/x-ndjson' },
      async handle({ deps, auth, res }) {
        const lines = exportAuditEvents(deps, auth.actor);
        res.status(200);
        res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
        res.setHeader('Content-Disposition', 'attachment; filename="edms-audit.ndjson"');
        try {
          await pipeline(Readable.from(lines), res);
        } catch (error) {
          res.destroy(error as Error);
        }
      },
    }),
  ],
};
