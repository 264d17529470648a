import type { BackupConfiguration, BackupJob } from '../../model/entities';
import { recordAuditEvent } from '../../audit/record-audit-event';
import { findConfigurationOrThrow } from '../../configurations/manage-configurations';
import { TEMP_RESTORE_CONFIG_NAME } from '../../configurations/configuration-rules';
import { assertCan, type Actor } from '../../shared/actor';
import type { ServiceContext } from '../../shared/service-context';
import { applyRetention, type RetentionReason } from '../retention';

/** Which configurations to prune and whether to only list. */
export interface PruneBackupsOptions {
  /** Name or id; every non-temporary configuration when omitted. */
  configuration?: string;
  dryRun?: boolean;
}

export interface PruneDecision {
  jobId: string;
  jobName: string;
  completedAt: string;
  path: string | null;
  sizeBytes: number | null;
  reasons: RetentionReason[];
}

export interface PruneConfigurationResult {
  configuration: string;
  keep: PruneDecision[];
  remove: PruneDecision[];
  freedBytes: number;
}

export interface PruneBackupsResult {
  dryRun: boolean;
  configurations: PruneConfigurationResult[];
}

/**
 * Applies each configuration's retention (restic-style) to its COMPLETED
 * packages. Without dry run the package files are deleted and the jobs marked
 * pruned (kept as history). Imported packages (the temporary configuration)
 * are never pruned.
 */
export async function pruneBackups(ctx: ServiceContext, actor: Actor, options: PruneBackupsOptions = {}): Promise<PruneBackupsResult> {
  assertCan(actor, options.dryRun ? 'read' : 'runBackup');
  const configurations: BackupConfiguration[] = options.configuration
    ? [await findConfigurationOrThrow(ctx, options.configuration)]
    : await ctx.repos.configurations.list({ includeTemporary: true });
  const results: PruneConfigurationResult[] = [];
  for (const configuration of configurations.filter((c) => c.name !== TEMP_RESTORE_CONFIG_NAME)) {
    const jobs = await ctx.repos.backupJobs.listRetained(configuration.id);
    const byId = new Map(jobs.map((j) => [j.id, j]));
    const decision = applyRetention(
      configuration.retention,
      jobs.map((j) => ({ id: j.id, completedAt: j.completedAt ?? j.createdAt })),
    );
    const describe = (id: string, reasons: RetentionReason[]): PruneDecision => {
      const job = byId.get(id) as BackupJob;
      return {
        jobId: job.id,
        jobName: job.jobName,
        completedAt: (job.completedAt ?? job.createdAt).toISOString(),
        path: job.backupFilePath,
        sizeBytes: job.sizeBytes,
        reasons,
      };
    };
    const result: PruneConfigurationResult = {
      configuration: configuration.name,
      keep: decision.keep.map((k) => describe(k.id, k.reasons)),
      remove: decision.remove.map((r) => describe(r.id, [])),
      freedBytes: decision.remove.reduce((sum, r) => sum + (byId.get(r.id)?.sizeBytes ?? 0), 0),
    };
    if (!options.dryRun && result.remove.length > 0) {
      for (const removal of result.remove) {
        if (removal.path) await ctx.backups.storage.remove(removal.path);
        await ctx.uow.transaction(async (repos) => {
          await repos.backupJobs.update(removal.jobId, { prunedAt: ctx.clock.now() });
          await recordAuditEvent(repos, ctx.clock, {
            actor,
            action: 'backup.prune',
            targetType: 'BackupJob',
            targetId: removal.jobId,
            details: { configuration: configuration.name, jobName: removal.jobName, path: removal.path, sizeBytes: removal.sizeBytes },
          });
        });
      }
    }
    results.push(result);
  }
  return { dryRun: !!options.dryRun, configurations: results };
}
