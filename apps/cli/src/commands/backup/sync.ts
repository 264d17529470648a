import { packageLocation } from '../../lib/files';
import { Args, Flags } from '@oclif/core';
import { syncCatalog, type SyncCatalogResult } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { applyPassphraseFile, passphraseFileFlag } from '../../lib/passphrase';

export default class BackupSync extends BaseCommand<typeof BackupSync> {
  static override summary = 'Register packages the catalog does not know and report catalog entries whose files are gone.';
  static override description = 'Scans DIR, or every configuration\'s storage directory. Registered packages become IMPORTED jobs; running it again registers nothing new.';
  static override examples = ['<%= config.bin %> backup sync', '<%= config.bin %> backup sync /mnt/offsite/edms --json'];
  static override args = { directory: Args.string({ description: 'Directory (or s3://bucket/prefix) to scan.' }) };
  static override flags = { 'passphrase-file': passphraseFileFlag, quiet: Flags.boolean({ description: 'Print only the summary line.' }) };

  async run(): Promise<SyncCatalogResult> {
    applyPassphraseFile(this.ctx, this.flags['passphrase-file']);
    const result = await syncCatalog(this.ctx, this.actor, { directory: this.args.directory ? packageLocation(this.args.directory) : undefined });
    if (!this.flags.quiet) {
      for (const r of result.registered) this.log(`registered ${r.path} as ${r.jobId} (${r.configuration})`);
      for (const m of result.missing) this.log(`missing   ${m.path} (job ${m.jobName})`);
      for (const u of result.unreadable) this.log(`unreadable ${u.path}: [${u.code}] ${u.message}`);
    }
    this.log(`${result.registered.length} registered, ${result.alreadyKnown} already known, ${result.missing.length} missing, ${result.unreadable.length} unreadable.`);
    return result;
  }
}
