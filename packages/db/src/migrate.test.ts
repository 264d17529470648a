import * as fs from 'node:fs';
import * as path from 'node:path';

import {
  applyMigrations,
  getSchemaVersion,
  listAppliedMigrations,
  listKnownMigrations,
  migrationsDirectory,
} from './migrate';
import { diffDatamodels } from './schema-engine';
import { createTempDatabase, DATABASES, type TempDatabase } from './test-support/temp-database';
import type { DatabaseProvider } from './database-url';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { postgresqlSchemaFrom } = require('../scripts/generate.js') as { postgresqlSchemaFrom(source: string): string };

const PRISMA_DIR = path.resolve(__dirname, '..', 'prisma');
const PROVIDERS: DatabaseProvider[] = ['sqlite', 'postgresql'];

function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/** The schema the provider's client and migrations are generated from. */
function currentSchema(provider: DatabaseProvider): string {
  return read(provider === 'postgresql' ? path.join(PRISMA_DIR, 'postgresql', 'schema.prisma') : path.join(PRISMA_DIR, 'schema.prisma'));
}

describe('the two migration histories', () => {
  it('hold the same migration names, so a package from either provider restores on the other', () => {
    expect(listKnownMigrations('postgresql')).toEqual(listKnownMigrations('sqlite'));
    expect(listKnownMigrations()).toEqual(listKnownMigrations('sqlite'));
  });

  it('each declare their provider in migration_lock.toml', () => {
    for (const provider of PROVIDERS) {
      expect(read(path.join(migrationsDirectory(provider), 'migration_lock.toml'))).toMatch(new RegExp(`^provider = "${provider}"$`, 'm'));
    }
  });

  it('prisma/postgresql/schema.prisma is the generated copy of prisma/schema.prisma', () => {
    // Fix: npm run build -w @edms/db (scripts/generate.js rewrites it).
    expect(currentSchema('postgresql')).toBe(postgresqlSchemaFrom(currentSchema('sqlite')));
  });

  it("every PostgreSQL migration's schema snapshot is the copy of the SQLite one", () => {
    for (const name of listKnownMigrations('sqlite')) {
      const sqlite = read(path.join(migrationsDirectory('sqlite'), name, 'schema.prisma'));
      expect(read(path.join(migrationsDirectory('postgresql'), name, 'schema.prisma'))).toBe(postgresqlSchemaFrom(sqlite));
    }
  });

  it.each(PROVIDERS)('%s: the provider schema has no changes that the newest migration lacks', async (provider) => {
    const newest = listKnownMigrations(provider).at(-1);
    const snapshot = path.join(migrationsDirectory(provider), String(newest), 'schema.prisma');

    const pending = await diffDatamodels(
      { path: 'schema.prisma', content: read(snapshot) },
      { path: 'schema.prisma', content: currentSchema(provider) },
    );

    // Fix: npm run db:migration -- <name>
    expect(pending).toBeNull();
  });

  it.each(PROVIDERS)("%s: every migration's SQL is what its schema snapshot produces", async (provider) => {
    const dir = migrationsDirectory(provider);
    let previous: string | null = null;
    for (const name of listKnownMigrations(provider)) {
      const snapshot = read(path.join(dir, name, 'schema.prisma'));
      const sql = await diffDatamodels(previous === null ? null : { path: 'schema.prisma', content: previous }, {
        path: 'schema.prisma',
        content: snapshot,
      });
      const shipped = read(path.join(dir, name, 'migration.sql'));
      // A change that means nothing on this provider ships as a comment only.
      if (sql === null) expect(shipped).toMatch(/^(--[^\n]*\n)+$/);
      else expect(shipped).toBe(sql);
      previous = snapshot;
    }
  });
});

describe.each(DATABASES)('migrations on %s', (provider, serverUrl) => {
  let db: TempDatabase;

  beforeEach(async () => {
    db = await createTempDatabase([provider, serverUrl]);
  });

  afterEach(async () => {
    await db.remove();
  });

  it('ships at least the init migration, listed oldest first', () => {
    const known = listKnownMigrations(provider);
    expect(known.length).toBeGreaterThan(0);
    expect(known[0]).toMatch(/^\d{14}_init$/);
    expect([...known].sort()).toEqual(known);
  });

  it('applies every shipped migration to a fresh database', async () => {
    if (db.file) expect(fs.existsSync(path.dirname(db.file))).toBe(false);

    await expect(applyMigrations(db.url)).resolves.toEqual(listKnownMigrations(provider));

    // SQLite: the file and its directory are created.
    if (db.file) expect(fs.existsSync(db.file)).toBe(true);
  });

  it('applies nothing on a second run', async () => {
    await applyMigrations(db.url);

    await expect(applyMigrations(db.url)).resolves.toEqual([]);
  });

  it('records applied migrations in _prisma_migrations like prisma migrate deploy', async () => {
    await applyMigrations(db.url);
    const client = db.client();

    const rows = await client.$queryRaw<Array<{ migration_name: string; checksum: string; finished_at: unknown }>>`
      SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name`;

    expect(rows.map((row) => row.migration_name)).toEqual(listKnownMigrations(provider));
    for (const row of rows) {
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).not.toBeNull();
    }
    await expect(listAppliedMigrations(client)).resolves.toEqual(listKnownMigrations(provider));
  });

  it('applies each migration once when several callers migrate the same database at the same time', async () => {
    const results = await Promise.all([applyMigrations(db.url), applyMigrations(db.url), applyMigrations(db.url)]);

    expect(results.flat().sort()).toEqual(listKnownMigrations(provider));
    await expect(listAppliedMigrations(db.client())).resolves.toEqual(listKnownMigrations(provider));
  });

  it('getSchemaVersion returns the name of the newest applied migration', async () => {
    await applyMigrations(db.url);

    await expect(getSchemaVersion(db.client())).resolves.toBe(listKnownMigrations(provider).at(-1));
  });

  it('getSchemaVersion is null for a database that was never migrated', async () => {
    await expect(getSchemaVersion(db.client())).resolves.toBeNull();
  });
});
