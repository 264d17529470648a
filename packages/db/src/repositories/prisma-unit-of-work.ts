import { hasErrorCode, type Repositories, type UnitOfWork } from '@edms/domain';
import { providerOf, type DbClient } from '../client';
import type { DatabaseProvider } from '../database-url';
import { unitOfWorkIsolation } from '../provider-options';
import { createRepositories } from './prisma-repositories';

/**
 * Every unit of work that records an audit event competes for the next audit
 * sequence, so under load many transactions conflict at once; each round lets
 * at least one commit. Back-off grows exponentially (with jitter) to spread
 * the retries.
 */
const MAX_ATTEMPTS = 20;
const MAX_BACKOFF_MS = 500;

/** Prisma codes and driver-adapter kinds of a lost race between transactions. */
const RETRYABLE_CODES = new Set([
  // The better-sqlite3 adapter reports SQLITE_BUSY as P1008 / kind SocketTimeout.
  'P1008',
  // "Transaction failed due to a write conflict or a deadlock".
  'P2034',
]);
const RETRYABLE_KINDS = new Set(['SocketTimeout', 'TransactionWriteConflict']);
/** PostgreSQL: serialization_failure, deadlock_detected. */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

/**
 * Write conflicts between processes sharing the database, resolved by running
 * the whole transaction again:
 * - SQLite reports SQLITE_BUSY when another connection committed after this
 *   transaction read (busy_timeout cannot help a read→write upgrade);
 * - PostgreSQL aborts a SERIALIZABLE transaction that conflicts with a
 *   concurrent one (40001; also reported for a unique violation that a
 *   concurrent transaction caused) or is chosen as a deadlock victim (40P01);
 * - an audit append loses the race for the next sequence.
 */
export function isRetryableWriteConflict(error: unknown): boolean {
  if (hasErrorCode(error, 'AUDIT_APPEND_CONFLICT')) return true;
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const { code, message, kind, originalCode, cause, meta } = e as {
      code?: unknown;
      message?: unknown;
      kind?: unknown;
      originalCode?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: unknown };
    };
    if (typeof code === 'string' && (RETRYABLE_CODES.has(code) || RETRYABLE_SQLSTATES.has(code))) return true;
    if (typeof kind === 'string' && RETRYABLE_KINDS.has(kind)) return true;
    if (typeof originalCode === 'string' && RETRYABLE_SQLSTATES.has(originalCode)) return true;
    if (typeof message === 'string' && /SQLITE_BUSY|database is locked|could not serialize access|deadlock detected/i.test(message)) return true;
    queue.push(cause, meta?.driverAdapterError);
  }
  return false;
}

/**
 * Runs domain work in one database transaction with the repositories bound to
 * it; on PostgreSQL at SERIALIZABLE isolation (see provider-options.ts). A lost
 * race is retried with a short random back-off.
 */
export class PrismaUnitOfWork implements UnitOfWork {
  private readonly provider: DatabaseProvider;

  constructor(
    private readonly client: DbClient,
    private readonly options: { timeoutMs?: number } = {},
  ) {
    this.provider = providerOf(client);
  }

  async transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.client.$transaction((tx) => work(createRepositories(tx, this.provider)), {
          maxWait: 30_000,
          timeout: this.options.timeoutMs ?? 60_000,
          ...unitOfWorkIsolation(this.provider),
        });
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryableWriteConflict(error)) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(MAX_BACKOFF_MS, 10 * 2 ** attempt)));
      }
    }
  }
}
