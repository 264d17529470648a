import { Args } from '@oclif/core';
import { getDocument, type DocumentDetails } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { renderDocumentDetails } from '../../lib/documents';

export default class DocShow extends BaseCommand<typeof DocShow> {
  static override summary = 'Show a document and its versions.';
  static override examples = ['<%= config.bin %> doc show SOP-0001', '<%= config.bin %> doc show SOP-0001 --json'];
  static override args = {
    number: Args.string({ description: 'Document number (or id).', required: true }),
  };

  async run(): Promise<DocumentDetails> {
    const details = await getDocument(this.ctx, this.actor, this.args.number);
    this.log(renderDocumentDetails(details));
    return details;
  }
}
