import { Args, Flags } from '@oclif/core';
import { pruneBackups, type PruneBackupsResult } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { formatBytes } from '../../lib/table';

export default class BackupPrune extends BaseCommand<typeof BackupPrune> {
  static override summary = 'Apply retention: delete old packages beyond keepLast/keepDaily/keepWeekly/keepMonthly.';
  static override description = 'Like restic\'s forget: a package kept by any rule is kept. With --dry-run nothing is deleted; the decision is listed.';
  static override examples = ['<%= config.bin %> backup prune --dry-run', '<%= config.bin %> backup prune daily-full --json'];
  static override args = { configuration: Args.string({ description: 'Only this configuration.' }) };
  static override flags = { 'dry-run': Flags.boolean({ description: 'List what would be deleted; delete nothing.' }) };

  async run(): Promise<PruneBackupsResult> {
    const result = await pruneBackups(this.ctx, this.actor, { configuration: this.args.configuration, dryRun: this.flags['dry-run'] });
    const verb = result.dryRun ? 'would remove' : 'removed';
    for (const c of result.configurations) {
      for (const r of c.remove) this.log(`${c.configuration}: ${verb} ${r.jobName} (${r.completedAt})`);
      this.log(`${c.configuration}: keep ${c.keep.length}, ${verb} ${c.remove.length}, ${formatBytes(c.freedBytes)}`);
    }
    return result;
  }
}
