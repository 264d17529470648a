import * as fs from 'node:fs';
import * as path from 'node:path';

import type { DbClient } from './client';
import { databaseProviderOf, redactDatabaseUrl, sqliteFilePath, type DatabaseProvider } from './database-url';
import { withPostgresAdvisoryLock } from './postgres-lock';
import { isTableMissingError } from './prisma-errors';
import { NO_FILTER, withSchemaEngine, type MigrationList } from './schema-engine';
import { withSqliteFileLock } from './sqlite-file-lock';

export const MIGRATION_LOCK_FILE = 'migration_lock.toml';
export const MIGRATION_SCRIPT_FILE = 'migration.sql';

/**
 * Shipped next to the code: `__dirname` is src/ under jest and dist/ when
 * compiled, and both sit beside prisma/. One history per provider, under the
 * same migration names: prisma/migrations (SQLite) and
 * prisma/postgresql/migrations (PostgreSQL), both written by
 * scripts/create-migration.js from one schema change.
 */
export function migrationsDirectory(provider: DatabaseProvider = 'sqlite'): string {
  const prismaDir = path.resolve(__dirname, '..', 'prisma');
  return provider === 'postgresql' ? path.join(prismaDir, 'postgresql', 'migrations') : path.join(prismaDir, 'migrations');
}

function listMigrationDirectories(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, MIGRATION_SCRIPT_FILE)))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Names of the provider's migrations shipped with this code, oldest first. Both
 * providers ship the same names (a test keeps it so), which is what lets a
 * package made on one restore on the other: its schemaVersion is one of them.
 */
export function listKnownMigrations(provider: DatabaseProvider = 'sqlite'): string[] {
  return listMigrationDirectories(migrationsDirectory(provider));
}

export function readMigrationList(provider: DatabaseProvider = 'sqlite'): MigrationList {
  const dir = migrationsDirectory(provider);
  const lockfilePath = path.join(dir, MIGRATION_LOCK_FILE);
  return {
    baseDir: dir,
    lockfile: {
      path: MIGRATION_LOCK_FILE,
      content: fs.existsSync(lockfilePath) ? fs.readFileSync(lockfilePath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: listMigrationDirectories(dir).map((name) => ({
      path: name,
      migrationFile: {
        path: MIGRATION_SCRIPT_FILE,
        content: { tag: 'ok', value: fs.readFileSync(path.join(dir, name, MIGRATION_SCRIPT_FILE), 'utf8') },
      },
    })),
  };
}

/** Key of the session advisory lock that serialises migrations on PostgreSQL ("edms-mig"). */
export const POSTGRES_MIGRATION_LOCK_KEY = 0x65646d73_6d6967n;

/**
 * Applies the shipped migrations of the URL's provider that the database
 * lacks and records them in `_prisma_migrations`, as `prisma migrate deploy`
 * does. Returns the names of the migrations applied now (empty when the
 * database was up to date). Safe to call from several processes at once: a
 * lock file beside the SQLite database, or a PostgreSQL advisory lock, lets
 * one apply while the others wait (and then find nothing left to do).
 */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const provider = databaseProviderOf(databaseUrl);
  const migrationsList = readMigrationList(provider);
  if (migrationsList.lockfile.content === null) {
    throw new Error(`Missing ${MIGRATION_LOCK_FILE} in ${migrationsList.baseDir}`);
  }
  const apply = () =>
    withSchemaEngine(databaseUrl, async ({ engine }) => {
      try {
        const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
        return appliedMigrationNames;
      } catch (error) {
        throw new Error(
          `Applying migrations to ${redactDatabaseUrl(databaseUrl)} failed: ${(error as Error).message}`,
          { cause: error },
        );
      }
    });
  if (provider === 'sqlite') {
    return withSqliteFileLock(`${sqliteFilePath(databaseUrl)}.migrate-lock`, apply);
  }
  return withPostgresAdvisoryLock(databaseUrl, POSTGRES_MIGRATION_LOCK_KEY, apply);
}

/** Successfully applied migrations, oldest first; empty on a database never migrated. */
export async function listAppliedMigrations(client: DbClient): Promise<string[]> {
  let rows: Array<{ migration_name: string }>;
  try {
    rows = await client.$queryRaw<Array<{ migration_name: string }>>`
      SELECT migration_name FROM _prisma_migrations
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL
      ORDER BY migration_name`;
  } catch (error) {
    if (isTableMissingError(error)) return [];
    throw error;
  }
  return rows.map((row) => row.migration_name);
}

/**
 * The newest applied migration: a backup package's `schemaVersion` (SPEC §3).
 * Migration names start with a UTC timestamp, so name order is apply order.
 */
export async function getSchemaVersion(client: DbClient): Promise<string | null> {
  const applied = await listAppliedMigrations(client);
  return applied.at(-1) ?? null;
}
