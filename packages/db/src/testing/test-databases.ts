// Test support shared by every package whose tests run against both databases
// (db, runtime, cli). Shipped in dist/ so that other workspaces can import it
// from '@edms/db'; nothing in the product calls it.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import pg from 'pg';

import { DATABASE_FILE_NAME, redactDatabaseUrl, type DatabaseProvider } from '../database-url';

/** Where tests find PostgreSQL unless EDMS_TEST_POSTGRES_URL says otherwise. */
export const DEFAULT_TEST_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/**
 * `[provider, url]`: for SQLite the `file:` prefix (each test database is a new
 * file), for PostgreSQL the server's maintenance database, in which each test
 * database is created under a random name.
 */
export type TestDatabaseTarget = readonly [provider: DatabaseProvider, url: string];

export const SQLITE_TEST_TARGET: TestDatabaseTarget = ['sqlite', 'file:'];

function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = env['CI']?.trim().toLowerCase();
  return !!value && value !== 'false' && value !== '0';
}

/** The PostgreSQL server for tests, or null when tests should run on SQLite only. */
export function testPostgresUrl(env: NodeJS.ProcessEnv = process.env, defaultUrl = DEFAULT_TEST_POSTGRES_URL): string | null {
  const configured = env['EDMS_TEST_POSTGRES_URL']?.trim();
  // Opting out is for machines without PostgreSQL; CI machines have one and must test it.
  if (configured && /^(none|off|skip)$/i.test(configured)) return isCi(env) ? defaultUrl : null;
  return configured || defaultUrl;
}

const PROBE_CACHE = 'EDMS_TEST_POSTGRES_PROBE';
let warned = false;

/**
 * Whether PostgreSQL answers at `url`: one `SELECT 1` from a child process
 * (jest collects tests synchronously, so the answer is needed synchronously),
 * cached in the environment so each jest worker probes once.
 */
function probe(url: string): string | null {
  const cached = process.env[PROBE_CACHE];
  if (cached?.startsWith(`${url} `)) {
    const verdict = cached.slice(url.length + 1);
    return verdict === 'ok' ? null : verdict;
  }
  const script = `
    const pg = require(${JSON.stringify(require.resolve('pg'))});
    const client = new pg.Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
    client.connect().then(() => client.query('SELECT 1')).then(() => client.end()).then(
      () => process.exit(0),
      (error) => { process.stderr.write(String(error && error.message || error)); process.exit(1); });`;
  const result = spawnSync(process.execPath, ['-e', script, url], { encoding: 'utf8', timeout: 10_000 });
  const verdict = result.status === 0 ? null : (result.stderr || result.error?.message || `exit ${String(result.status)}`).trim();
  process.env[PROBE_CACHE] = `${url} ${verdict ?? 'ok'}`;
  return verdict;
}

/**
 * The databases a test suite should run against: always SQLite; PostgreSQL at
 * EDMS_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres)
 * when it answers. Unreachable PostgreSQL is skipped with a warning on a
 * developer machine, but fails in CI (CI=true): CI machines have a server, so
 * a missing one is a broken setup, not a reason to test less.
 * EDMS_TEST_POSTGRES_URL=none skips PostgreSQL without probing (outside CI).
 */
export function testDatabaseTargets(env: NodeJS.ProcessEnv = process.env, defaultUrl = DEFAULT_TEST_POSTGRES_URL): TestDatabaseTarget[] {
  const url = testPostgresUrl(env, defaultUrl);
  if (!url) return [SQLITE_TEST_TARGET];
  const problem = probe(url);
  if (problem === null) return [SQLITE_TEST_TARGET, ['postgresql', url]];
  const message = `PostgreSQL for tests is unreachable at ${redactDatabaseUrl(url)} (${problem})`;
  if (isCi(env)) throw new Error(`${message}. In CI (CI=${env['CI'] ?? ''}) the suites must run against PostgreSQL too.`);
  if (!warned) {
    warned = true;
    console.warn(
      `${message}: running these tests on SQLite only. Start PostgreSQL or point EDMS_TEST_POSTGRES_URL at one ` +
        '(EDMS_TEST_POSTGRES_URL=none skips it without this warning).',
    );
  }
  return [SQLITE_TEST_TARGET];
}

/** A new, empty database for one test or test file. */
export interface TestDatabase {
  provider: DatabaseProvider;
  /** DATABASE_URL of the new database. */
  url: string;
  /** SQLite: the directory holding the file (removed by drop). */
  dir: string | null;
  /** Removes the database (PostgreSQL: disconnecting whoever is still connected). */
  drop(): Promise<void>;
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const TEST_DATABASE_PREFIX = 'edms_test_';
/** No test run takes this long: older test databases were left by a run that was killed. */
const ABANDONED_AFTER_MS = 6 * 60 * 60 * 1000;
const sweptServers = new Set<string>();

/** Drops test databases (named with their creation time) that a killed run left behind. */
async function dropAbandonedTestDatabases(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'edms\_test\_%'`);
  for (const { datname } of rows) {
    const created = parseInt(datname.slice(TEST_DATABASE_PREFIX.length).split('_')[0] ?? '', 36);
    if (!Number.isFinite(created) || Date.now() - created < ABANDONED_AFTER_MS) continue;
    await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
  }
}

/**
 * SQLite: a new file in a new temporary directory (created on first use).
 * PostgreSQL: CREATE DATABASE with a random name on the target's server.
 * Nothing is migrated.
 */
export async function createTestDatabase(target: TestDatabaseTarget = SQLITE_TEST_TARGET): Promise<TestDatabase> {
  const [provider, serverUrl] = target;
  if (provider === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edms-db-test-'));
    return {
      provider,
      url: `file:${path.join(dir, 'data', DATABASE_FILE_NAME)}`,
      dir,
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `${TEST_DATABASE_PREFIX}${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdmin(serverUrl, async (admin) => {
    if (!sweptServers.has(serverUrl)) {
      sweptServers.add(serverUrl);
      await dropAbandonedTestDatabases(admin);
    }
    await admin.query(`CREATE DATABASE "${name}"`);
  });
  let dropped = false;
  return {
    provider,
    url: withDatabase(serverUrl, name),
    dir: null,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/**
 * Empties every table of a migrated PostgreSQL test database except the
 * migration history, so one database can serve a whole test file. DELETE, not
 * TRUNCATE: on these small tables it is several times faster (TRUNCATE
 * creates and syncs new files for every table). Tables are emptied in rounds
 * until foreign keys no longer object.
 */
export async function truncatePostgresTestDatabase(url: string): Promise<void> {
  await withAdmin(url, async (client) => {
    const { rows } = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`,
    );
    let pending = rows.map((r) => r.tablename);
    while (pending.length > 0) {
      const blocked: string[] = [];
      for (const table of pending) {
        try {
          await client.query(`DELETE FROM "${table}"`);
        } catch (error) {
          if ((error as { code?: string }).code !== '23503') throw error;
          blocked.push(table);
        }
      }
      if (blocked.length === pending.length) throw new Error(`cannot empty ${blocked.join(', ')}: foreign keys form a cycle`);
      pending = blocked;
    }
  });
}
