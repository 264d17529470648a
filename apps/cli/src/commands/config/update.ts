import { Args, Flags } from '@oclif/core';
import { updateConfiguration, type BackupConfiguration } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { CliError } from '../../lib/cli-error';
import { configurationFlags, configurationInputFromFlags, renderConfiguration } from '../../lib/configuration-flags';

export default class ConfigUpdate extends BaseCommand<typeof ConfigUpdate> {
  static override summary = 'Change a backup configuration.';
  static override description = 'Only the fields given change. Retention flags change only the rules given.';
  static override examples = [
    '<%= config.bin %> config update daily-full --time 02:30 --keep-daily 14',
    '<%= config.bin %> config update weekly-full --disabled',
    '<%= config.bin %> config update manual-files --name manual-documents',
  ];
  static override args = {
    name: Args.string({ description: 'Configuration name (or id).', required: true }),
  };
  static override flags = {
    name: Flags.string({ description: 'Rename it.', helpValue: 'NEW' }),
    type: Flags.string({ description: 'full, database or files.', helpValue: 'TYPE' }),
    frequency: Flags.string({ description: 'on_demand, hourly, daily, weekly or monthly.', helpValue: 'FREQUENCY' }),
    ...configurationFlags,
    enabled: Flags.boolean({ description: 'Enable it.', exclusive: ['disabled'] }),
    disabled: Flags.boolean({ description: 'Disable it: the scheduler skips it, its packages stay.', exclusive: ['enabled'] }),
  };

  async run(): Promise<BackupConfiguration> {
    const patch = configurationInputFromFlags(this.flags);
    if (this.flags.name !== undefined) patch.name = this.flags.name;
    if (this.flags.enabled) patch.isEnabled = true;
    if (this.flags.disabled) patch.isEnabled = false;
    if (Object.keys(patch).length === 0) {
      throw new CliError('USAGE_ERROR', 'nothing to change; give at least one flag, e.g. --time 03:00 or --disabled');
    }
    const updated = await updateConfiguration(this.ctx, this.actor, this.args.name, patch);
    this.info(`Updated backup configuration "${updated.name}".`);
    this.log(renderConfiguration(updated));
    return updated;
  }
}
