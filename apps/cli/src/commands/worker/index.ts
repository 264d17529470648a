import { setPriority } from 'node:os';
import { Flags } from '@oclif/core';
import { newWorkerId, runWorker } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { applyPassphraseFile, passphraseFileFlag } from '../../lib/passphrase';

export default class Worker extends BaseCommand<typeof Worker> {
  static override summary = 'Run a backup worker: claim and run queued jobs, recover abandoned ones, and (by default) schedule due backups.';
  static override description =
    'Runs until SIGINT/SIGTERM. Several workers may run against one database: each job is claimed by exactly one. ' +
    'A job whose worker stopped heartbeating, or whose process on this host is gone, is marked FAILED. Use --no-schedule on extra workers if you prefer one scheduler ' +
    '(running several is safe: each slot is queued once).';
  static override examples = ['<%= config.bin %> worker', '<%= config.bin %> worker --no-schedule --poll 5'];
  static override flags = {
    schedule: Flags.boolean({ description: 'Also act as the scheduler.', default: true, allowNo: true }),
    poll: Flags.integer({ description: 'Seconds between looks at the queue.', default: 2, min: 1, max: 600 }),
    'stale-after': Flags.integer({ description: 'Seconds without heartbeat after which a RUNNING job is declared dead.', default: 60, min: 10 }),
    'passphrase-file': passphraseFileFlag,
    nice: Flags.integer({
      description: 'CPU priority of the backup work (niceness 0–19): backups are background work and yield the CPU to the API and web on the same machine.',
      default: 10,
      min: 0,
      max: 19,
    }),
  };

  async run(): Promise<{ workerId: string; stopped: true }> {
    applyPassphraseFile(this.ctx, this.flags['passphrase-file']);
    // Threads started from here on (the compression workers of each backup) inherit the niceness.
    try {
      setPriority(0, this.flags.nice);
    } catch (error) {
      this.logToStderr(`worker: cannot set niceness ${this.flags.nice}: ${(error as Error).message}`);
    }
    const workerId = newWorkerId('worker', this.ctx.backups.instance);
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    this.logToStderr(`worker ${workerId} started${this.flags.schedule ? ' (with scheduler)' : ''}`);
    await runWorker(this.ctx, {
      workerId,
      signal: controller.signal,
      pollIntervalMs: this.flags.poll * 1000,
      staleAfterMs: this.flags['stale-after'] * 1000,
      schedule: this.flags.schedule,
      onEvent: (event) => {
        if (event.type === 'error') {
          const e = event.detail as { code?: string; message?: string };
          this.logToStderr(`worker error: ${e.code ? `[${e.code}] ` : ''}${e.message ?? String(event.detail)}`);
          return;
        }
        const jobs = Array.isArray(event.detail) ? event.detail : [event.detail];
        for (const job of jobs as Array<{ jobName: string; status: string; error: string | null }>) {
          this.logToStderr(`${event.type}: ${job.jobName} ${job.status}${job.error ? ` — ${job.error}` : ''}`);
        }
      },
    });
    this.logToStderr(`worker ${workerId} stopped`);
    return { workerId, stopped: true };
  }
}
