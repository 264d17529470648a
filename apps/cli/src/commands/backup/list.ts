import { Flags } from '@oclif/core';
import { BACKUP_JOB_STATUSES, BACKUP_ORIGINS, listBackups, type BackupJob, type BackupJobStatus, type BackupOrigin } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { renderJobs } from '../../lib/backups';

export default class BackupList extends BaseCommand<typeof BackupList> {
  static override summary = 'List backup jobs, newest first.';
  static override examples = ['<%= config.bin %> backup list', '<%= config.bin %> backup list --configuration daily-full --status completed --json'];
  static override flags = {
    configuration: Flags.string({ description: 'Only this configuration.' }),
    status: Flags.string({ description: 'Only this status.', options: BACKUP_JOB_STATUSES.map((s) => s.toLowerCase()) }),
    origin: Flags.string({ description: 'Only this origin.', options: BACKUP_ORIGINS.map((s) => s.toLowerCase()) }),
    'include-pruned': Flags.boolean({ description: 'Also list jobs whose package retention removed.' }),
    limit: Flags.integer({ description: 'At most this many (1–1000).', default: 50, min: 1, max: 1000 }),
    offset: Flags.integer({ description: 'Skip this many.', default: 0, min: 0 }),
  };

  async run(): Promise<{ items: BackupJob[]; total: number; offset: number; limit: number }> {
    const page = await listBackups(this.ctx, this.actor, {
      configuration: this.flags.configuration,
      status: this.flags.status?.toUpperCase() as BackupJobStatus | undefined,
      origin: this.flags.origin?.toUpperCase() as BackupOrigin | undefined,
      includePruned: this.flags['include-pruned'],
      skip: this.flags.offset,
      take: this.flags.limit,
    });
    this.log(page.items.length ? renderJobs(page.items) : 'No backups.');
    if (page.total > page.items.length) this.log(`(${page.items.length} of ${page.total}; use --offset/--limit for more)`);
    return { ...page, offset: this.flags.offset, limit: this.flags.limit };
  }
}
