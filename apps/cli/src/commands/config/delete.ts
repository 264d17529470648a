import { Args, Flags } from '@oclif/core';
import { deleteConfiguration, getConfiguration, type BackupConfiguration } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { confirmOrRefuse } from '../../lib/prompt';

export default class ConfigDelete extends BaseCommand<typeof ConfigDelete> {
  static override summary = 'Delete a backup configuration that has no backups.';
  static override description =
    'Asks for confirmation on a terminal; without one it refuses unless --yes is given. A configuration with backups in the catalog cannot be deleted: disable it with `edms config update NAME --disabled`.';
  static override examples = ['<%= config.bin %> config delete nightly-db', '<%= config.bin %> config delete nightly-db --yes --json'];
  static override args = {
    name: Args.string({ description: 'Configuration name (or id).', required: true }),
  };
  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Confirm without asking.' }),
  };

  async run(): Promise<{ deleted: BackupConfiguration }> {
    // Looked up first so a typo is reported as not found rather than asked about.
    const target = await getConfiguration(this.ctx, this.actor, this.args.name);
    await confirmOrRefuse({ yes: this.flags.yes, action: `Delete backup configuration "${target.name}"` });
    const deleted = await deleteConfiguration(this.ctx, this.actor, target.id);
    this.log(`Deleted backup configuration "${deleted.name}".`);
    return { deleted };
  }
}
