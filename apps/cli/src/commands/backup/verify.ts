import { existsSync } from 'node:fs';
import { Args, Flags } from '@oclif/core';
import { DomainError, isObjectStorageLocation, verifyBackup, type VerifyBackupResult } from '@edms/domain';
import { packageLocation } from '../../lib/files';
import { BaseCommand } from '../../base-command';
import { fractionReporter } from '../../lib/progress';
import { applyPassphraseFile, passphraseFileFlag } from '../../lib/passphrase';
import { formatBytes } from '../../lib/table';

export default class BackupVerify extends BaseCommand<typeof BackupVerify> {
  static override summary = 'Read a package end to end and check every checksum and row.';
  static override description =
    'TARGET is a package file, an s3://bucket/key object or a backup job id. The result is recorded on the job (found by id, or by the file\'s sha256) and in the audit trail. ' +
    'Exits 6 when the package is damaged, naming the first problem.';
  static override examples = ['<%= config.bin %> backup verify ./data/backups/daily-full/daily-full_full_20261126T020000Z_1a2b3c4d.tar.gz', '<%= config.bin %> backup verify 3f1c… --json'];
  static override args = { target: Args.string({ description: 'Package file, s3:// object or job id.', required: true }) };
  static override flags = { 'passphrase-file': passphraseFileFlag };

  async run(): Promise<VerifyBackupResult> {
    applyPassphraseFile(this.ctx, this.flags['passphrase-file']);
    const isFile = isObjectStorageLocation(this.args.target) || existsSync(this.args.target);
    const progress = fractionReporter('verify');
    const result = await verifyBackup(this.ctx, this.actor, {
      ...(isFile ? { filePath: packageLocation(this.args.target) } : { jobId: this.args.target }),
      onProgress: (p) => progress.update(p.bytesTotal ? p.bytesDone / p.bytesTotal : 0, p.message),
    });
    progress.done();
    if (!result.ok) {
      throw new DomainError(result.error?.code ?? 'PACKAGE_CORRUPT', `${result.path} is damaged: ${result.error?.message ?? ''}`, {
        details: { path: result.path, jobId: result.job?.id ?? null },
      });
    }
    this.log(`OK: ${result.path} — ${result.entries} entries, ${formatBytes(result.bytes)} checked.`);
    return result;
  }
}
