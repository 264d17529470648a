import { packageLocation } from './files';
import {
  applyRestore,
  cancelRestore,
  prepareRestore,
  type Actor,
  type BackupType,
  type PreparedRestore,
  type RestoreJob,
  type RestorePlan,
  type ServiceContext,
} from '@edms/domain';
import { CliError } from './cli-error';
import { fractionReporter } from './progress';
import { canPrompt, confirmOrRefuse } from './prompt';
import { formatBytes, renderTable } from './table';

export interface CliRestoreOptions {
  file?: string;
  jobId?: string;
  restoreType?: BackupType;
  dryRun: boolean;
  force: boolean;
  yes: boolean;
  skipSafetyBackup: boolean;
  log: (text: string) => void;
}

export interface CliRestoreResult {
  restore: RestoreJob;
  plan: RestorePlan;
  planHash: string;
}

export function renderPlan(plan: RestorePlan, planHash: string): string {
  const lines: string[] = [];
  lines.push(
    `Restore ${plan.restoreType} from package ${plan.package.packageId} (${plan.package.backupType}, ${plan.package.configuration}, made ${plan.package.createdAt} on ${plan.package.sourceHostname})`,
  );
  if (plan.tables.length) {
    lines.push('', 'Database (one transaction):');
    lines.push(
      renderTable(plan.tables, [
        { header: 'TABLE', value: (t) => t.table },
        { header: 'PACKAGE', value: (t) => t.packageRows, alignRight: true },
        { header: 'CURRENT', value: (t) => t.currentRows, alignRight: true },
        { header: 'INSERT', value: (t) => t.insert, alignRight: true },
        { header: 'REPLACE', value: (t) => t.replace, alignRight: true },
        { header: 'DELETE', value: (t) => t.delete, alignRight: true },
        { header: 'UNCHANGED', value: (t) => t.unchanged, alignRight: true },
        { header: 'PROTECTED', value: (t) => t.protected, alignRight: true },
        { header: 'RULE', value: (t) => t.rule },
      ]),
    );
  }
  if (plan.files) {
    const f = plan.files;
    lines.push(
      '',
      `Files: write ${f.write.count} (${formatBytes(f.write.bytes)}), overwrite ${f.overwrite.count} (${formatBytes(f.overwrite.bytes)}), ` +
        `remove ${f.remove.count} (${formatBytes(f.remove.bytes)}), unchanged ${f.unchanged.count}`,
    );
  }
  lines.push('', 'Protected:', ...plan.protectedRecords.map((p) => `  - ${p}`));
  lines.push(
    '',
    `Safety snapshot first: ${plan.safetyBackup ? 'yes' : 'NO (opted out)'}; disk: needs ${formatBytes(plan.disk.neededBytes)}, ${formatBytes(plan.disk.freeBytes)} free, ${formatBytes(Math.max(0, plan.disk.freeAfterBytes))} after`,
  );
  if (plan.warnings.length) lines.push('', 'Warnings (need --force):', ...plan.warnings.map((w) => `  ! [${w.code}] ${w.message}`));
  lines.push('', `Plan hash: ${planHash}`);
  return lines.join('\n');
}

/**
 * The CLI's restore: validate and plan (showing the plan on stderr), then ask —
 * `--yes`/`--force` answer; a terminal prompts; without either it refuses and
 * cancels, changing nothing — then apply with progress on stderr.
 */
export async function runCliRestore(ctx: ServiceContext, actor: Actor, options: CliRestoreOptions): Promise<CliRestoreResult> {
  const progress = fractionReporter('restore');
  const prepared: PreparedRestore = await prepareRestore(ctx, actor, {
    source: options.file ? { kind: 'file', path: packageLocation(options.file) } : { kind: 'job', jobId: options.jobId as string },
    restoreType: options.restoreType,
    dryRun: options.dryRun,
    force: options.force,
    skipSafetyBackup: options.skipSafetyBackup,
    onProgress: (p) => progress.update(p.fraction, `${p.step}: ${p.message}`),
  });
  progress.done();
  options.log(renderPlan(prepared.plan, prepared.planHash));
  if (options.dryRun) {
    options.log('\nDry run: nothing was changed.');
    return { restore: prepared.restore, plan: prepared.plan, planHash: prepared.planHash };
  }
  try {
    if (prepared.plan.warnings.length > 0 && !options.force) {
      throw new CliError('RESTORE_WARNINGS_NEED_FORCE', `the plan has ${prepared.plan.warnings.length} warning(s); review them and run again with --force to proceed`, {
        details: { warnings: prepared.plan.warnings },
      });
    }
    if (!(options.yes || options.force) && !canPrompt()) {
      throw new CliError('CONFIRMATION_REQUIRED', 'a restore needs confirmation and there is no terminal to ask on; pass --yes (or --force) to confirm');
    }
    await confirmOrRefuse({ yes: options.yes || options.force, action: `Apply this restore (plan ${prepared.planHash.slice(0, 12)})` });
  } catch (error) {
    await cancelRestore(ctx, actor, prepared.restore.id);
    throw error;
  }
  const applyProgress = fractionReporter('restore');
  const restore = await applyRestore(ctx, actor, {
    restoreId: prepared.restore.id,
    planHash: prepared.planHash,
    force: options.force,
    onProgress: (p) => applyProgress.update(p.fraction, `${p.step}: ${p.message}`),
  });
  applyProgress.done();
  options.log(`\nRestore ${restore.id} ${restore.status}.${restore.safetyBackupJobId ? ` Safety snapshot: backup ${restore.safetyBackupJobId}.` : ''}`);
  return { restore, plan: prepared.plan, planHash: prepared.planHash };
}
