import { cancelRestore, getRestore, listRestores, prepareRestore, type RestoreJob } from '@edms/domain';
import { streamJobEvents } from '../../http/event-stream';
import { pagedListRoute } from '../../http/paged-list-route';
import { defineRoute, reply, type ApiResource } from '../../http/route';
import { confirmRestore } from '../../operations/confirm-restore';
import { PreparedRestoreSchema, RestoreJobSchema } from '../../openapi/response-schemas';
import { IdParams } from '../paging.schemas';
import { ConfirmRestoreBody, CreateRestoreBody, ListRestoresQuery } from './restores.schemas';

/** Statuses a restore leaves only when someone acts (AWAITING_CONFIRMATION) or never. */
const isRestoreDone = (restore: RestoreJob) => ['COMPLETED', 'FAILED', 'ROLLED_BACK', 'CANCELLED'].includes(restore.status);

export const restoresResource: ApiResource = {
  basePath: '/restores',
  description:
    'Restores (SPEC §5): prepare from a catalog job (or upload a package to /packages), read the plan, confirm with its planHash, follow the progress.',
  routes: [
    pagedListRoute({
      summary: 'List restores, newest first',
      access: 'read',
      query: ListRestoresQuery,
      item: RestoreJobSchema,
      list: listRestores,
    }),
    defineRoute({
      method: 'post',
      path: '/',
      summary: 'Prepare a restore from a catalog backup: validate the whole package and plan it; nothing changes yet',
      description:
        'Answers when validation and planning are done (time grows with the package size). The restore is then ' +
        'AWAITING_CONFIRMATION (or COMPLETED for a dry run) with its `plan` and `planHash`; confirm with POST /restores/{id}/confirm.',
      access: 'restore',
      body: CreateRestoreBody,
      status: 201,
      response: { description: '`{ restore, plan, planHash }`', schema: PreparedRestoreSchema, headers: { Location: 'The restore\'s URL.' } },
      async handle({ deps, auth, body }) {
        const { backupJobId, ...options } = body;
        const prepared = await prepareRestore(deps.services.ctx, auth.actor, { source: { kind: 'job', jobId: backupJobId }, ...options });
        return reply(201, prepared, { Location: `/api/v1/restores/${prepared.restore.id}` });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/:id',
      summary: 'Show one restore: status, progress, step log, plan and planHash',
      access: 'read',
      params: IdParams,
      response: { description: 'The restore.', schema: RestoreJobSchema },
      handle: ({ deps, auth, params }) => getRestore(deps.services.ctx, auth.actor, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/:id/events',
      summary: 'Follow a restore as server-sent events: `progress` while it changes, then one `done`',
      access: 'read',
      params: IdParams,
      response: { description: 'An event stream; each event\'s data is the restore as JSON.', contentType: 'text/event-stream' },
      handle: ({ deps, auth, params, req, res }) =>
        streamJobEvents(req, res, {
          load: () => getRestore(deps.services.ctx, auth.actor, params.id),
          isDone: isRestoreDone,
          signal: deps.tasks.signal,
          logger: deps.logger,
        }),
    }),
    defineRoute({
      method: 'post',
      path: '/:id/confirm',
      summary: 'Confirm a prepared restore with the planHash that was shown; applies it in the background (202)',
      description:
        'Refused without changing the restore when the hash is not the plan\'s (409 `RESTORE_PLAN_CHANGED`) or the plan has ' +
        'warnings and `force` is not set (409 `RESTORE_WARNINGS_NEED_FORCE`). Answers once the restore is RUNNING; it then takes a ' +
        'safety snapshot, applies atomically, verifies, and ends COMPLETED, or ROLLED_BACK/FAILED with the reason.',
      access: 'restore',
      params: IdParams,
      body: ConfirmRestoreBody,
      status: 202,
      response: { description: 'The restore (RUNNING, or already finished).', schema: RestoreJobSchema, headers: { Location: 'The restore\'s URL.' } },
      async handle({ deps, auth, params, body }) {
        const restore = await confirmRestore(deps, auth.actor, { restoreId: params.id, ...body });
        return reply(202, restore, { Location: `/api/v1/restores/${restore.id}` });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/:id/cancel',
      summary: 'Cancel a restore that awaits confirmation; nothing was changed (409 once it runs)',
      access: 'restore',
      params: IdParams,
      response: { description: 'The restore, CANCELLED.', schema: RestoreJobSchema },
      handle: ({ deps, auth, params }) => cancelRestore(deps.services.ctx, auth.actor, params.id),
    }),
  ],
};
