import 'server-only';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BackupJob, BackupType, Page, RestoreJob, RestorePlan } from '@edms/domain';
import { errorCodeOf } from '@/lib/error-messages';
import { pageCount } from '@/lib/search-params';
import { findTaskBySubject, settledWithin, startTask, type TaskView } from './background-tasks';
import { edmsDomain, edmsRuntime } from './edms';
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
  /** Disk space held by the staged (validated, unpacked) package while the restore awaits confirmation; null otherwise. */
  stagedBytes: number | null;
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
    stagedBytes: restore.status === 'AWAITING_CONFIRMATION' ? await stagedBytes(restore.id) : null,
  };
}

/** A prepared restore nobody has confirmed or cancelled yet: it keeps its staged copy on disk until someone does. */
export interface AwaitingRestore {
  restore: RestoreJob;
  source: BackupJob | null;
  stagedBytes: number | null;
}

/**
 * Restores left AWAITING_CONFIRMATION — prepared here, with the CLI or the
 * API, or by someone who walked away from the confirmation. They do not
 * expire: each keeps its staged package on disk until it is confirmed or
 * cancelled, so the wizard lists them first.
 */
export async function awaitingRestores(): Promise<AwaitingRestore[]> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const domain = edmsDomain();
  const page = await domain.listRestores(ctx, actor, { status: 'AWAITING_CONFIRMATION', take: 20 });
  return Promise.all(
    page.items.map(async (restore) => ({
      restore,
      source: await domain.getBackup(ctx, actor, restore.backupJobId).catch(() => null),
      stagedBytes: await stagedBytes(restore.id),
    })),
  );
}

/** Bytes under the restore's staging directory (`<dataDir>/restore-staging/<id>`); null when nothing is staged. */
async function stagedBytes(restoreId: string): Promise<number | null> {
  const { env } = await getServices();
  const dir = path.join(edmsRuntime().restoreStagingDir(env.dataDir), restoreId);
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    let total = 0;
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      // `parentPath` on Node 20.12+; `path` before (both are the entry's directory).
      const parent = (entry as { parentPath?: string }).parentPath ?? (entry as unknown as { path: string }).path;
      total += (await stat(path.join(parent, entry.name)).catch(() => null))?.size ?? 0;
    }
    return total;
  } catch {
    return null;
  }
}

export interface StartPrepareOptions {
  source: WizardSource;
  restoreType?: BackupType;
}

/**
 * Prepares a restore in the background, reading the package once (SPEC §5
 * steps 1–7): register it (an upload the catalog does not hold yet becomes an
 * imported catalog job, as with `edms restore --file`), validate it end to
 * end while unpacking it into the staging directory, and plan. Nothing live
 * changes: the restore then waits, AWAITING_CONFIRMATION with its planHash,
 * until it is confirmed (`startApply`) or cancelled (`cancelPreparedRestore`,
 * which deletes the staged copy). The wizard polls the task and then opens
 * the restore, where the plan and the confirmation are shown together. A
 * refused upload is removed again.
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
    label: 'Validate and stage the package',
    ownerId: actor.userId,
    run: async (report) => {
      const prepared = await domain.prepareRestore(ctx, actor, {
        source,
        restoreType: options.restoreType,
        // Not a dry run: the one read of the package validates it and stages it for the confirmation.
        dryRun: false,
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
  // The domain fails the restore (and deletes its staged copy) when warnings were not accepted; a forgotten
  // tick must not cost the operator the validated package, so it is refused here first, as the API does.
  const warnings = (restore.plan as { warnings?: Array<{ code: string }> } | null)?.warnings ?? [];
  if (warnings.length > 0 && !options.force && !restore.force) {
    throw new domain.DomainError('RESTORE_WARNINGS_NEED_FORCE', `the plan has warnings (${warnings.map((w) => w.code).join(', ')})`);
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

/** Ends a restore awaiting confirmation without changing anything live; the domain deletes its staged copy. */
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
