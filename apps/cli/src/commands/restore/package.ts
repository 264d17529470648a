import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command';
import { applyPassphraseFile, passphraseFileFlag } from '../../lib/passphrase';
import { runCliRestore, type CliRestoreResult } from '../../lib/restore-flow';

export default class RestorePackage extends BaseCommand<typeof RestorePackage> {
  static override summary = 'Restore a package file; the type is detected from its manifest.';
  static override description = 'The same pipeline as `restore backup`: validate, plan, confirm, safety snapshot, atomic apply, verify.';
  static override aliases = ['restore_from_package'];
  static override examples = ['<%= config.bin %> restore package ./pkg.tar.gz --dry-run', '<%= config.bin %> restore_from_package ./pkg.tar.gz --yes'];
  static override args = { file: Args.string({ description: 'Package file, or an s3://bucket/key object.', required: true }) };
  static override flags = {
    'dry-run': Flags.boolean({ description: 'Validate and show the plan; change nothing.' }),
    yes: Flags.boolean({ char: 'y', description: 'Confirm without asking.' }),
    force: Flags.boolean({ description: 'Proceed past warnings (implies --yes).' }),
    'no-safety-backup': Flags.boolean({ description: 'Do not take the safety snapshot first (recorded in the audit trail).' }),
    'passphrase-file': passphraseFileFlag,
  };

  async run(): Promise<CliRestoreResult> {
    applyPassphraseFile(this.ctx, this.flags['passphrase-file']);
    return runCliRestore(this.ctx, this.actor, {
      file: this.args.file,
      dryRun: this.flags['dry-run'],
      force: this.flags.force,
      yes: this.flags.yes,
      skipSafetyBackup: this.flags['no-safety-backup'],
      log: (text) => this.logToStderr(text),
    });
  }
}
