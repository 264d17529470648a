import { Args } from '@oclif/core';
import { getConfiguration, type BackupConfiguration } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { renderConfiguration } from '../../lib/configuration-flags';

export default class ConfigShow extends BaseCommand<typeof ConfigShow> {
  static override summary = 'Show one backup configuration.';
  static override examples = ['<%= config.bin %> config show daily-full', '<%= config.bin %> config show weekly-full --json'];
  static override args = {
    name: Args.string({ description: 'Configuration name (or id).', required: true }),
  };

  async run(): Promise<BackupConfiguration> {
    const configuration = await getConfiguration(this.ctx, this.actor, this.args.name);
    this.log(renderConfiguration(configuration));
    return configuration;
  }
}
