import { checkSystem, resetSystem } from '@edms/domain';
import { defineRoute, type ApiResource } from '../../http/route';
import { getSystemStatus } from '../../operations/system-status';
import { ResetBody, ResetPlanBody, SystemCheckBody } from './system.schemas';

export const systemResource: ApiResource = {
  basePath: '/system',
  description: 'System status, live integrity check, and the safe reset (SPEC §6).',
  routes: [
    defineRoute({
      method: 'get',
      path: '/status',
      summary: 'Last and next backups, failures, running jobs and restores, storage used and free',
      access: 'read',
      response: { description: '`{ version, time, documents, backups: { lastCompleted, lastFailed, active, next, storedBytes }, restores, disk }`' },
      handle: ({ deps, auth }) => getSystemStatus(deps, auth.actor),
    }),
    defineRoute({
      method: 'post',
      path: '/check',
      summary: 'Live integrity check: every document file against its size and sha256, orphans, audit chain, stale jobs',
      description: 'Read-only; the outcome is recorded in the audit trail. `ok: false` is a result, not an error.',
      access: 'read',
      body: SystemCheckBody,
      response: { description: 'The report: `{ ok, versionsChecked, missingFiles, changedFiles, orphanFiles, audit, staleJobs, interruptedRestore }`' },
      handle: ({ deps, auth, body }) => checkSystem(deps.services.ctx, auth.actor, body),
    }),
    defineRoute({
      method: 'post',
      path: '/reset/plan',
      summary: 'Show what a system reset would remove and protect, with its planHash; changes nothing',
      access: 'reset',
      body: ResetPlanBody,
      response: { description: '`{ plan, planHash, applied: false }`' },
      handle: ({ deps, auth, body }) => resetSystem(deps.services.ctx, auth.actor, { dryRun: true, confirmed: false, skipSafetyBackup: body.skipSafetyBackup }),
    }),
    defineRoute({
      method: 'post',
      path: '/reset',
      summary: 'Reset the system as planned: safety snapshot, then remove documents, files and non-admin users',
      description:
        'Needs the planHash from POST /system/reset/plan; when the system changed since, 409 `RESET_PLAN_CHANGED` and nothing is removed. ' +
        'Answers when done (the safety snapshot copies the whole store first).',
      access: 'reset',
      body: ResetBody,
      response: { description: '`{ plan, planHash, applied: true, safetyBackupJobId }`' },
      handle: ({ deps, auth, body }) =>
        resetSystem(deps.services.ctx, auth.actor, { confirmed: true, planHash: body.planHash, skipSafetyBackup: body.skipSafetyBackup }),
    }),
  ],
};
