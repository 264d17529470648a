import { deleteBackup, getBackup, listBackups, pruneBackups, syncCatalog, verifyBackup, type BackupJob } from '@edms/domain';
import { sendDownload } from '../../http/download';
import { streamJobEvents } from '../../http/event-stream';
import { pagedListRoute } from '../../http/paged-list-route';
import { defineRoute, reply, type ApiResource } from '../../http/route';
import { openBackupPackage } from '../../operations/open-backup-package';
import { startBackup } from '../../operations/start-backup';
import { BackupJobSchema } from '../../openapi/response-schemas';
import { IdParams } from '../paging.schemas';
import { ListBackupsQuery, PruneBackupsBody, RunBackupBody, SyncCatalogBody } from './backups.schemas';

const isBackupDone = (job: BackupJob) => job.status !== 'PENDING' && job.status !== 'RUNNING';

export const backupsResource: ApiResource = {
  basePath: '/backups',
  description: 'Backup jobs and their packages: run, follow, download, verify, delete, prune and sync the catalog.',
  routes: [
    pagedListRoute({
      summary: 'List backup jobs, newest first, filtered and one page at a time',
      access: 'read',
      query: ListBackupsQuery,
      item: BackupJobSchema,
      list: listBackups,
    }),
    defineRoute({
      method: 'post',
      path: '/',
      summary: 'Run a backup now: queues it and answers 202 at once; follow it by polling or events',
      description:
        'A worker gets the first chance to run it; if none claimed it within 3 s, the API process runs it in the background. ' +
        'Progress (0..1) and progressMessage are on the job; the outcome is COMPLETED or FAILED with `error`. ' +
        'A configuration never runs twice at once: 409 `BACKUP_ALREADY_ACTIVE`.',
      access: 'runBackup',
      body: RunBackupBody,
      status: 202,
      response: { description: 'The queued job (PENDING).', schema: BackupJobSchema, headers: { Location: 'The job\'s URL.' } },
      async handle({ deps, auth, body }) {
        const job = await startBackup(deps, auth.actor, body);
        return reply(202, job, { Location: `/api/v1/backups/${job.id}` });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/prune',
      summary: 'Apply retention: delete old packages beyond each configuration\'s policy (dryRun lists only)',
      access: 'runBackup',
      body: PruneBackupsBody,
      response: { description: '`{ dryRun, configurations: [{ configuration, keep, remove, freedBytes }] }`' },
      handle: ({ deps, auth, body }) => pruneBackups(deps.services.ctx, auth.actor, body),
    }),
    defineRoute({
      method: 'post',
      path: '/sync',
      summary: 'Register packages in the storage directories that the catalog does not know; report catalog entries whose files are gone',
      access: 'runBackup',
      body: SyncCatalogBody,
      response: { description: '`{ scannedDirectories, registered, alreadyKnown, missing, unreadable }`' },
      handle: ({ deps, auth }) => syncCatalog(deps.services.ctx, auth.actor, {}),
    }),
    defineRoute({
      method: 'get',
      path: '/:id',
      summary: 'Show one backup job (by id or package id) with its progress',
      access: 'read',
      params: IdParams,
      response: { description: 'The job: status, progress (0..1), progressMessage, error, findings, package path, size and sha256.', schema: BackupJobSchema },
      handle: ({ deps, auth, params }) => getBackup(deps.services.ctx, auth.actor, params.id),
    }),
    defineRoute({
      method: 'delete',
      path: '/:id',
      summary: 'Delete a backup: its package file and catalog entry (a job a restore refers to is kept, marked pruned)',
      access: 'runBackup',
      params: IdParams,
      response: { description: '`{ job, fileRemoved, rowKept }`' },
      handle: ({ deps, auth, params }) => deleteBackup(deps.services.ctx, auth.actor, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/:id/events',
      summary: 'Follow a backup job as server-sent events: `progress` while it runs, then one `done`',
      access: 'read',
      params: IdParams,
      response: { description: 'An event stream; each event\'s data is the job as JSON.', contentType: 'text/event-stream' },
      handle: ({ deps, auth, params, req, res }) =>
        streamJobEvents(req, res, {
          load: () => getBackup(deps.services.ctx, auth.actor, params.id),
          isDone: isBackupDone,
          signal: deps.tasks.signal,
          logger: deps.logger,
        }),
    }),
    defineRoute({
      method: 'get',
      path: '/:id/download',
      summary: 'Download the package file of a completed backup, streamed',
      access: 'read',
      params: IdParams,
      response: {
        description: 'The package bytes (`.tar.gz`, or `.tar.gz.enc` when encrypted).',
        contentType: 'application/octet-stream',
        headers: { 'Content-Disposition': 'attachment; the package file name', 'Repr-Digest': 'sha-256 of the file (RFC 9530)' },
      },
      async handle({ deps, auth, params, res }) {
        await sendDownload(res, await openBackupPackage(deps, auth.actor, params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/:id/verify',
      summary: 'Read the package end to end — every checksum, every row — and record the result on the job',
      description: 'A damaged package is a result (`ok: false` with the first problem\'s code), not an error. Takes as long as reading the package.',
      access: 'runBackup',
      params: IdParams,
      response: { description: '`{ ok, job, manifest, entries, bytes, error }`' },
      handle: ({ deps, auth, params }) => verifyBackup(deps.services.ctx, auth.actor, { jobId: params.id }),
    }),
  ],
};
