// A package made on SQLite restores into PostgreSQL, and one made on
// PostgreSQL into SQLite, with identical data (SPEC §3: "Portable across
// SQLite and PostgreSQL"). Each direction starts two real installations, as
// an operator moving between the embedded default and PostgreSQL would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addDocument,
  addDocumentVersion,
  checkSystem,
  createConfiguration,
  createUser,
  restoreNow,
  runBackupNow,
  seedDemoDocuments,
  systemActor,
} from '@edms/domain';
import type { DbClient } from '@edms/db';
import { readManifest } from '@edms/package-format';
import type { Services } from './services';
import { documentStoreDir } from './paths';
import { stateDigest } from './test-support/state-digest';
import { DATABASES, openServices, type TestDatabaseTarget } from './test-support/test-installation';

const actor = systemActor('test');

async function* bytes(text: string | Buffer): AsyncIterable<Uint8Array> {
  yield Buffer.isBuffer(text) ? text : Buffer.from(text);
}

/**
 * The EDMS data in a form that must be equal on both sides: user references
 * by username (a user that exists on both sides keeps the target's id, and
 * the target's own seeded admin keeps its creation time), everything else
 * column by column, 64-bit integers as strings, dates as ISO-8601.
 */
async function portableState(client: DbClient) {
  const users = await client.user.findMany();
  const nameOf = new Map(users.map((u) => [u.id, u.username]));
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const byKey = <T>(key: (row: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  return {
    users: users
      .map(({ id: _id, createdAt, ...user }) => ({ ...user, createdAt: user.username === 'admin' ? 'seeded on each side' : iso(createdAt) }))
      .sort(byKey((u) => u.username)),
    documents: (await client.document.findMany())
      .map((d) => ({ ...d, ownerId: nameOf.get(d.ownerId), createdAt: iso(d.createdAt), updatedAt: iso(d.updatedAt) }))
      .sort(byKey((d) => d.id)),
    versions: (await client.documentVersion.findMany())
      .map((v) => ({ ...v, createdById: nameOf.get(v.createdById), sizeBytes: v.sizeBytes.toString(), createdAt: iso(v.createdAt) }))
      .sort(byKey((v) => v.id)),
    configurations: (await client.backupConfiguration.findMany({ where: { isTemporary: false } }))
      // Defaults are seeded on each side (own ids and times); the settings must agree.
      .map(({ id: _id, createdAt: _c, updatedAt: _u, createdById, ...c }) => ({ ...c, createdBy: createdById ? nameOf.get(createdById) : null }))
      .sort(byKey((c) => c.name)),
  };
}

/** Data that is awkward to carry between databases: Unicode, big sizes, exact times, nulls. */
async function addAwkwardData(services: Services): Promise<void> {
  const ctx = services.ctx;
  await createUser(ctx, actor, { username: 'zoe.u', email: 'zoe@example.test', displayName: 'Zoë Ünicode 😀', role: 'OPERATOR', password: 'long enough password 1' });
  await createUser(ctx, actor, { username: 'bob_2', email: 'bob@example.test', role: 'VIEWER', password: 'long enough password 2' });
  await addDocument(ctx, actor, {
    title: 'Ünïcödé — “quotes”, emoji 🧪 and a tab\tinside',
    fileName: 'ünïcode.txt',
    content: bytes('Grüße\n'),
    ownerUsername: 'zoe.u',
    createdAt: new Date('2024-02-29T23:59:59.999Z'),
  });
  await addDocumentVersion(ctx, actor, { document: 'SOP-0001', fileName: 'binary.bin', content: bytes(Buffer.from([0, 255, 1, 254, 0])) });
  await createConfiguration(ctx, actor, {
    name: 'only-on-source',
    backupType: 'DATABASE',
    frequency: 'WEEKLY',
    scheduleTime: '04:15',
    dayOfWeek: 3,
    description: 'Made before the move — keeps its settings',
    retention: { keepLast: 2, keepDaily: 0, keepWeekly: 8, keepMonthly: 0 },
    compressionLevel: 1,
  });
}

const postgres = DATABASES.find(([provider]) => provider === 'postgresql');
const sqlite = DATABASES.find(([provider]) => provider === 'sqlite') as TestDatabaseTarget;
const DIRECTIONS: Array<[string, string, TestDatabaseTarget, TestDatabaseTarget]> = postgres
  ? [
      ['sqlite', 'postgresql', sqlite, postgres],
      ['postgresql', 'sqlite', postgres, sqlite],
    ]
  : [];

(postgres ? describe : describe.skip)('packages move between SQLite and PostgreSQL', () => {
  let root: string;
  const opened: Services[] = [];
  const open = async (target: TestDatabaseTarget, name: string) => {
    const services = await openServices(target, join(root, name));
    opened.push(services);
    return services;
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'edms-cross-db-'));
  });

  afterEach(async () => {
    for (const services of opened.splice(0)) await services.close();
    rmSync(root, { recursive: true, force: true });
  });

  it.each(DIRECTIONS)('a FULL package made on %s restores into %s with identical data', async (from, _to, sourceTarget, targetTarget) => {
    const source = await open(sourceTarget, 'source');
    await seedDemoDocuments(source.ctx, actor, { documents: 6 });
    await addAwkwardData(source);

    const job = await runBackupNow(source.ctx, actor, { configuration: 'daily-full' });
    expect(job.status).toBe('COMPLETED');
    const { manifest } = await readManifest(job.backupFilePath as string);
    expect(manifest.source.databaseProvider).toBe(from);
    expect(manifest.database?.tables['AuditEvent']?.rows).toBeGreaterThan(0);

    const target = await open(targetTarget, 'target');
    const auditBefore = await target.client.auditEvent.count();
    const { restore } = await restoreNow(target.ctx, actor, {
      source: { kind: 'file', path: job.backupFilePath as string },
      force: true,
      confirm: async () => true,
    });

    expect(restore).toMatchObject({ status: 'COMPLETED', error: null });
    expect(await portableState(target.client)).toEqual(await portableState(source.client));
    const [sourceFiles, targetFiles] = [
      await stateDigest(source.client, documentStoreDir(source.env.dataDir)),
      await stateDigest(target.client, documentStoreDir(target.env.dataDir)),
    ];
    expect({ files: targetFiles.files, count: targetFiles.fileCount }).toEqual({ files: sourceFiles.files, count: sourceFiles.fileCount });
    // The configuration that only the source had was added with its own id; audit history stayed in the package.
    const moved = await target.client.backupConfiguration.findUniqueOrThrow({ where: { name: 'only-on-source' } });
    const original = await source.client.backupConfiguration.findUniqueOrThrow({ where: { name: 'only-on-source' } });
    expect(moved).toMatchObject({ id: original.id, createdAt: original.createdAt, description: original.description });
    expect(await target.client.auditEvent.count()).toBeGreaterThan(auditBefore);
    const report = await checkSystem(target.ctx, actor);
    expect(report).toMatchObject({ ok: true, missingFiles: [], changedFiles: [], orphanFiles: [] });
    expect(report.audit.intact).toBe(true);
  });

  it.each(DIRECTIONS)('a DATABASE package made on %s restores into %s, 64-bit sizes and all', async (_from, _to, sourceTarget, targetTarget) => {
    const source = await open(sourceTarget, 'source');
    await seedDemoDocuments(source.ctx, actor, { documents: 3 });
    await addAwkwardData(source);
    // A size beyond 32 bits: only a database value here (a DATABASE package carries no files to check it against).
    await source.client.documentVersion.updateMany({ where: { fileName: 'binary.bin' }, data: { sizeBytes: 5n * 2n ** 32n + 3n } });
    const job = await runBackupNow(source.ctx, actor, { configuration: 'manual-database' });
    expect(job.status).toBe('COMPLETED');

    const target = await open(targetTarget, 'target');
    const { restore } = await restoreNow(target.ctx, actor, {
      source: { kind: 'file', path: job.backupFilePath as string },
      force: true,
      confirm: async () => true,
    });

    expect(restore).toMatchObject({ status: 'COMPLETED', error: null });
    expect(await portableState(target.client)).toEqual(await portableState(source.client));
    expect((await target.client.documentVersion.findFirstOrThrow({ where: { fileName: 'binary.bin' } })).sizeBytes).toBe(5n * 2n ** 32n + 3n);
    // Search ignores (ASCII) case on both sides.
    expect((await target.ctx.repos.documents.list({ search: 'EMOJI' })).total).toBe(1);
  });
});
