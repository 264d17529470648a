import { createHash } from 'node:crypto';
import type { BackupJob } from '../model/entities';
import { recordAuditEvent } from '../audit/record-audit-event';
import { getOrCreateSafetyConfig } from '../configurations/temp-restore-config';
import { executeBackupJob } from '../backup/jobs/execute-backup-job';
import { newBackupJob } from '../backup/jobs/new-backup-job';
import { assertCan, type Actor } from '../shared/actor';
import { canonicalJson } from '../shared/canonical-json';
import { DomainError } from '../shared/domain-error';
import type { ServiceContext } from '../shared/service-context';

export interface ResetPlan {
  remove: { documents: number; versions: number; files: number; fileBytes: number; users: number; usernames: string[] };
  protectedRecords: string[];
  safetyBackup: boolean;
}

export interface ResetSystemOptions {
  dryRun?: boolean;
  /** The plan hash shown to the operator (API and web); the CLI confirms interactively or with --yes. */
  planHash?: string;
  confirmed: boolean;
  skipSafetyBackup?: boolean;
}

export interface ResetSystemResult {
  plan: ResetPlan;
  planHash: string;
  applied: boolean;
  safetyBackupJobId: string | null;
}

export const RESET_PROTECTED_RECORDS: readonly string[] = [
  'Administrators and the acting user',
  'Backup configurations',
  'The backup and restore catalog and every package file',
  'Audit events',
  'API tokens of the users who remain, and settings',
];

async function planReset(ctx: ServiceContext, actor: Actor, skipSafetyBackup: boolean): Promise<{ plan: ResetPlan; planHash: string }> {
  const counts = await ctx.restores.database.planReset({ userId: actor.userId, username: actor.userId ? actor.name : null });
  let files = 0;
  let fileBytes = 0;
  for await (const stored of ctx.fileStore.list()) {
    files += 1;
    fileBytes += stored.sizeBytes;
  }
  const plan: ResetPlan = {
    remove: { documents: counts.documents, versions: counts.versions, files, fileBytes, users: counts.users, usernames: counts.usernames },
    protectedRecords: [...RESET_PROTECTED_RECORDS],
    safetyBackup: !skipSafetyBackup,
  };
  return { plan, planHash: createHash('sha256').update(canonicalJson(plan)).digest('hex') };
}

/**
 * Safe re-initialisation (SPEC §6): removes documents, versions, their files and
 * non-admin users; protects admins, the acting user, configurations, the
 * catalog and packages, audit events, tokens and settings. Shows its plan,
 * needs confirmation, takes a SAFETY backup first and holds the maintenance lock.
 */
export async function resetSystem(ctx: ServiceContext, actor: Actor, options: ResetSystemOptions): Promise<ResetSystemResult> {
  assertCan(actor, 'reset');
  const lock = await ctx.restores.lock.acquire('reset', `reset:${actor.name}`);
  try {
    const { plan, planHash } = await planReset(ctx, actor, !!options.skipSafetyBackup);
    if (options.dryRun) return { plan, planHash, applied: false, safetyBackupJobId: null };
    if (!options.confirmed) {
      throw new DomainError('CONFIRMATION_REQUIRED', 'a system reset needs confirmation: answer the prompt, or pass --yes');
    }
    if (options.planHash !== undefined && options.planHash !== planHash) {
      throw new DomainError('RESET_PLAN_CHANGED', 'the system changed since the reset plan was shown; review the new plan', {
        details: { expected: options.planHash, actual: planHash },
      });
    }
    let safety: BackupJob | null = null;
    if (!options.skipSafetyBackup) {
      const job = await ctx.uow.transaction(async (repos) => {
        const configuration = await getOrCreateSafetyConfig(repos, ctx.clock);
        return repos.backupJobs.create(newBackupJob({ configuration, backupType: 'FULL', origin: 'SAFETY', now: ctx.clock.now(), triggeredById: actor.userId }));
      });
      const workerId = `reset-${job.id.slice(0, 8)}`;
      const claimed = await ctx.repos.backupJobs.claim(job.id, workerId, ctx.clock.now());
      safety = claimed ? await executeBackupJob(ctx, { ...claimed, options: { allowFindings: true } }, { workerId }) : null;
      if (!safety || safety.status !== 'COMPLETED') {
        throw new DomainError('RESET_SAFETY_BACKUP_FAILED', `the safety snapshot failed (${safety?.error ?? 'not started'}); nothing was removed`);
      }
    }
    const removed = await ctx.restores.database.applyReset({ userId: actor.userId, username: actor.userId ? actor.name : null });
    // Files go after the database committed: a crash in between leaves orphan
    // files (reported by `system check`, removed by running reset again), never
    // versions without their files.
    const keys: string[] = [];
    for await (const stored of ctx.fileStore.list()) keys.push(stored.key);
    for (const key of keys) await ctx.fileStore.remove(key);
    await ctx.uow.transaction((repos) =>
      recordAuditEvent(repos, ctx.clock, {
        actor,
        action: 'system.reset',
        targetType: 'System',
        details: { ...removed, files: keys.length, safetyBackupJobId: safety?.id ?? null, planHash },
      }),
    );
    return { plan, planHash, applied: true, safetyBackupJobId: safety?.id ?? null };
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'CONFIRMATION_REQUIRED')) {
      await ctx.uow
        .transaction((repos) =>
          recordAuditEvent(repos, ctx.clock, {
            actor,
            action: 'system.reset',
            targetType: 'System',
            outcome: 'FAILURE',
            details: { message: error instanceof Error ? error.message : String(error) },
          }),
        )
        .catch(() => undefined);
    }
    throw error;
  } finally {
    await lock.release();
  }
}
