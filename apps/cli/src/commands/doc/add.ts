import { Args, Flags } from '@oclif/core';
import { addDocument, addDocumentVersion, type DocumentWithVersion } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { openInputFile } from '../../lib/files';
import { renderDocumentVersion } from '../../lib/documents';

export default class DocAdd extends BaseCommand<typeof DocAdd> {
  static override summary = 'Add a document, or a new version of one, from a file.';
  static override description =
    'With --title, creates a new controlled document whose first version is FILE; its number is --number or the next free one for --prefix (default SOP). ' +
    'With --document NUMBER, adds FILE as the next version of that document instead. The bytes are stored with their sha256 and an audit event is recorded.';
  static override examples = [
    '<%= config.bin %> doc add ./cleaning.pdf --title "Cleaning of Production Equipment" --status draft --owner qa.lead',
    '<%= config.bin %> doc add ./spec.txt --title "Raw Material Specification" --prefix SPEC',
    '<%= config.bin %> doc add ./cleaning-v2.pdf --document SOP-0001 --note "Annual review" --status in_review',
  ];
  static override args = {
    file: Args.string({ description: 'Path of the file to store.', required: true }),
  };
  static override flags = {
    title: Flags.string({ description: 'Title of a new document.', exactlyOne: ['title', 'document'] }),
    document: Flags.string({ description: 'Number (or id) of an existing document to add a version to.', helpValue: 'NUMBER', exactlyOne: ['title', 'document'] }),
    number: Flags.string({ description: 'Explicit number for a new document, e.g. SOP-0042.', exclusive: ['document', 'prefix'] }),
    prefix: Flags.string({ description: 'Prefix for the next free number of a new document (default SOP).', exclusive: ['document'] }),
    owner: Flags.string({ description: 'Username of the new document\'s owner (default: the first administrator).', helpValue: 'USERNAME', exclusive: ['document'] }),
    status: Flags.string({ description: 'DRAFT, IN_REVIEW, APPROVED, EFFECTIVE, SUPERSEDED or OBSOLETE (a new version may change it).' }),
    note: Flags.string({ description: 'Note recorded on the version.' }),
  };

  async run(): Promise<DocumentWithVersion> {
    const input = await openInputFile(this.args.file);
    const content = { fileName: input.fileName, content: input.content, note: this.flags.note ?? null };
    const result = this.flags.document
      ? await addDocumentVersion(this.ctx, this.actor, { ...content, document: this.flags.document, status: this.flags.status })
      : await addDocument(this.ctx, this.actor, {
          ...content,
          title: this.flags.title!,
          number: this.flags.number,
          prefix: this.flags.prefix,
          status: this.flags.status,
          ownerUsername: this.flags.owner,
        });
    this.info(
      result.version.version === 1
        ? `Added document ${result.document.number}.`
        : `Added version ${result.version.version} of ${result.document.number}.`,
    );
    this.log(renderDocumentVersion(result));
    return result;
  }
}
