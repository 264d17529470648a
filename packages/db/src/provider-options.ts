// Options that exist on one provider's client only. Repositories are typed
// against the SQLite client (see client.ts); where PostgreSQL needs an option
// the SQLite types do not know, it is built here, behind a provider check, and
// cast once.
import type { DatabaseProvider } from './database-url';
import type { Prisma } from './generated/sqlite/client';
import type { Prisma as PostgresPrisma } from './generated/postgresql/client';

/**
 * A substring filter that ignores case on both databases. SQLite's LIKE (what
 * Prisma's `contains` becomes) ignores ASCII case by itself; PostgreSQL's is
 * case-sensitive, so it gets `mode: 'insensitive'` (ILIKE).
 */
export function containsIgnoringCase(provider: DatabaseProvider, text: string): Prisma.StringFilter {
  if (provider === 'postgresql') {
    const filter: PostgresPrisma.StringFilter = { contains: text, mode: 'insensitive' };
    return filter as Prisma.StringFilter;
  }
  return { contains: text };
}

type IsolationLevel = PostgresPrisma.TransactionIsolationLevel;

/**
 * Isolation for read/write units of work. PostgreSQL runs them SERIALIZABLE,
 * which matches what SQLite gives (one writer at a time, conflicting
 * transactions fail and are retried): check-then-write rules such as "one
 * active job per configuration", "create the administrator once" or "append
 * the next audit sequence" hold across processes. Conflicts surface as
 * 40001/40P01 and the unit of work runs the transaction again.
 * SQLite keeps Prisma's default.
 */
export function unitOfWorkIsolation(provider: DatabaseProvider): { isolationLevel?: Prisma.TransactionIsolationLevel } {
  return provider === 'postgresql' ? { isolationLevel: asSqliteLevel('Serializable') } : {};
}

/**
 * Isolation for the backup's read transaction: REPEATABLE READ on PostgreSQL
 * (one snapshot for the whole transaction, taken at its first read; readers
 * never block writers). SQLite keeps its default: a read transaction in WAL
 * mode already sees one moment.
 */
export function snapshotIsolation(provider: DatabaseProvider): { isolationLevel?: Prisma.TransactionIsolationLevel } {
  return provider === 'postgresql' ? { isolationLevel: asSqliteLevel('RepeatableRead') } : {};
}

function asSqliteLevel(level: IsolationLevel): Prisma.TransactionIsolationLevel {
  return level as Prisma.TransactionIsolationLevel;
}
