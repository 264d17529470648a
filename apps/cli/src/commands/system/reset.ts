import { Flags } from '@oclif/core';
import { resetSystem, type ResetSystemResult } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { canPrompt, confirmOrRefuse } from '../../lib/prompt';
import { CliError } from '../../lib/cli-error';
import { formatBytes } from '../../lib/table';

export default class SystemReset extends BaseCommand<typeof SystemReset> {
  static override summary = 'Safely re-initialise: remove documents, versions, their files and non-admin users.';
  static override description =
    'Protects administrators, the acting user, configurations, the backup catalog and packages, audit events, tokens and settings. ' +
    'Shows its plan, needs confirmation (a prompt, or --yes) and takes a SAFETY backup first.';
  static override examples = ['<%= config.bin %> system reset --dry-run', '<%= config.bin %> system reset --yes'];
  static override flags = {
    'dry-run': Flags.boolean({ description: 'Show the plan; change nothing.' }),
    yes: Flags.boolean({ char: 'y', description: 'Confirm without asking.' }),
    'no-safety-backup': Flags.boolean({ description: 'Do not take the safety snapshot first.' }),
  };

  async run(): Promise<ResetSystemResult> {
    const preview = await resetSystem(this.ctx, this.actor, { dryRun: true, confirmed: false, skipSafetyBackup: this.flags['no-safety-backup'] });
    const r = preview.plan.remove;
    this.logToStderr(
      [
        `Reset would remove: ${r.documents} document(s), ${r.versions} version(s), ${r.files} file(s) (${formatBytes(r.fileBytes)}), ${r.users} user(s)${r.usernames.length ? ` (${r.usernames.join(', ')})` : ''}.`,
        'Protected:',
        ...preview.plan.protectedRecords.map((p) => `  - ${p}`),
        `Safety snapshot first: ${preview.plan.safetyBackup ? 'yes' : 'NO'}`,
      ].join('\n'),
    );
    if (this.flags['dry-run']) {
      this.logToStderr('Dry run: nothing was changed.');
      return preview;
    }
    if (!this.flags.yes && !canPrompt()) {
      throw new CliError('CONFIRMATION_REQUIRED', 'a system reset needs confirmation and there is no terminal to ask on; pass --yes to confirm');
    }
    await confirmOrRefuse({ yes: this.flags.yes, action: 'Reset the system (documents, files and non-admin users are removed)' });
    const result = await resetSystem(this.ctx, this.actor, {
      confirmed: true,
      planHash: preview.planHash,
      skipSafetyBackup: this.flags['no-safety-backup'],
    });
    this.logToStderr(`Reset done.${result.safetyBackupJobId ? ` Safety snapshot: backup ${result.safetyBackupJobId}.` : ''}`);
    return result;
  }
}
