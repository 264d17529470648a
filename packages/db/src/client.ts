import { createAdapterFactory } from './adapter-factory';
import { databaseProviderOf, type DatabaseProvider } from './database-url';
import { PrismaClient as PostgresPrismaClient } from './generated/postgresql/client';
import { PrismaClient } from './generated/sqlite/client';

/**
 * The client type the repositories, the exporter and the restore are written
 * against: the SQLite client's. Both clients are generated from the same
 * models (prisma/postgresql/schema.prisma is a copy of prisma/schema.prisma
 * with another provider), so their model API — delegates, arguments, row
 * types — is the same; what differs is only provider-specific options
 * (PostgreSQL's isolation levels and `mode: 'insensitive'`), which code
 * reaches through provider-options.ts after asking `providerOf`.
 *
 * The cast of the PostgreSQL client to this type happens here and nowhere
 * else; client-types.test.ts checks at compile time that the model API of
 * the two generated clients matches.
 */
export type DbClient = PrismaClient;

/**
 * A Prisma client for `databaseUrl`: `file:` → SQLite (better-sqlite3),
 * `postgres://` / `postgresql://` → PostgreSQL (pg). Nothing connects until
 * the first query (or `$connect()`); each SQLite connection is configured for
 * sharing the file between processes (see sqlite-adapter.ts). Call
 * `$disconnect()` when done.
 */
export function createPrismaClient(databaseUrl: string): DbClient {
  const adapter = createAdapterFactory(databaseUrl);
  switch (databaseProviderOf(databaseUrl)) {
    case 'sqlite':
      return new PrismaClient({ adapter });
    case 'postgresql':
      return new PostgresPrismaClient({ adapter }) as unknown as DbClient;
  }
}

/**
 * Which database a client — or a transaction client handed out by its
 * `$transaction` — talks to. Prisma keeps the generated schema's provider on
 * the client (`_activeProvider`); transaction clients delegate to it.
 */
export function providerOf(db: object): DatabaseProvider {
  const active = (db as { _activeProvider?: unknown })._activeProvider;
  if (active === 'postgresql' || active === 'sqlite') return active;
  throw new Error(`Not a Prisma client of this package (provider: ${String(active)})`);
}
