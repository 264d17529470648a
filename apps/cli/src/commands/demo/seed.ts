import { Flags } from '@oclif/core';
import { MAX_DEMO_DOCUMENTS, seedDemoDocuments, type SeedDemoDocumentsResult } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { formatBytes } from '../../lib/table';

export default class DemoSeed extends BaseCommand<typeof DemoSeed> {
  static override summary = 'Create realistic demonstration documents.';
  static override description =
    'Creates N documents (numbers like SOP-0001, SPEC-0001; mixed statuses and owners) with 1–3 versions each, half text and half incompressible binary files, ' +
    'so that backups have something real to protect. Adds the demo owners qa.lead, doc.controller and lab.manager if missing. The same --seed gives the same content. ' +
    'Progress goes to stderr.';
  static override examples = ['<%= config.bin %> demo seed --documents 50', '<%= config.bin %> demo seed --documents 500 --seed 7 --json'];
  static override flags = {
    documents: Flags.integer({ description: `How many documents to create (1–${MAX_DEMO_DOCUMENTS}).`, required: true, helpValue: 'N' }),
    seed: Flags.integer({ description: 'Seed of the generator (default 42).', helpValue: 'S' }),
  };

  async run(): Promise<SeedDemoDocumentsResult> {
    const progress = progressReporter();
    const result = await seedDemoDocuments(this.ctx, this.actor, {
      documents: this.flags.documents,
      seed: this.flags.seed,
      onProgress: progress,
    });
    this.log(
      `Created ${result.documents} document(s) with ${result.versions} version(s), ${formatBytes(result.bytes)}; owners: ${result.owners.join(', ')}.`,
    );
    return result;
  }
}

/**
 * Progress on stderr, with or without --json (stdout stays the result):
 * a bar redrawn in place on a terminal, a line every 10 % in a log.
 */
function progressReporter(): (done: number, total: number) => void {
  const stderr = process.stderr;
  if (stderr.isTTY) {
    return (done, total) => {
      const width = 30;
      const filled = Math.round((done / total) * width);
      stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} documents`);
      if (done === total) stderr.write('\n');
    };
  }
  return (done, total) => {
    const every = Math.max(1, Math.ceil(total / 10));
    if (done % every === 0 || done === total) stderr.write(`Created ${done}/${total} documents\n`);
  };
}
