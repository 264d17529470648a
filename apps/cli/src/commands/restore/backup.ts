import { Flags } from '@oclif/core';
import { BACKUP_TYPES, type BackupType } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { applyPassphraseFile, passphraseFileFlag } from '../../lib/passphrase';
import { runCliRestore, type CliRestoreResult } from '../../lib/restore-flow';

export default class RestoreBackup extends BaseCommand<typeof RestoreBackup> {
  static override summary = 'Restore from a package file or a catalog backup, choosing the type.';
  static override description =
    'Validates the whole package before any change, shows the plan, asks for confirmation, takes a safety snapshot, then applies atomically ' +
    '(database in one transaction, files swapped in) and verifies. --yes answers the confirmation; --force also proceeds past warnings ' +
    '(newer live data, another installation, little free space) but never past an integrity, safety or validation error. ' +
    'A package this installation has never seen is registered as a temporary catalog entry.';
  static override aliases = ['restore_backup'];
  static override examples = [
    '<%= config.bin %> restore backup --from-file ./daily-full.tar.gz --dry-run',
    '<%= config.bin %> restore backup --job 3f1c… --type database --yes',
    '<%= config.bin %> restore_backup --from-file ./pkg.tar.gz --force --json',
  ];
  static override flags = {
    'from-file': Flags.string({ description: 'Package file to restore.', exactlyOne: ['from-file', 'job'], helpValue: 'FILE' }),
    job: Flags.string({ description: 'Catalog backup job id to restore.', exactlyOne: ['from-file', 'job'], helpValue: 'ID' }),
    type: Flags.string({ description: 'What to restore; must be inside the package\'s type.', options: BACKUP_TYPES.map((t) => t.toLowerCase()) }),
    'dry-run': Flags.boolean({ description: 'Validate and show the plan; change nothing.' }),
    force: Flags.boolean({ description: 'Proceed past warnings (implies --yes).' }),
    yes: Flags.boolean({ char: 'y', description: 'Confirm without asking.' }),
    'no-safety-backup': Flags.boolean({ description: 'Do not take the safety snapshot first (recorded in the audit trail).' }),
    'passphrase-file': passphraseFileFlag,
  };

  async run(): Promise<CliRestoreResult> {
    applyPassphraseFile(this.ctx, this.flags['passphrase-file']);
    return runCliRestore(this.ctx, this.actor, {
      file: this.flags['from-file'],
      jobId: this.flags.job,
      restoreType: this.flags.type?.toUpperCase() as BackupType | undefined,
      dryRun: this.flags['dry-run'],
      force: this.flags.force,
      yes: this.flags.yes,
      skipSafetyBackup: this.flags['no-safety-backup'],
      log: (text) => this.logToStderr(text),
    });
  }
}
