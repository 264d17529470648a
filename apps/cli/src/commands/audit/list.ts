import { Flags } from '@oclif/core';
import { DEFAULT_PAGE_SIZE, listAuditEvents, type AuditEvent } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { formatDate, renderTable } from '../../lib/table';

export interface AuditListResult {
  items: AuditEvent[];
  total: number;
  offset: number;
  limit: number;
}

export default class AuditList extends BaseCommand<typeof AuditList> {
  static override summary = 'List audit events, newest first.';
  static override description = 'With --json, prints { items, total, offset, limit }; each event carries its sequence, details, prevHash and hash.';
  static override examples = [
    '<%= config.bin %> audit list',
    '<%= config.bin %> audit list --action config.update --limit 20',
    '<%= config.bin %> audit list --actor admin --json',
  ];
  static override flags = {
    action: Flags.string({ description: 'Only this action, e.g. config.create or document.create.' }),
    actor: Flags.string({ description: 'Only events by this actor, e.g. admin or cli:root.' }),
    limit: Flags.integer({ description: 'Page size (1–1000).', default: DEFAULT_PAGE_SIZE, min: 1, max: 1000 }),
    offset: Flags.integer({ description: 'Events to skip.', default: 0, min: 0 }),
  };

  async run(): Promise<AuditListResult> {
    const { limit, offset } = this.flags;
    const page = await listAuditEvents(this.ctx, this.actor, {
      action: this.flags.action,
      actor: this.flags.actor,
      skip: offset,
      take: limit,
    });
    if (page.items.length === 0) {
      this.log('No audit events match.');
    } else {
      this.log(
        renderTable(page.items, [
          { header: 'SEQ', value: (e) => e.sequence, alignRight: true },
          { header: 'AT', value: (e) => formatDate(e.at) },
          { header: 'ACTOR', value: (e) => e.actor },
          { header: 'ACTION', value: (e) => e.action },
          { header: 'OUTCOME', value: (e) => e.outcome },
          { header: 'TARGET', value: (e) => (e.targetId ? `${e.targetType} ${e.targetId}` : e.targetType) },
        ]),
      );
      this.info(`Showing ${offset + 1}–${offset + page.items.length} of ${page.total}.`);
    }
    return { items: page.items, total: page.total, offset, limit };
  }
}
