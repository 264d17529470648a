import { Flags } from '@oclif/core';
import { listConfigurations, type BackupConfiguration } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { renderConfigurationTable } from '../../lib/configuration-flags';

export default class ConfigList extends BaseCommand<typeof ConfigList> {
  static override summary = 'List backup configurations.';
  static override description = 'With --json, prints an array of configurations. The temporary restore configuration is hidden unless --all is given.';
  static override examples = ['<%= config.bin %> config list', '<%= config.bin %> config list --json'];
  static override flags = {
    all: Flags.boolean({ description: 'Include temporary configurations created to restore imported packages.' }),
  };

  async run(): Promise<BackupConfiguration[]> {
    const configurations = await listConfigurations(this.ctx, this.actor, { includeTemporary: this.flags.all });
    this.log(configurations.length > 0 ? renderConfigurationTable(configurations) : 'No backup configurations.');
    return configurations;
  }
}
