import { Args } from '@oclif/core';
import { getRestore, type RestoreJob } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { formatDate, renderFields } from '../../lib/table';

export default class RestoreShow extends BaseCommand<typeof RestoreShow> {
  static override summary = 'Show one restore with its step log.';
  static override examples = ['<%= config.bin %> restore show 7a2b…', '<%= config.bin %> restore show 7a2b… --json'];
  static override args = { id: Args.string({ description: 'Restore id.', required: true }) };

  async run(): Promise<RestoreJob> {
    const restore = await getRestore(this.ctx, this.actor, this.args.id);
    this.log(
      renderFields([
        ['Restore', restore.id],
        ['Status', restore.status],
        ['Type', restore.restoreType],
        ['Dry run', restore.dryRun],
        ['Backup', restore.backupJobId],
        ['Safety backup', restore.safetyBackupJobId],
        ['Plan hash', restore.planHash],
        ['Started', formatDate(restore.startedAt)],
        ['Completed', formatDate(restore.completedAt)],
        ['Error', restore.error],
      ]),
    );
    for (const step of restore.steps) this.log(`  ${step.at}  ${step.step.padEnd(14)} ${step.status}${step.message ? `  ${step.message}` : ''}`);
    return restore;
  }
}
