import { Args } from '@oclif/core';
import { getBackup, type BackupJob } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { describeJob } from '../../lib/backups';

export default class BackupShow extends BaseCommand<typeof BackupShow> {
  static override summary = 'Show one backup job.';
  static override examples = ['<%= config.bin %> backup show 3f1c…', '<%= config.bin %> backup show 3f1c… --json'];
  static override args = { id: Args.string({ description: 'Job id (or package id).', required: true }) };

  async run(): Promise<BackupJob> {
    const job = await getBackup(this.ctx, this.actor, this.args.id);
    this.log(describeJob(job));
    return job;
  }
}
