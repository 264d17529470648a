import { DomainError } from '@edms/domain';
import { API_ERROR_CODES } from '../http/error-map';
import { describeErrorForLog, type ApiLogger } from '../http/logger';

/** How a background task ended; a task never rejects. */
export type TaskOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Work that outlives the request that started it (a backup run, a restore
 * apply). The domain records every outcome on the job row; this registry makes
 * sure a failure is logged and never becomes an unhandled rejection that would
 * crash the process, and lets shutdown stop and wait for what is still running.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<unknown>>();
  private readonly controller = new AbortController();

  constructor(private readonly logger: ApiLogger) {}

  /** Aborted when the server begins to stop: backups abort, event streams end. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get size(): number {
    return this.running.size;
  }

  /** Throws `SHUTTING_DOWN` once the server is stopping: check before recording work that a task would carry out. */
  assertAccepting(): void {
    if (this.controller.signal.aborted) {
      throw new DomainError(API_ERROR_CODES.shuttingDown, 'the server is stopping and starts no new work; try again in a moment', {
        details: { retryAfterSeconds: 10 },
      });
    }
  }

  /** Starts `work` now; the returned promise settles with its outcome and never rejects. */
  run<T>(name: string, fields: Record<string, unknown>, work: (signal: AbortSignal) => Promise<T>): Promise<TaskOutcome<T>> {
    this.assertAccepting();
    // Started synchronously, so the work sees an abort that comes right after.
    let started: Promise<T>;
    try {
      started = Promise.resolve(work(this.controller.signal));
    } catch (error) {
      started = Promise.reject(error);
    }
    const task: Promise<TaskOutcome<T>> = started.then(
        (value): TaskOutcome<T> => ({ ok: true, value }),
        (error: unknown): TaskOutcome<T> => {
          this.logger.error(`background ${name} failed`, { ...fields, error: describeErrorForLog(error) });
          return { ok: false, error };
        },
      );
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
    return task;
  }

  /**
   * Signals every task to stop and waits up to `graceMs` for them. Backups end
   * FAILED (BACKUP_ABORTED); a restore ignores the signal and is waited for — if
   * the process is killed anyway, the restore journal finishes or rolls it back
   * at the next start.
   */
  async close(graceMs: number): Promise<void> {
    this.controller.abort();
    if (this.running.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.running]),
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          this.logger.error('stopping with background work still running', { tasks: this.running.size });
          resolve();
        }, graceMs);
      }),
    ]);
    clearTimeout(timer);
  }
}
