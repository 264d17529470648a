import { Args, Flags } from '@oclif/core';
import { createConfiguration, type BackupConfiguration } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { configurationFlags, configurationInputFromFlags, renderConfiguration } from '../../lib/configuration-flags';

export default class ConfigCreate extends BaseCommand<typeof ConfigCreate> {
  static override summary = 'Create a backup configuration.';
  static override description =
    'Unset fields take defaults: time 02:00 UTC, Sunday for WEEKLY, the 1st for MONTHLY, storage path backups/<name>, retention 7/7/4/12, compression 6, not encrypted, enabled.';
  static override examples = [
    '<%= config.bin %> config create nightly-db --type database --frequency daily --time 23:30',
    '<%= config.bin %> config create offsite-weekly --type full --frequency weekly --day-of-week sat --time 04:00 --storage-path /mnt/offsite --keep-weekly 12 --encrypt',
  ];
  static override args = {
    name: Args.string({ description: 'Unique name: lowercase letters, digits, dash or underscore.', required: true }),
  };
  static override flags = {
    type: Flags.string({ description: 'What the backups hold: full, database or files.', required: true, helpValue: 'TYPE' }),
    frequency: Flags.string({ description: 'on_demand, hourly, daily, weekly or monthly.', required: true, helpValue: 'FREQUENCY' }),
    ...configurationFlags,
    disabled: Flags.boolean({ description: 'Create it disabled: the scheduler skips it until enabled.' }),
  };

  async run(): Promise<BackupConfiguration> {
    const input = configurationInputFromFlags(this.flags);
    const created = await createConfiguration(this.ctx, this.actor, {
      ...input,
      name: this.args.name,
      backupType: input.backupType!,
      frequency: input.frequency!,
      isEnabled: !this.flags.disabled,
    });
    this.info(`Created backup configuration "${created.name}".`);
    this.log(renderConfiguration(created));
    return created;
  }
}
