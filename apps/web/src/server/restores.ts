import 'server-only';
import type { BackupJob, BackupType, Page, RestoreJob, RestorePlan } from '@edms/domain';
import { errorCodeOf } from '@/lib/error-messages';
import { pageCount } from '@/lib/search-params';
import { findTaskBySubject, settledWithin, startTask, type TaskView } from './background-tasks';
import { edmsDomain } from './edms';
import { requireUser } from './session';
import { getServices } from './services';
import { discardUpload, maxUploadBytes, uploadPath } from './uploads';

/** Where a restore reads from: a catalog job, or a package this server received by upload. Never a path. */
export type WizardSource = { kind: 'job'; jobId: string } | { kind: 'upload'; uploadId: string };

export interface RestorePage extends Page<RestoreJob> {
  page: number;
  pageSize: number;
  pageCount: number;
}

export async function searchRestores(page: number, pageSize = 20): Promise<RestorePage> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const result = await edmsDomain().listRestores(ctx, actor, { skip: (page - 1) * pageSize, take: pageSize });
  return { ...result, page, pageSize, pageCount: pageCount(result.total, pageSize) };
}

export interface RestoreDetails {
  restore: RestoreJob;
  plan: RestorePlan | null;
  /** The package restored from (a catalog job, possibly imported for this restore). */
  source: BackupJob | null;
  /** The snapshot of the system taken just before applying. */
  safetyBackup: BackupJob | null;
}

/** A restore with its source and safety backup, or null when there is no such restore. */
export async function findRestore(id: string): Promise<RestoreDetails | null> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const domain = edmsDomain();
  let restore: RestoreJob;
  try {
    restore = await domain.getRestore(ctx, actor, id);
  } catch (error) {
    const code = errorCodeOf(error);
    if (code === 'RESTORE_NOT_FOUND' || code === 'RESTORE_ID_INVALID') return null;
    throw error;
  }
  const job = async (jobId: string | null) => {
    if (!jobId) return null;
    try {
      return await domain.getBackup(ctx, actor, jobId);
    } catch (error) {
      if (errorCodeOf(error) === 'BACKUP_NOT_FOUND') return null;
      throw error;
    }
  };
  return {
    restore,
    plan: (restore.plan as RestorePlan | null) ?? null,
    source: await job(restore.backupJobId),
    safetyBackup: await job(restore.safetyBackupJobId),
  };
}

export interface StartPrepareOptions {
  source: WizardSource;
  restoreType?: BackupType;
  dryRun: boolean;
}

/**
 * Validates a package and computes the restore plan (SPEC §5 steps 1–7) in
 * the background; the wizard polls the task and then opens the restore it
 * created. A dry run stops there and changes nothing; otherwise the restore
 * waits for confirmation with its planHash. A refused upload is removed again.
 */
export async function startPrepare(options: StartPrepareOptions): Promise<string> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const domain = edmsDomain();
  domain.assertCan(actor, 'restore');
  const source =
    options.source.kind === 'job'
      ? ({ kind: 'job', jobId: options.source.jobId } as const)
      : ({ kind: 'file', path: await uploadPath(options.source.uploadId) } as const);
  const uploadId = options.source.kind === 'upload' ? options.source.uploadId : null;
  const maxPackageBytes = await maxUploadBytes();
  return startTask({
    kind: 'restore-prepare',
    label: options.dryRun ? 'Validate and plan (dry run)' : 'Prepare the restore',
    ownerId: actor.userId,
    run: async (report) => {
      const prepared = await domain.prepareRestore(ctx, actor, {
        source,
        restoreType: options.restoreType,
        dryRun: options.dryRun,
        // The web's upload limit also bounds what it restores, so no server file larger than an upload is read.
        maxPackageBytes: uploadId ? maxPackageBytes : undefined,
        onProgress: (p) => report({ fraction: p.fraction, message: p.message, step: p.step }),
      });
      if (uploadId && source.kind === 'file') {
        // A package the catalog already knew is restored from its catalog copy: the upload is not needed.
        const registered = await domain.getBackup(ctx, actor, prepared.restore.backupJobId);
        if (registered.backupFilePath !== source.path) await discardUpload(uploadId);
      }
      return { restoreId: prepared.restore.id, status: prepared.restore.status, planHash: prepared.planHash };
    },
    onFailure: async () => {
      // The domain removed the temporary catalog entry of a refused package; the file goes too.
      if (uploadId) await discardUpload(uploadId);
    },
  }).id;
}

/** What the confirmation posts: the plan hash it showed, and the operator's answers. */
export interface StartApplyOptions {
  restoreId: string;
  planHash: string;
  /** Proceed past the plan's warnings (never past integrity or validation errors). */
  force: boolean;
}

/**
 * Applies a confirmed restore (steps 8–11) in the background. Refusals that
 * come before anything changes (plan changed, warnings not accepted, busy)
 * usually arrive within a moment; those are returned so the confirmation can
 * show them. Otherwise the restore page follows progress from the database.
 */
export async function startApply(options: StartApplyOptions): Promise<{ taskId: string; early: TaskView | null }> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const domain = edmsDomain();
  domain.assertCan(actor, 'restore');
  const restore = await domain.getRestore(ctx, actor, options.restoreId);
  if (restore.status !== 'AWAITING_CONFIRMATION') {
    throw new domain.DomainError('RESTORE_NOT_AWAITING_CONFIRMATION', `restore ${restore.id} is ${restore.status}`);
  }
  if (!options.planHash || options.planHash !== restore.planHash) {
    throw new domain.DomainError('RESTORE_PLAN_CHANGED', 'the confirmed plan hash is not the plan of this restore');
  }
  const { id, settled } = startTask({
    kind: 'restore-apply',
    label: 'Apply the restore',
    ownerId: actor.userId,
    subject: `restore:${options.restoreId}`,
    run: async (report) => {
      const done = await domain.applyRestore(ctx, actor, {
        restoreId: options.restoreId,
        planHash: options.planHash,
        force: options.force,
        onProgress: (p) => report({ fraction: p.fraction, message: p.message, step: p.step }),
      });
      return { restoreId: done.id, status: done.status, safetyBackupJobId: done.safetyBackupJobId };
    },
  });
  const early = await settledWithin(settled, 750);
  return { taskId: id, early: early?.state === 'failed' ? early : null };
}

export async function cancelPreparedRestore(restoreId: string): Promise<RestoreJob> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  return edmsDomain().cancelRestore(ctx, actor, restoreId);
}

/**
 * The latest attempt of this server process to apply the restore: running
 * (the record may not say RUNNING yet) or failed before the domain could
 * record anything on the restore (e.g. BUSY while another operation holds the lock).
 */
export function applyAttempt(restoreId: string): TaskView | null {
  return findTaskBySubject(`restore:${restoreId}`);
}
