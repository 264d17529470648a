import { Flags } from '@oclif/core';
import { DEFAULT_PAGE_SIZE, listDocuments, parseDocumentStatus, type Document } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { renderDocumentTable } from '../../lib/documents';

export interface DocListResult {
  items: Document[];
  total: number;
  offset: number;
  limit: number;
}

export default class DocList extends BaseCommand<typeof DocList> {
  static override summary = 'List documents, ordered by number.';
  static override description = `With --json, prints { items, total, offset, limit }. At most ${DEFAULT_PAGE_SIZE} per page unless --limit is given (up to 1000).`;
  static override examples = [
    '<%= config.bin %> doc list',
    '<%= config.bin %> doc list --search cleaning --status effective',
    '<%= config.bin %> doc list --limit 100 --offset 100 --json',
  ];
  static override flags = {
    search: Flags.string({ description: 'Text to find in the number or title.' }),
    status: Flags.string({ description: 'Only documents with this status.' }),
    limit: Flags.integer({ description: 'Page size (1–1000).', default: DEFAULT_PAGE_SIZE, min: 1, max: 1000 }),
    offset: Flags.integer({ description: 'Documents to skip.', default: 0, min: 0 }),
  };

  async run(): Promise<DocListResult> {
    const { limit, offset } = this.flags;
    const page = await listDocuments(this.ctx, this.actor, {
      search: this.flags.search,
      status: this.flags.status === undefined ? undefined : parseDocumentStatus(this.flags.status),
      skip: offset,
      take: limit,
    });
    if (page.items.length === 0) {
      const isFiltered = this.flags.search !== undefined || this.flags.status !== undefined;
      this.log(
        page.total > 0
          ? 'No documents on this page.'
          : isFiltered
            ? 'No documents match.'
            : 'No documents yet. Add one with `edms doc add FILE --title TITLE`.',
      );
    } else {
      this.log(renderDocumentTable(page.items));
      this.info(`Showing ${offset + 1}–${offset + page.items.length} of ${page.total}.`);
    }
    return { items: page.items, total: page.total, offset, limit };
  }
}
