import { Args, Flags } from '@oclif/core';
import { deleteBackup, getBackup, type BackupJob } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { confirmOrRefuse } from '../../lib/prompt';

export default class BackupDelete extends BaseCommand<typeof BackupDelete> {
  static override summary = 'Delete a backup: its package file and its catalog entry.';
  static override examples = ['<%= config.bin %> backup delete 3f1c… --yes'];
  static override args = { id: Args.string({ description: 'Job id.', required: true }) };
  static override flags = { yes: Flags.boolean({ char: 'y', description: 'Confirm without asking.' }) };

  async run(): Promise<{ job: BackupJob; fileRemoved: boolean; rowKept: boolean }> {
    const job = await getBackup(this.ctx, this.actor, this.args.id);
    await confirmOrRefuse({ yes: this.flags.yes, action: `Delete backup ${job.jobName} and its package ${job.backupFilePath ?? ''}`.trim() });
    const result = await deleteBackup(this.ctx, this.actor, job.id);
    this.log(`Deleted backup ${job.jobName}${result.fileRemoved ? ' and its package file' : ''}${result.rowKept ? ' (catalog entry kept: a restore refers to it)' : ''}.`);
    return result;
  }
}
