import { hasErrorCode, type Repositories, type UnitOfWork } from '@edms/domain';
import type { DbClient } from '../client';
import { createRepositories } from './prisma-repositories';

const MAX_ATTEMPTS = 8;

/**
 * Write conflicts between processes sharing the database: SQLite reports
 * SQLITE_BUSY when another connection committed after this transaction read
 * (busy_timeout cannot help a read→write upgrade), and an audit append loses
 * the race for the next sequence. Both are resolved by running the whole
 * transaction again.
 */
export function isRetryableWriteConflict(error: unknown): boolean {
  if (hasErrorCode(error, 'AUDIT_APPEND_CONFLICT')) return true;
  // The better-sqlite3 adapter reports SQLITE_BUSY as P1008 / kind SocketTimeout.
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const { code, message, kind, cause, meta } = e as { code?: unknown; message?: unknown; kind?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    const text = `${String(code ?? '')} ${String(kind ?? '')} ${String(message ?? '')}`;
    if (/P1008|SocketTimeout|SQLITE_BUSY|database is locked|could not serialize access|deadlock detected/i.test(text)) return true;
    queue.push(cause, meta?.driverAdapterError);
  }
  return false;
}

export class PrismaUnitOfWork implements UnitOfWork {
  constructor(
    private readonly client: DbClient,
    private readonly options: { timeoutMs?: number } = {},
  ) {}

  async transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.client.$transaction((tx) => work(createRepositories(tx)), {
          maxWait: 30_000,
          timeout: this.options.timeoutMs ?? 60_000,
        });
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryableWriteConflict(error)) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      }
    }
  }
}

