import { createPrismaClient, type DbClient } from '../client';
import { sqliteFilePath, type DatabaseProvider } from '../database-url';
import { applyMigrations } from '../migrate';
import {
  createTestDatabase,
  SQLITE_TEST_TARGET,
  testDatabaseTargets,
  truncatePostgresTestDatabase,
  type TestDatabase,
  type TestDatabaseTarget,
} from '../testing/test-databases';

export { SQLITE_TEST_TARGET, type TestDatabaseTarget };

/**
 * `describe.each(DATABASES)('… on %s', (provider, url) => …)`: SQLite, and
 * PostgreSQL when reachable (see testing/test-databases.ts).
 */
export const DATABASES: TestDatabaseTarget[] = testDatabaseTargets();

export interface TempDatabase {
  provider: DatabaseProvider;
  /** SQLite: the temporary directory; null on PostgreSQL. */
  dir: string | null;
  /** SQLite: the database file (not created until first use); null on PostgreSQL. */
  file: string | null;
  url: string;
  /** Clients created through `client()`; disconnected by `remove()`. */
  client(): DbClient;
  remove(): Promise<void>;
}

function wrap(database: TestDatabase, dropOnRemove: boolean): TempDatabase {
  const clients: DbClient[] = [];
  return {
    provider: database.provider,
    dir: database.dir,
    file: database.provider === 'sqlite' ? sqliteFilePath(database.url) : null,
    url: database.url,
    client() {
      const client = createPrismaClient(database.url);
      clients.push(client);
      return client;
    },
    async remove() {
      await Promise.all(clients.map((client) => client.$disconnect()));
      if (dropOnRemove) await database.drop();
    },
  };
}

/** A new database that was never migrated (SQLite: a file not yet created). */
export async function createTempDatabase(target: TestDatabaseTarget = SQLITE_TEST_TARGET): Promise<TempDatabase> {
  return wrap(await createTestDatabase(target), true);
}

// PostgreSQL: one migrated database per test file and server, emptied for each
// test (creating and migrating one takes about half a second), dropped when the
// file is done.
const sharedPostgres = new Map<string, Promise<TestDatabase>>();
afterAll(async () => {
  const databases = [...sharedPostgres.values()];
  sharedPostgres.clear();
  for (const database of databases) await (await database).drop();
});

/**
 * An empty, fully migrated database. `separate`: on PostgreSQL, a database of
 * its own rather than the file's shared one (for tests needing two at once).
 */
export async function createMigratedDatabase(
  target: TestDatabaseTarget = SQLITE_TEST_TARGET,
  options: { separate?: boolean } = {},
): Promise<TempDatabase> {
  const [provider, serverUrl] = target;
  if (provider === 'sqlite' || options.separate) {
    const db = await createTempDatabase(target);
    await applyMigrations(db.url);
    return db;
  }
  let shared = sharedPostgres.get(serverUrl);
  if (!shared) {
    shared = (async () => {
      const database = await createTestDatabase(target);
      await applyMigrations(database.url);
      return database;
    })();
    sharedPostgres.set(serverUrl, shared);
    return wrap(await shared, false);
  }
  const database = await shared;
  await truncatePostgresTestDatabase(database.url);
  return wrap(database, false);
}
