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
import { createTempDatabase, type TempDatabase } from './test-support/temp-database';

describe('migrations', () => {
  let db: TempDatabase;

  beforeEach(() => {
    db = createTempDatabase();
  });

  afterEach(async () => {
    await db.remove();
  });

  it('ships at least the init migration, listed oldest first', () => {
    const known = listKnownMigrations();
    expect(known.length).toBeGreaterThan(0);
    expect(known[0]).toMatch(/^\d{14}_init$/);
    expect([...known].sort()).toEqual(known);
  });

  it('applies every shipped migration to a fresh database file, creating its directory', async () => {
    expect(fs.existsSync(path.dirname(db.file))).toBe(false);

    await expect(applyMigrations(db.url)).resolves.toEqual(listKnownMigrations());

    expect(fs.existsSync(db.file)).toBe(true);
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

    expect(rows.map((row) => row.migration_name)).toEqual(listKnownMigrations());
    for (const row of rows) {
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).not.toBeNull();
    }
    await expect(listAppliedMigrations(client)).resolves.toEqual(listKnownMigrations());
  });

  it('applies each migration once when several callers migrate the same file at the same time', async () => {
    const results = await Promise.all([applyMigrations(db.url), applyMigrations(db.url), applyMigrations(db.url)]);

    expect(results.flat().sort()).toEqual(listKnownMigrations());
    await expect(listAppliedMigrations(db.client())).resolves.toEqual(listKnownMigrations());
  });

  it('getSchemaVersion returns the name of the newest applied migration', async () => {
    await applyMigrations(db.url);

    await expect(getSchemaVersion(db.client())).resolves.toBe(listKnownMigrations().at(-1));
  });

  it('getSchemaVersion is null for a database that was never migrated', async () => {
    await expect(getSchemaVersion(db.client())).resolves.toBeNull();
  });

  it('prisma/schema.prisma has no changes that the newest migration lacks', async () => {
    const newest = listKnownMigrations().at(-1);
    const snapshot = path.join(migrationsDirectory(), String(newest), 'schema.prisma');
    const schema = path.resolve(migrationsDirectory(), '..', 'schema.prisma');

    const pending = await diffDatamodels(
      { path: 'schema.prisma', content: fs.readFileSync(snapshot, 'utf8') },
      { path: 'schema.prisma', content: fs.readFileSync(schema, 'utf8') },
    );

    // Fix: npm run migration:create -w @edms/db -- <name>
    expect(pending).toBeNull();
  });

  it("the newest migration's SQL is what its schema snapshot produces", async () => {
    const known = listKnownMigrations();
    const dir = migrationsDirectory();
    const previous = known.length > 1 ? path.join(dir, String(known.at(-2)), 'schema.prisma') : null;
    const newest = path.join(dir, String(known.at(-1)));

    const sql = await diffDatamodels(
      previous ? { path: 'schema.prisma', content: fs.readFileSync(previous, 'utf8') } : null,
      { path: 'schema.prisma', content: fs.readFileSync(path.join(newest, 'schema.prisma'), 'utf8') },
    );

    expect(sql).toBe(fs.readFileSync(path.join(newest, 'migration.sql'), 'utf8'));
  });
});
