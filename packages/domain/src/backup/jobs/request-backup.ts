import type { BackupJob, BackupType } from '../../model/entities';
import { recordAuditEvent } from '../../audit/record-audit-event';
import { findConfigurationOrThrow } from '../../configurations/manage-configurations';
import { assertCan, type Actor } from '../../shared/actor';
import { DomainError } from '../../shared/domain-error';
import type { ServiceContext } from '../../shared/service-context';
import { newBackupJob } from './new-backup-job';

/** Which configuration an on-demand backup of a type uses when none is named. */
export const DEFAULT_ON_DEMAND_CONFIGURATION: Record<BackupType, string> = {
  FULL: 'pre-upgrade-full',
  DATABASE: 'manual-database',
  FILES: 'manual-files',
};

/** An on-demand backup. */
export interface RequestBackupOptions {
  /** Configuration name or id; by default the on-demand configuration of the type. */
  configuration?: string;
  /** Overrides the configuration's type for this run. */
  backupType?: BackupType;
  /** Complete even when live files are missing or differ from their recorded sha256 (reported as findings). */
  allowFindings?: boolean;
}

/**
 * Queues a MANUAL job. A configuration never has two jobs at once, so a
 * request while one is pending or running is refused with `BACKUP_ALREADY_ACTIVE`.
 */
export async function requestBackup(ctx: ServiceContext, actor: Actor, options: RequestBackupOptions = {}): Promise<BackupJob> {
  assertCan(actor, 'runBackup');
  const nameOrId = options.configuration ?? DEFAULT_ON_DEMAND_CONFIGURATION[options.backupType ?? 'FULL'];
  return ctx.uow.transaction(async (repos) => {
    const configuration = await findConfigurationOrThrow({ repos }, nameOrId);
    if (configuration.isTemporary) {
      throw new DomainError('CONFIG_PROTECTED', `"${configuration.name}" only holds imported packages; choose another configuration`);
    }
    if (await repos.backupJobs.hasActiveJob(configuration.id)) {
      throw new DomainError(
        'BACKUP_ALREADY_ACTIVE',
        `a backup of "${configuration.name}" is already pending or running; see \`edms backup list --configuration ${configuration.name}\``,
        { details: { configuration: configuration.name } },
      );
    }
    const job = await repos.backupJobs.create(
      newBackupJob({
        configuration,
        backupType: options.backupType,
        origin: 'MANUAL',
        now: ctx.clock.now(),
        triggeredById: actor.userId,
        allowFindings: options.allowFindings,
      }),
    );
    await recordAuditEvent(repos, ctx.clock, {
      actor,
      action: 'backup.request',
      targetType: 'BackupJob',
      targetId: job.id,
      details: { configuration: configuration.name, backupType: job.backupType, allowFindings: !!options.allowFindings },
    });
    return job;
  });
}
