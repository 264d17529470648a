import { Args, Flags } from '@oclif/core';
import { BACKUP_TYPES, DomainError, requestBackup, runBackupNow, type BackupJob, type BackupType } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { fractionReporter } from '../../lib/progress';
import { applyPassphraseFile, passphraseFileFlag } from '../../lib/passphrase';
import { describeJob } from '../../lib/backups';

export default class BackupRun extends BaseCommand<typeof BackupRun> {
  static override summary = 'Run a backup of a configuration now.';
  static override description =
    'Queues a MANUAL backup. Without --wait the job is left for a worker (`edms worker`, or the one `npm start` runs). ' +
    'With --wait the command sees it through: it claims and runs the job itself like any worker, so it works where no worker runs, ' +
    'and exits non-zero when the backup fails. Without CONFIG the on-demand configuration of the type is used ' +
    '(pre-upgrade-full, manual-database, manual-files).';
  static override examples = [
    '<%= config.bin %> backup run daily-full --wait',
    '<%= config.bin %> backup run --type database --wait --json',
    '<%= config.bin %> backup run weekly-full --allow-findings --wait',
  ];
  static override args = { configuration: Args.string({ description: 'Configuration name (or id).' }) };
  static override flags = {
    type: Flags.string({ description: 'Back up this part instead of the configuration\'s type.', options: BACKUP_TYPES.map((t) => t.toLowerCase()) }),
    wait: Flags.boolean({ description: 'Run to completion and report the result.' }),
    'allow-findings': Flags.boolean({ description: 'Complete even when live files are missing or differ from their recorded sha256 (they are reported).' }),
    'passphrase-file': passphraseFileFlag,
  };

  async run(): Promise<BackupJob> {
    applyPassphraseFile(this.ctx, this.flags['passphrase-file']);
    const options = {
      configuration: this.args.configuration,
      backupType: this.flags.type?.toUpperCase() as BackupType | undefined,
      allowFindings: this.flags['allow-findings'],
    };
    if (!this.flags.wait) {
      const job = await requestBackup(this.ctx, this.actor, options);
      this.log(`Queued backup ${job.jobName} (${job.id}); a worker will run it. Follow it with \`edms backup show ${job.id}\`.`);
      return job;
    }
    const progress = fractionReporter('backup');
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    try {
      const job = await runBackupNow(this.ctx, this.actor, {
        ...options,
        signal: controller.signal,
        onProgress: (p) => progress.update(p.fraction, p.message),
      });
      progress.done();
      if (job.status !== 'COMPLETED') {
        const [code, ...rest] = (job.error ?? 'BACKUP_FAILED: unknown').split(': ');
        throw new DomainError(code ?? 'BACKUP_FAILED', `backup ${job.jobName} failed: ${rest.join(': ') || code}`, {
          details: { jobId: job.id, findings: job.findings },
        });
      }
      this.log(describeJob(job));
      return job;
    } finally {
      process.removeListener('SIGINT', stop);
    }
  }
}
