import { randomUUID } from 'node:crypto';
import type { BackupJob, BackupType, RestoreJob, RestoreJobStatus } from '../model/entities';
import type { PackageManifest } from '../package/manifest';
import { backupTypeIncludesDatabase, backupTypeIncludesFiles } from '../package/manifest';
import type { Page, RestoreJobListQuery } from '../ports/repositories.port';
import { recordAuditEvent } from '../audit/record-audit-event';
import { getOrCreateSafetyConfig } from '../configurations/temp-restore-config';
import { describeError, executeBackupJob } from '../backup/jobs/execute-backup-job';
import { findBackupOrThrow } from '../backup/jobs/backup-queries';
import { newBackupJob } from '../backup/jobs/new-backup-job';
import { newWorkerId } from '../backup/jobs/worker-id';
import { INSTANCE_ID_SETTING } from '../seed/seed-defaults';
import { assertCan, type Actor } from '../shared/actor';
import { DomainError, isDomainError } from '../shared/domain-error';
import { clampPage } from '../shared/paging';
import type { ServiceContext } from '../shared/service-context';
import { registerPackageForRestore } from './register-package';
import { buildRestorePlan, computePlanHash, EMPTY_FILE_PLAN, type RestorePlan } from './restore-plan';
import { checkSchemaCompatibility, resolveRestoreType } from './restore-rules';
import type { RestoreActorInfo, RestoreDigest, StagedPackage } from './restore.port';

/** Packages larger than this are refused before anything is read (override per call). */
export const DEFAULT_MAX_PACKAGE_BYTES = 64 * 1024 ** 3;

export type RestoreSource = { kind: 'file'; path: string } | { kind: 'job'; jobId: string };

export interface RestoreProgress {
  step: string;
  fraction: number;
  message: string;
}

/** What to restore and how far to go before asking. */
export interface PrepareRestoreOptions {
  source: RestoreSource;
  /** A type the package holds; the package's own type when omitted. */
  restoreType?: BackupType;
  dryRun?: boolean;
  force?: boolean;
  passphrase?: string;
  /** Opt out of the safety snapshot (explicitly; recorded in the plan and the audit trail). */
  skipSafetyBackup?: boolean;
  maxPackageBytes?: number;
  onProgress?: (progress: RestoreProgress) => void;
  signal?: AbortSignal;
}

export interface PreparedRestore {
  restore: RestoreJob;
  plan: RestorePlan;
  planHash: string;
}

export interface ApplyRestoreOptions {
  restoreId: string;
  /** The hash of the plan the operator saw and confirmed. */
  planHash: string;
  force?: boolean;
  onProgress?: (progress: RestoreProgress) => void;
  signal?: AbortSignal;
}

function actorInfo(actor: Actor): RestoreActorInfo {
  return { userId: actor.userId, username: actor.userId ? actor.name : null };
}

async function logStep(
  ctx: ServiceContext,
  actor: Actor,
  restoreId: string,
  step: string,
  status: 'started' | 'done' | 'failed' | 'skipped',
  patch: Partial<RestoreJob> = {},
  message?: string,
): Promise<RestoreJob> {
  return ctx.uow.transaction(async (repos) => {
    const current = await repos.restoreJobs.findById(restoreId);
    if (!current) throw new DomainError('RESTORE_NOT_FOUND', `no restore ${restoreId}`);
    const steps = [...current.steps, { step, status, at: ctx.clock.now().toISOString(), ...(message ? { message } : {}) }];
    const updated = await repos.restoreJobs.update(restoreId, { ...patch, steps });
    if (status !== 'started') {
      await recordAuditEvent(repos, ctx.clock, {
        actor,
        action: `restore.${step}`,
        targetType: 'RestoreJob',
        targetId: restoreId,
        outcome: status === 'failed' ? 'FAILURE' : 'SUCCESS',
        details: { status, ...(message ? { message } : {}) },
      });
    }
    return updated;
  });
}

async function resolveSource(
  ctx: ServiceContext,
  source: RestoreSource,
  maxBytes: number,
): Promise<{ path: string; sizeBytes: number; catalogJob: BackupJob | null }> {
  if (source.kind === 'job') {
    const job = await findBackupOrThrow(ctx, source.jobId);
    if (job.status !== 'COMPLETED' || !job.backupFilePath || job.prunedAt) {
      throw new DomainError('RESTORE_SOURCE_UNAVAILABLE', `backup ${job.jobName} has no completed package to restore (status ${job.status})`, {
        details: { jobId: job.id, status: job.status },
      });
    }
    const stat = await ctx.backups.storage.stat(job.backupFilePath);
    if (!stat) {
      throw new DomainError('RESTORE_SOURCE_NOT_FOUND', `the package file of backup ${job.jobName} is gone: ${job.backupFilePath}; run \`edms backup sync\``, {
        details: { path: job.backupFilePath },
      });
    }
    return { path: job.backupFilePath, sizeBytes: stat.sizeBytes, catalogJob: job };
  }
  const stat = await ctx.backups.storage.stat(source.path);
  if (!stat) {
    throw new DomainError('RESTORE_SOURCE_NOT_FOUND', `${source.path} does not exist or is not a regular file`, { details: { path: source.path } });
  }
  if (stat.sizeBytes === 0) throw new DomainError('RESTORE_SOURCE_EMPTY', `${source.path} is empty`, { details: { path: source.path } });
  if (stat.sizeBytes > maxBytes) {
    throw new DomainError('RESTORE_SOURCE_TOO_LARGE', `${source.path} is ${stat.sizeBytes} bytes, over the limit of ${maxBytes}`, {
      details: { path: source.path, sizeBytes: stat.sizeBytes, limit: maxBytes },
    });
  }
  return { path: source.path, sizeBytes: stat.sizeBytes, catalogJob: null };
}

async function computePlan(
  ctx: ServiceContext,
  actor: Actor,
  staged: StagedPackage,
  restoreType: BackupType,
  skipSafetyBackup: boolean,
): Promise<{ plan: RestorePlan; planHash: string }> {
  const withDb = backupTypeIncludesDatabase(restoreType);
  const withFiles = backupTypeIncludesFiles(restoreType);
  const dbPlan = withDb ? await ctx.restores.database.plan(staged, actorInfo(actor)) : { tables: [], newestLiveChange: null };
  // A FULL restore makes the store match the package; FILES and DATABASE never remove files.
  const filePlan = withFiles ? await ctx.restores.files.plan(staged, { removeUnlisted: restoreType === 'FULL' }) : null;
  const liveBytes = (await ctx.repos.documents.listAllVersions()).reduce((sum, v) => sum + v.sizeBytes, 0);
  const plan = buildRestorePlan({
    restoreType,
    manifest: staged.manifest,
    tables: dbPlan.tables,
    files: filePlan ?? (withFiles ? EMPTY_FILE_PLAN : null),
    localInstanceId: await ctx.repos.settings.get(INSTANCE_ID_SETTING),
    newestLiveChange: dbPlan.newestLiveChange,
    disk: await ctx.restores.staging.diskSpace(),
    safetyBackupBytes: skipSafetyBackup ? 0 : liveBytes,
    safetyBackup: !skipSafetyBackup,
  });
  return { plan, planHash: computePlanHash(plan) };
}

/**
 * Steps 1–7 of the restore pipeline (SPEC §5): source, identify, register
 * (temporary-record rule), lock, validate while staging, plan — and stop there
 * for a dry run. Changes nothing of the live data. Leaves the restore
 * AWAITING_CONFIRMATION with its plan and planHash; `applyRestore` continues.
 * On failure the restore is recorded as FAILED (or, when this run created the
 * temporary catalog job, both are removed again; the audit trail keeps the attempt).
 */
export async function prepareRestore(ctx: ServiceContext, actor: Actor, options: PrepareRestoreOptions): Promise<PreparedRestore> {
  assertCan(actor, 'restore');
  const progress = (step: string, fraction: number, message: string) => options.onProgress?.({ step, fraction, message });
  let manifest: PackageManifest;
  let source: Awaited<ReturnType<typeof resolveSource>>;
  let restoreType: BackupType;
  try {
    progress('source', 0, 'checking the source');
    source = await resolveSource(ctx, options.source, options.maxPackageBytes ?? DEFAULT_MAX_PACKAGE_BYTES);
    progress('identify', 0.02, 'reading the manifest');
    manifest = await ctx.backups.reader.readManifest(source.path, { passphrase: options.passphrase ?? ctx.backups.passphrase });
    restoreType = resolveRestoreType(manifest.backupType, options.restoreType);
  } catch (error) {
    await ctx.uow.transaction((repos) =>
      recordAuditEvent(repos, ctx.clock, {
        actor,
        action: 'restore.request',
        targetType: 'RestoreJob',
        outcome: 'FAILURE',
        details: { source: options.source, ...describeError(error) },
      }),
    );
    throw error;
  }

  // The lock comes before registering, so a busy system refuses before
  // anything is recorded, and no start-up recovery mistakes this restore's
  // fresh rows for an abandoned one.
  const lock = await ctx.restores.lock.acquire('restore', `restore:prepare:${manifest.packageId}`);
  let restoreId: string | null = null;
  let createdTemporary = false;
  try {
    progress('register', 0.03, 'registering the package');
    const sha256 = source.catalogJob?.sha256 ?? (await ctx.backups.storage.sha256(source.path));
    const registration = await ctx.uow.transaction(async (repos) => {
      const registered = source.catalogJob
        ? { job: source.catalogJob, createdTemporary: false }
        : await registerPackageForRestore(repos, ctx.clock, actor, { path: source.path, sizeBytes: source.sizeBytes, sha256, manifest });
      const now = ctx.clock.now();
      const created = await repos.restoreJobs.create({
        id: randomUUID(),
        backupJobId: registered.job.id,
        restoreType,
        status: 'PENDING',
        dryRun: !!options.dryRun,
        force: !!options.force,
        plan: null,
        planHash: null,
        safetyBackupJobId: null,
        progress: 0,
        progressMessage: 'registered',
        steps: [],
        startedAt: now,
        completedAt: null,
        error: null,
        requestedById: actor.userId,
        createdAt: now,
      });
      await recordAuditEvent(repos, ctx.clock, {
        actor,
        action: 'restore.request',
        targetType: 'RestoreJob',
        targetId: created.id,
        details: {
          backupJobId: registered.job.id,
          temporaryJob: registered.createdTemporary,
          restoreType,
          dryRun: !!options.dryRun,
          force: !!options.force,
          path: source.path,
          packageId: manifest.packageId,
        },
      });
      return { restore: created, createdTemporary: registered.createdTemporary };
    });
    const restore = registration.restore;
    restoreId = restore.id;
    createdTemporary = registration.createdTemporary;
    await logStep(ctx, actor, restore.id, 'validate', 'started', { status: 'VALIDATING', progressMessage: 'validating' });
    const compatibility = checkSchemaCompatibility(manifest.schemaVersion, ctx.restores.knownMigrations());
    const disk = await ctx.restores.staging.diskSpace();
    const unpacked = (manifest.files?.bytes ?? 0) + Object.values(manifest.database?.tables ?? {}).reduce((s, t) => s + t.bytes, 0);
    if (unpacked > disk.freeBytes) {
      throw new DomainError('RESTORE_INSUFFICIENT_SPACE', `staging needs ${unpacked} bytes but only ${disk.freeBytes} are free`, {
        details: { neededBytes: unpacked, freeBytes: disk.freeBytes },
      });
    }
    const staged = await ctx.restores.staging.stage({
      restoreId: restore.id,
      packagePath: source.path,
      passphrase: options.passphrase ?? ctx.backups.passphrase,
      restoreType,
      migrateThrough: compatibility.kind === 'older' ? compatibility.migrateThrough : [],
      signal: options.signal,
      onProgress: (p) => progress('validate', 0.05 + 0.6 * (p.bytesTotal ? p.bytesDone / p.bytesTotal : 0), p.message),
    });
    await logStep(ctx, actor, restore.id, 'validate', 'done', { progress: 0.65 });
    progress('plan', 0.66, 'planning');
    const { plan, planHash } = await computePlan(ctx, actor, staged, restoreType, !!options.skipSafetyBackup);
    const planned = await logStep(
      ctx,
      actor,
      restore.id,
      'plan',
      'done',
      {
        plan: plan as unknown as Record<string, unknown>,
        planHash,
        status: options.dryRun ? 'COMPLETED' : 'AWAITING_CONFIRMATION',
        progress: options.dryRun ? 1 : 0.7,
        progressMessage: options.dryRun ? 'dry run: nothing changed' : 'awaiting confirmation',
        ...(options.dryRun ? { completedAt: ctx.clock.now() } : {}),
      },
      `${plan.warnings.length} warning(s)`,
    );
    if (options.dryRun) await ctx.restores.staging.discard(restore.id);
    return { restore: planned, plan, planHash };
  } catch (error) {
    if (restoreId) {
      await ctx.restores.staging.discard(restoreId).catch(() => undefined);
      await failRestore(ctx, actor, restoreId, 'FAILED', error, createdTemporary);
    }
    throw error;
  } finally {
    await lock.release();
  }
}

async function failRestore(
  ctx: ServiceContext,
  actor: Actor,
  restoreId: string,
  status: RestoreJobStatus,
  error: unknown,
  removeTemporaryJob: boolean,
): Promise<void> {
  const { code, message } = describeError(error);
  await ctx.uow.transaction(async (repos) => {
    const restore = await repos.restoreJobs.findById(restoreId);
    if (!restore) return;
    await recordAuditEvent(repos, ctx.clock, {
      actor,
      action: 'restore.complete',
      targetType: 'RestoreJob',
      targetId: restoreId,
      outcome: 'FAILURE',
      details: { status, code, message, backupJobId: restore.backupJobId, temporaryJobRemoved: removeTemporaryJob },
    });
    if (removeTemporaryJob) {
      await repos.restoreJobs.delete(restoreId);
      await repos.backupJobs.delete(restore.backupJobId);
      return;
    }
    await repos.restoreJobs.update(restoreId, {
      status,
      error: `${code}: ${message}`,
      completedAt: ctx.clock.now(),
      progressMessage: status === 'ROLLED_BACK' ? 'rolled back' : 'failed',
    });
  });
}

async function takeSafetySnapshot(ctx: ServiceContext, actor: Actor, restore: RestoreJob): Promise<BackupJob> {
  const job = await ctx.uow.transaction(async (repos) => {
    const configuration = await getOrCreateSafetyConfig(repos, ctx.clock);
    return repos.backupJobs.create(
      newBackupJob({ configuration, backupType: 'FULL', origin: 'SAFETY', now: ctx.clock.now(), triggeredById: actor.userId }),
    );
  });
  const workerId = newWorkerId('restore', ctx.backups.instance, restore.id.slice(0, 8));
  const claimed = await ctx.repos.backupJobs.claim(job.id, workerId, ctx.clock.now());
  if (!claimed) throw new DomainError('RESTORE_SAFETY_BACKUP_FAILED', 'the safety snapshot job could not be started');
  // A safety snapshot must be complete: findings (a damaged live file) are kept, not fatal,
  // because refusing would leave the operator unable to restore over exactly such damage.
  const done = await executeBackupJob(ctx, { ...claimed, options: { allowFindings: true } }, { workerId });
  if (done.status !== 'COMPLETED') {
    throw new DomainError('RESTORE_SAFETY_BACKUP_FAILED', `the safety snapshot failed (${done.error ?? 'unknown'}); nothing was changed`, {
      details: { safetyBackupJobId: done.id },
    });
  }
  return done;
}

function sameDigest(a: RestoreDigest, b: RestoreDigest): boolean {
  return Object.keys(a.tables).every((t) => a.tables[t]?.sha256 === b.tables[t]?.sha256 && a.tables[t]?.rows === b.tables[t]?.rows);
}

/**
 * Steps 8–11: with the plan hash the operator confirmed, take the safety
 * snapshot, apply atomically (database in one transaction, then staged files
 * swapped in, journalled so a killed process is finished or rolled back on the
 * next start), verify, and finish COMPLETED — or roll back to the state before
 * applying and end ROLLED_BACK/FAILED with the reason.
 */
export async function applyRestore(ctx: ServiceContext, actor: Actor, options: ApplyRestoreOptions & { skipSafetyBackup?: boolean }): Promise<RestoreJob> {
  assertCan(actor, 'restore');
  const progress = (step: string, fraction: number, message: string) => options.onProgress?.({ step, fraction, message });
  const restore = await ctx.repos.restoreJobs.findById(options.restoreId);
  if (!restore) throw new DomainError('RESTORE_NOT_FOUND', `no restore ${options.restoreId}; see \`edms restore list\``);
  if (restore.status !== 'AWAITING_CONFIRMATION') {
    throw new DomainError('RESTORE_NOT_AWAITING_CONFIRMATION', `restore ${restore.id} is ${restore.status}, not awaiting confirmation`, {
      details: { status: restore.status },
    });
  }
  const lock = await ctx.restores.lock.acquire('restore', `restore:${restore.id}`);
  let phase: 'before' | 'database' | 'files' | 'after' = 'before';
  let staged: StagedPackage | null = null;
  try {
    staged = await ctx.restores.staging.open(restore.id);
    if (!staged) throw new DomainError('RESTORE_STAGING_GONE', 'the validated package is no longer staged; start the restore again');
    const skipSafety = !((restore.plan as { safetyBackup?: boolean } | null)?.safetyBackup ?? true);
    const { plan, planHash } = await computePlan(ctx, actor, staged, restore.restoreType, skipSafety);
    if (planHash !== options.planHash || planHash !== restore.planHash) {
      throw new DomainError('RESTORE_PLAN_CHANGED', 'the system changed since the plan was shown (or the plan hash does not match); review the new plan', {
        details: { expected: options.planHash, actual: planHash },
      });
    }
    if (plan.warnings.length > 0 && !(options.force || restore.force)) {
      throw new DomainError('RESTORE_WARNINGS_NEED_FORCE', `the plan has warnings (${plan.warnings.map((w) => w.code).join(', ')}); confirm with --force to proceed past them`, {
        details: { warnings: plan.warnings },
      });
    }
    await logStep(ctx, actor, restore.id, 'confirm', 'done', { status: 'RUNNING', progress: 0.72, progressMessage: 'confirmed' });
    ctx.restores.crashPoint('confirmed');

    if (skipSafety) {
      await logStep(ctx, actor, restore.id, 'safety-backup', 'skipped', {}, 'the operator opted out of the safety snapshot');
    } else {
      progress('safety-backup', 0.73, 'taking the safety snapshot');
      const safety = await takeSafetySnapshot(ctx, actor, restore);
      await logStep(ctx, actor, restore.id, 'safety-backup', 'done', { safetyBackupJobId: safety.id, progress: 0.8 }, safety.backupFilePath ?? undefined);
    }
    ctx.restores.crashPoint('safety-backup');

    const withDb = backupTypeIncludesDatabase(restore.restoreType);
    const withFiles = backupTypeIncludesFiles(restore.restoreType);
    const startedAt = ctx.clock.now().toISOString();
    await ctx.restores.journal.write({ restoreId: restore.id, phase: 'staged', restoreType: restore.restoreType, startedAt });
    ctx.restores.crashPoint('journal-staged');
    let written: RestoreDigest | null = null;
    if (withDb) {
      phase = 'database';
      progress('apply-database', 0.82, 'replacing the database in one transaction');
      written = await ctx.restores.database.apply(staged, actorInfo(actor));
      // From here the database is the package's: failures must undo it, not just stop.
      phase = 'files';
      ctx.restores.crashPoint('database-committed');
      await ctx.restores.journal.write({ restoreId: restore.id, phase: 'database-committed', restoreType: restore.restoreType, startedAt });
    }
    if (withFiles) {
      phase = 'files';
      progress('apply-files', 0.9, 'swapping the restored files in');
      await ctx.restores.files.swapIn(staged, { removeUnlisted: restore.restoreType === 'FULL' });
      ctx.restores.crashPoint('files-swapped');
      await ctx.restores.journal.write({ restoreId: restore.id, phase: 'files-swapped', restoreType: restore.restoreType, startedAt });
    }
    phase = 'after';
    await logStep(ctx, actor, restore.id, 'apply', 'done', { progress: 0.95 });

    progress('verify', 0.96, 'verifying the result');
    if (written && !sameDigest(written, await ctx.restores.database.digest())) {
      throw new DomainError('RESTORE_VERIFY_FAILED', 'the database does not hold what the restore wrote');
    }
    if (withFiles) {
      const after = await ctx.restores.files.plan(staged, { removeUnlisted: false });
      if (after.write.count > 0 || after.overwrite.count > 0) {
        throw new DomainError('RESTORE_VERIFY_FAILED', `${after.write.count + after.overwrite.count} restored file(s) do not match the package`);
      }
    }
    await ctx.restores.files.finish(restore.id);
    await ctx.restores.journal.clear();
    return await logStep(ctx, actor, restore.id, 'complete', 'done', {
      status: 'COMPLETED',
      progress: 1,
      progressMessage: 'completed',
      completedAt: ctx.clock.now(),
    });
  } catch (error) {
    // Before the database committed nothing live changed; after, the files swap is
    // undone and the database put back from the safety snapshot's staged copy.
    let status: RestoreJobStatus = 'FAILED';
    if (phase === 'files' || phase === 'after' || phase === 'database') {
      await ctx.restores.files.rollback(restore.id).catch(() => undefined);
      status = phase === 'database' ? 'FAILED' : 'ROLLED_BACK';
      if (phase !== 'database' && backupTypeIncludesDatabase(restore.restoreType)) {
        status = (await rollbackDatabase(ctx, actor, restore.id)) ? 'ROLLED_BACK' : 'FAILED';
      }
    }
    await ctx.restores.journal.clear().catch(() => undefined);
    await ctx.restores.staging.discard(restore.id).catch(() => undefined);
    await failRestore(ctx, actor, restore.id, status, error, false);
    throw error;
  } finally {
    await lock.release();
  }
}

/** Puts the database back from the restore's safety snapshot; false when there is none. */
async function rollbackDatabase(ctx: ServiceContext, actor: Actor, restoreId: string): Promise<boolean> {
  const restore = await ctx.repos.restoreJobs.findById(restoreId);
  const safety = restore?.safetyBackupJobId ? await ctx.repos.backupJobs.findById(restore.safetyBackupJobId) : null;
  if (!safety?.backupFilePath) return false;
  const rollbackId = `${restoreId}-rollback`;
  try {
    const staged = await ctx.restores.staging.stage({
      restoreId: rollbackId,
      packagePath: safety.backupFilePath,
      passphrase: ctx.backups.passphrase,
      restoreType: 'DATABASE',
      migrateThrough: [],
    });
    // The snapshot is this installation just before the restore: put the users back exactly too.
    await ctx.restores.database.apply(staged, actorInfo(actor), { removeUsersNotInPackage: true });
    return true;
  } catch {
    return false;
  } finally {
    await ctx.restores.staging.discard(rollbackId).catch(() => undefined);
  }
}

/** Ends a restore that is waiting for confirmation, without changing anything. */
export async function cancelRestore(ctx: ServiceContext, actor: Actor, restoreId: string): Promise<RestoreJob> {
  assertCan(actor, 'restore');
  const restore = await ctx.repos.restoreJobs.findById(restoreId);
  if (!restore) throw new DomainError('RESTORE_NOT_FOUND', `no restore ${restoreId}`);
  if (restore.status !== 'AWAITING_CONFIRMATION' && restore.status !== 'PENDING') {
    throw new DomainError('RESTORE_NOT_CANCELLABLE', `restore ${restoreId} is ${restore.status}; only a restore awaiting confirmation can be cancelled`);
  }
  await ctx.restores.staging.discard(restoreId);
  return logStep(ctx, actor, restoreId, 'cancel', 'done', { status: 'CANCELLED', completedAt: ctx.clock.now(), progressMessage: 'cancelled' });
}

/** The whole pipeline in one call, for the CLI: prepare, ask, apply. */
export interface RestoreNowOptions extends PrepareRestoreOptions {
  /** Shown the plan; resolves true to go ahead. Not called for a dry run. */
  confirm: (prepared: PreparedRestore) => Promise<boolean>;
}

export async function restoreNow(ctx: ServiceContext, actor: Actor, options: RestoreNowOptions): Promise<{ prepared: PreparedRestore; restore: RestoreJob }> {
  const prepared = await prepareRestore(ctx, actor, options);
  if (options.dryRun) return { prepared, restore: prepared.restore };
  if (!(await options.confirm(prepared))) {
    const cancelled = await cancelRestore(ctx, actor, prepared.restore.id);
    return { prepared, restore: cancelled };
  }
  const restore = await applyRestore(ctx, actor, {
    restoreId: prepared.restore.id,
    planHash: prepared.planHash,
    force: options.force,
    onProgress: options.onProgress,
    signal: options.signal,
    skipSafetyBackup: options.skipSafetyBackup,
  });
  return { prepared, restore };
}

export interface RecoveryResult {
  restoreId: string;
  outcome: 'rolled-forward' | 'rolled-back';
}

/**
 * Run at every start: a journal left behind means a restore was killed while
 * applying. If its database part committed (the marker is written in the same
 * transaction) the files swap is finished (roll forward); otherwise the swap is
 * undone (roll back). Either way the system is entirely old or entirely new.
 * Skipped while another process holds the maintenance lock (a live restore).
 */
export async function recoverInterruptedRestore(ctx: ServiceContext): Promise<RecoveryResult | null> {
  const entry = await ctx.restores.journal.read();
  if (!entry) {
    await failAbandonedRestores(ctx);
    return null;
  }
  let lock: { release(): Promise<void> };
  try {
    lock = await ctx.restores.lock.acquire('restore-recovery', `recovery:${entry.restoreId}`);
  } catch (error) {
    if (isDomainError(error) && error.code === 'BUSY') return null;
    throw error;
  }
  const actor = { userId: null, name: 'system:restore-recovery', role: 'ADMIN' as const };
  try {
    const withDb = backupTypeIncludesDatabase(entry.restoreType);
    const committed = withDb ? await ctx.restores.isDatabaseCommitted(entry.restoreId) : entry.phase === 'files-swapped';
    let outcome: RecoveryResult['outcome'];
    if (committed) {
      const staged = await ctx.restores.staging.open(entry.restoreId);
      if (staged && backupTypeIncludesFiles(entry.restoreType)) {
        await ctx.restores.files.swapIn(staged, { removeUnlisted: entry.restoreType === 'FULL' });
      }
      await ctx.restores.files.finish(entry.restoreId);
      outcome = 'rolled-forward';
    } else {
      await ctx.restores.files.rollback(entry.restoreId);
      await ctx.restores.staging.discard(entry.restoreId);
      outcome = 'rolled-back';
    }
    await ctx.restores.journal.clear();
    await ctx.uow.transaction(async (repos) => {
      const restore = await repos.restoreJobs.findById(entry.restoreId);
      if (restore) {
        await repos.restoreJobs.update(entry.restoreId, {
          status: outcome === 'rolled-forward' ? 'COMPLETED' : 'ROLLED_BACK',
          completedAt: ctx.clock.now(),
          progress: 1,
          progressMessage: outcome === 'rolled-forward' ? 'completed after an interruption' : 'rolled back after an interruption',
          ...(outcome === 'rolled-back' ? { error: 'RESTORE_INTERRUPTED: the restoring process stopped before the database committed' } : {}),
        });
      }
      await recordAuditEvent(repos, ctx.clock, {
        actor,
        action: 'restore.recover',
        targetType: 'RestoreJob',
        targetId: entry.restoreId,
        outcome: outcome === 'rolled-forward' ? 'SUCCESS' : 'FAILURE',
        details: { outcome, phase: entry.phase },
      });
    });
    return { restoreId: entry.restoreId, outcome };
  } finally {
    await lock.release();
  }
}

/**
 * A restore that was validating or applying when its process died, before any
 * journal existed, changed nothing live: it is marked FAILED (its staging
 * removed) so it does not look in progress forever. Only while nobody holds
 * the maintenance lock — a restore in progress elsewhere is left alone.
 */
async function failAbandonedRestores(ctx: ServiceContext): Promise<void> {
  const active = [
    ...(await ctx.repos.restoreJobs.list({ status: 'PENDING', take: 100 })).items,
    ...(await ctx.repos.restoreJobs.list({ status: 'VALIDATING', take: 100 })).items,
    ...(await ctx.repos.restoreJobs.list({ status: 'RUNNING', take: 100 })).items,
  ];
  if (active.length === 0) return;
  let lock: { release(): Promise<void> };
  try {
    lock = await ctx.restores.lock.acquire('restore-recovery', 'recovery:abandoned');
  } catch (error) {
    if (isDomainError(error) && error.code === 'BUSY') return;
    throw error;
  }
  try {
    for (const restore of active) {
      await ctx.restores.staging.discard(restore.id);
      await ctx.uow.transaction(async (repos) => {
        await repos.restoreJobs.update(restore.id, {
          status: 'FAILED',
          completedAt: ctx.clock.now(),
          error: 'RESTORE_INTERRUPTED: the restoring process stopped before applying anything; nothing was changed',
          progressMessage: 'interrupted',
        });
        await recordAuditEvent(repos, ctx.clock, {
          actor: 'system:restore-recovery',
          action: 'restore.recover',
          targetType: 'RestoreJob',
          targetId: restore.id,
          outcome: 'FAILURE',
          details: { outcome: 'abandoned', status: restore.status },
        });
      });
    }
  } finally {
    await lock.release();
  }
}

export async function listRestores(ctx: ServiceContext, actor: Actor, query: RestoreJobListQuery = {}): Promise<Page<RestoreJob>> {
  assertCan(actor, 'read');
  return ctx.repos.restoreJobs.list({ ...query, ...clampPage(query) });
}

export async function getRestore(ctx: ServiceContext, actor: Actor, id: string): Promise<RestoreJob> {
  assertCan(actor, 'read');
  const restore = await ctx.repos.restoreJobs.findById(id);
  if (!restore) throw new DomainError('RESTORE_NOT_FOUND', `no restore ${id}; see \`edms restore list\``, { details: { id } });
  return restore;
}
