import { hostname } from 'node:os';
import { DomainError, type MaintenanceLock } from '@edms/domain';
import type { DbClient } from '../client';
import { isUniqueConstraintError } from '../prisma-errors';

const LOCK_NAME = 'maintenance';

export interface MaintenanceLockOptions {
  /** How long a holder's claim lasts without renewal (renewed every third of it). */
  ttlMs?: number;
  now?: () => Date;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A lease in the database, so it holds across processes and machines. A lease
 * ends when released, when it expires without renewal (holder hung or on a
 * dead machine), or at once when its holder was a process on this host that
 * no longer exists (killed), so recovery after a crash need not wait.
 */
export class PrismaMaintenanceLock implements MaintenanceLock {
  private readonly ttlMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly client: DbClient,
    options: MaintenanceLockOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.now = options.now ?? (() => new Date());
  }

  async acquire(operation: string, holder: string): Promise<{ release(): Promise<void> }> {
    const owner = `${holder}|${hostname()}|${process.pid}`;
    const now = this.now();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    const current = await this.client.maintenanceLock.findUnique({ where: { name: LOCK_NAME } });
    if (!current) {
      try {
        await this.client.maintenanceLock.create({ data: { name: LOCK_NAME, holder: owner, operation, acquiredAt: now, expiresAt } });
      } catch (error) {
        if (isUniqueConstraintError(error)) throw this.busy(operation, await this.describeHolder());
        throw error;
      }
    } else {
      if (!this.isStale(current, now)) throw this.busy(operation, current);
      // Compare-and-swap on the stale holder: of several takers exactly one wins.
      const { count } = await this.client.maintenanceLock.updateMany({
        where: { name: LOCK_NAME, holder: current.holder },
        data: { holder: owner, operation, acquiredAt: now, expiresAt },
      });
      if (count !== 1) throw this.busy(operation, await this.describeHolder());
    }
    const timer = setInterval(() => {
      void this.client.maintenanceLock
        .updateMany({ where: { name: LOCK_NAME, holder: owner }, data: { expiresAt: new Date(this.now().getTime() + this.ttlMs) } })
        .catch(() => undefined);
    }, Math.max(1000, Math.floor(this.ttlMs / 3)));
    timer.unref();
    return {
      release: async () => {
        clearInterval(timer);
        await this.client.maintenanceLock.deleteMany({ where: { name: LOCK_NAME, holder: owner } });
      },
    };
  }

  private isStale(row: { holder: string; expiresAt: Date }, now: Date): boolean {
    if (row.expiresAt <= now) return true;
    const [, host, pid] = row.holder.split('|');
    return host === hostname() && pid !== undefined && Number(pid) !== process.pid && !isAlive(Number(pid));
  }

  private async describeHolder() {
    return this.client.maintenanceLock.findUnique({ where: { name: LOCK_NAME } });
  }

  private busy(operation: string, holder: { holder: string; operation: string; acquiredAt: Date } | null): DomainError {
    const who = holder ? `${holder.operation} by ${holder.holder.split('|')[0]} since ${holder.acquiredAt.toISOString()}` : 'another operation';
    return new DomainError('BUSY', `cannot start ${operation}: the system is busy with ${who}; try again when it has finished`, {
      details: { operation, heldBy: holder?.operation ?? null },
    });
  }
}
