import { Flags } from '@oclif/core';
import { listRestores, RESTORE_JOB_STATUSES, type RestoreJob, type RestoreJobStatus } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { formatDate, renderTable } from '../../lib/table';

export default class RestoreList extends BaseCommand<typeof RestoreList> {
  static override summary = 'List restores, newest first.';
  static override examples = ['<%= config.bin %> restore list', '<%= config.bin %> restore list --status completed --json'];
  static override flags = {
    status: Flags.string({ description: 'Only this status.', options: RESTORE_JOB_STATUSES.map((s) => s.toLowerCase()) }),
    limit: Flags.integer({ description: 'At most this many (1–1000).', default: 50, min: 1, max: 1000 }),
    offset: Flags.integer({ description: 'Skip this many.', default: 0, min: 0 }),
  };

  async run(): Promise<{ items: RestoreJob[]; total: number; offset: number; limit: number }> {
    const page = await listRestores(this.ctx, this.actor, {
      status: this.flags.status?.toUpperCase() as RestoreJobStatus | undefined,
      skip: this.flags.offset,
      take: this.flags.limit,
    });
    this.log(
      page.items.length
        ? renderTable(page.items, [
            { header: 'ID', value: (r) => r.id },
            { header: 'TYPE', value: (r) => r.restoreType },
            { header: 'STATUS', value: (r) => r.status },
            { header: 'DRY RUN', value: (r) => r.dryRun },
            { header: 'BACKUP', value: (r) => r.backupJobId },
            { header: 'CREATED', value: (r) => formatDate(r.createdAt) },
            { header: 'ERROR', value: (r) => r.error },
          ])
        : 'No restores.',
    );
    return { ...page, offset: this.flags.offset, limit: this.flags.limit };
  }
}
