import { basename, resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { openDocumentVersion } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { CliError } from '../../lib/cli-error';
import { fileExists, writeToFile, writeToStdout, type WrittenOutput } from '../../lib/files';
import { formatBytes } from '../../lib/table';

export interface DocDownloadResult {
  document: string;
  version: number;
  fileName: string;
  /** Absolute path written, or `-` for stdout. */
  output: string;
  sizeBytes: number;
  sha256: string;
}

export default class DocDownload extends BaseCommand<typeof DocDownload> {
  static override summary = 'Save the bytes of a document version to a file or stdout.';
  static override description =
    'Writes the newest version unless --version is given, to --output or to the version\'s file name in the current directory. ' +
    'The bytes are checked against the recorded sha256 as they are written. An existing file is not overwritten without --force. ' +
    'With --output - the bytes go to stdout (and --json is refused, since stdout is the file).';
  static override examples = [
    '<%= config.bin %> doc download SOP-0001',
    '<%= config.bin %> doc download SOP-0001 --version 2 --output ./sop-0001-v2.pdf --force',
    '<%= config.bin %> doc download SOP-0001 --output - | sha256sum',
  ];
  static override args = {
    number: Args.string({ description: 'Document number (or id).', required: true }),
  };
  static override flags = {
    version: Flags.integer({ description: 'Version number (default: the newest).', min: 1 }),
    output: Flags.string({ char: 'o', description: 'File to write, or - for stdout.', helpValue: 'PATH' }),
    force: Flags.boolean({ description: 'Overwrite an existing file.' }),
  };

  async run(): Promise<DocDownloadResult> {
    const toStdout = this.flags.output === '-';
    if (toStdout && this.jsonEnabled()) {
      throw new CliError('USAGE_ERROR', '--output - writes the file to stdout, where --json would also go; choose one');
    }
    const explicit = this.flags.output && !toStdout ? resolve(this.flags.output) : undefined;
    if (explicit && !this.flags.force && (await fileExists(explicit))) throw outputExists(explicit);

    const opened = await openDocumentVersion(this.ctx, this.actor, this.args.number, this.flags.version);
    const target = toStdout ? '-' : (explicit ?? resolve(defaultFileName(opened.document.number, opened.version.version, opened.version.fileName)));
    if (!toStdout && !explicit && !this.flags.force && (await fileExists(target))) {
      (opened.content as { destroy?: () => void }).destroy?.();
      throw outputExists(target);
    }

    const written: WrittenOutput = toStdout ? await writeToStdout(opened.content) : await writeToFile(target, opened.content);
    const { document, version } = opened;
    if (written.sha256 !== version.sha256 || written.sizeBytes !== version.sizeBytes) {
      throw new CliError(
        'DOCUMENT_CHECKSUM_MISMATCH',
        `${document.number} v${version.version}: the stored bytes (sha256 ${written.sha256}, ${written.sizeBytes} bytes) differ from the recorded ones (sha256 ${version.sha256}, ${version.sizeBytes} bytes)`,
        { details: { document: document.number, version: version.version, output: target, expected: version.sha256, actual: written.sha256 } },
      );
    }
    this.info(`Saved ${document.number} v${version.version} (${formatBytes(written.sizeBytes)}, sha256 ${written.sha256})${toStdout ? '' : ` to ${target}`}.`);
    return { document: document.number, version: version.version, fileName: version.fileName, output: target, sizeBytes: written.sizeBytes, sha256: written.sha256 };
  }
}

/** The recorded file name without any directory part, so a download never lands outside the current directory. */
function defaultFileName(number: string, version: number, fileName: string): string {
  const base = basename(fileName.replace(/\\/g, '/'));
  return base && base !== '.' && base !== '..' ? base : `${number}-v${version}`;
}

function outputExists(path: string): CliError {
  return new CliError('OUTPUT_EXISTS', `${path} already exists; pass --force to overwrite it or --output to choose another path`, {
    details: { path },
  });
}
