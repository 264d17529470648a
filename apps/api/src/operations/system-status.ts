import {
  listBackups,
  listConfigurations,
  listRestores,
  upcomingRuns,
  type Actor,
  type BackupJob,
  type RestoreJob,
} from '@edms/domain';
import type { ApiDependencies } from '../dependencies';

export interface SystemStatus {
  version: string;
  time: string;
  documents: number;
  backups: {
    lastCompleted: BackupJob | null;
    lastFailed: BackupJob | null;
    active: BackupJob[];
    next: Array<{ configuration: string; backupType: string; scheduledFor: string }>;
    /** Bytes of package files the catalog holds (COMPLETED, not pruned). */
    storedBytes: number;
  };
  restores: { active: RestoreJob[]; interrupted: string | null };
  disk: { freeBytes: number; totalBytes: number };
}

/**
 * A dashboard summary: last and next backups, failures, what is running,
 * storage used and free. Read-only, assembled from the domain's read queries
 * (the domain has no single status use case yet).
 */
export async function getSystemStatus(deps: ApiDependencies, actor: Actor): Promise<SystemStatus> {
  const { ctx } = deps.services;
  const [completed, failed, running, pending, configurations, validating, awaiting, applying] = await Promise.all([
    listBackups(ctx, actor, { status: 'COMPLETED', take: 1 }),
    listBackups(ctx, actor, { status: 'FAILED', take: 1 }),
    listBackups(ctx, actor, { status: 'RUNNING', take: 100 }),
    listBackups(ctx, actor, { status: 'PENDING', take: 100 }),
    listConfigurations(ctx, actor),
    listRestores(ctx, actor, { status: 'VALIDATING', take: 100 }),
    listRestores(ctx, actor, { status: 'AWAITING_CONFIRMATION', take: 100 }),
    listRestores(ctx, actor, { status: 'RUNNING', take: 100 }),
  ]);
  const withFiles = await ctx.repos.backupJobs.listWithFiles();
  const now = ctx.clock.now();
  return {
    version: deps.version,
    time: now.toISOString(),
    documents: await ctx.repos.documents.count(),
    backups: {
      lastCompleted: completed.items[0] ?? null,
      lastFailed: failed.items[0] ?? null,
      active: [...running.items, ...pending.items],
      next: upcomingRuns(configurations, now, 5).map((run) => ({
        configuration: run.config.name,
        backupType: run.config.backupType,
        scheduledFor: run.scheduledFor.toISOString(),
      })),
      storedBytes: withFiles.filter((j) => j.status === 'COMPLETED').reduce((sum, j) => sum + (j.sizeBytes ?? 0), 0),
    },
    restores: {
      active: [...validating.items, ...awaiting.items, ...applying.items],
      interrupted: (await ctx.restores.journal.read())?.restoreId ?? null,
    },
    disk: await ctx.restores.staging.diskSpace(),
  };
}
