import { readFileSync } from 'node:fs';
import { Flags } from '@oclif/core';
import type { ServiceContext } from '@edms/domain';
import { CliError } from './cli-error';

export const passphraseFileFlag = Flags.string({
  description: 'File holding the backup passphrase (instead of EDMS_BACKUP_PASSPHRASE).',
  helpValue: 'FILE',
});

/** A passphrase from a file wins over EDMS_BACKUP_PASSPHRASE; never taken as a flag value. */
export function applyPassphraseFile(ctx: ServiceContext, file: string | undefined): void {
  if (!file) return;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError('INPUT_FILE_NOT_FOUND', `cannot read the passphrase file ${file}`, { cause: error });
  }
  const passphrase = text.replace(/\r?\n$/, '');
  if (!passphrase) throw new CliError('PASSPHRASE_REQUIRED', `the passphrase file ${file} is empty`);
  ctx.backups.passphrase = passphrase;
}
