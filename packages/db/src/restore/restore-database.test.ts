import { randomUUID } from 'node:crypto';
import { EXPORTED_TABLES, type ExportedTable, type StagedPackage } from '@edms/domain';
import type { DbClient } from '../client';
import { PrismaDatabaseExporter } from '../export/database-exporter';
import { createMigratedDatabase, DATABASES, type TempDatabase } from '../test-support/temp-database';
import { PrismaMaintenanceLock } from './maintenance-lock';
import { PrismaRestoreDatabase } from './restore-database';

type Row = Record<string, unknown>;

const SYSTEM = { userId: null, username: null };
const BIG = 5 * 2 ** 32 + 7;

/** Exports a database as a package would hold it: every row through JSON. */
async function stageFrom(db: TempDatabase): Promise<StagedPackage> {
  const snapshot = await new PrismaDatabaseExporter(db.url).openSnapshot();
  const tables = new Map<string, Row[]>();
  try {
    for (const table of snapshot.tables) {
      const rows: Row[] = [];
      for await (const row of table.rows()) rows.push(JSON.parse(JSON.stringify(row)) as Row);
      tables.set(table.name, rows);
    }
  } finally {
    await snapshot.release();
  }
  return {
    restoreId: randomUUID(),
    manifest: {} as StagedPackage['manifest'],
    async *rows(table: ExportedTable) {
      yield* tables.get(table) ?? [];
    },
    async *files() {},
    fileCount: 0,
    fileBytes: 0,
  };
}

async function fill(client: DbClient): Promise<void> {
  const alice = await client.user.create({
    data: { id: randomUUID(), username: 'alice', email: 'a@x.test', displayName: 'Alice', role: 'OPERATOR', passwordHash: 'scrypt$a', createdAt: new Date('2026-01-01T00:00:00.001Z') },
  });
  const admin = await client.user.create({
    data: { id: randomUUID(), username: 'admin', email: 'admin@x.test', displayName: 'Admin', role: 'ADMIN', passwordHash: 'scrypt$b' },
  });
  for (let i = 1; i <= 3; i += 1) {
    const doc = await client.document.create({
      data: { id: randomUUID(), number: `SOP-000${i}`, title: `Procedure ${i} — Ünïcode`, status: 'EFFECTIVE', ownerId: i === 1 ? admin.id : alice.id },
    });
    for (let v = 1; v <= 2; v += 1) {
      await client.documentVersion.create({
        data: {
          id: randomUUID(),
          documentId: doc.id,
          version: v,
          fileName: `f${v}.pdf`,
          storageKey: `docs/${doc.id}/${v}`,
          sizeBytes: BigInt(i === 3 && v === 2 ? BIG : 100 * v),
          sha256: 'a'.repeat(64),
          mimeType: 'application/pdf',
          createdById: alice.id,
          createdAt: new Date(`2026-02-0${i}T10:00:00.${v}00Z`),
          note: v === 2 ? 'second' : null,
        },
      });
    }
  }
  await client.backupConfiguration.create({
    data: { id: randomUUID(), name: 'from-package', backupType: 'FULL', frequency: 'WEEKLY', scheduleTime: '03:00', dayOfWeek: 0, storagePath: 'p', keepLast: 1, keepDaily: 0, keepWeekly: 4, keepMonthly: 0, createdById: alice.id },
  });
  await client.auditEvent.create({
    data: { sequence: 1, at: new Date(), actor: 'a', action: 'x', targetType: 't', outcome: 'SUCCESS', prevHash: 'p', hash: 'h' },
  });
}

// Every pair: a package made on one provider restores into the other.
const PAIRS = DATABASES.flatMap((source) => DATABASES.map((target) => [source[0], target[0], source, target] as const));

describe.each(PAIRS)('PrismaRestoreDatabase from %s into %s', (_from, _to, sourceTarget, targetTarget) => {
  let source: TempDatabase;
  let target: TempDatabase;

  beforeEach(async () => {
    source = await createMigratedDatabase(sourceTarget);
    // Two databases on one PostgreSQL server: the target is a separate one.
    target = await createMigratedDatabase(targetTarget, { separate: true });
    await fill(source.client());
  });

  afterEach(async () => {
    await target.remove();
    await source.remove();
  });

  it('plans, applies and verifies: an empty installation ends up with exactly the package rows', async () => {
    const staged = await stageFrom(source);
    const restore = new PrismaRestoreDatabase(target.client());

    const plan = await restore.plan(staged, SYSTEM);
    expect(Object.fromEntries(plan.tables.map((t) => [t.table, t.insert]))).toEqual({
      User: 2,
      Document: 3,
      DocumentVersion: 6,
      BackupConfiguration: 1,
      AuditEvent: 0,
    });
    const digest = await restore.apply(staged, SYSTEM);

    expect(digest).toEqual(await new PrismaRestoreDatabase(source.client()).digest());
    expect(await restore.digest()).toEqual(digest);
    expect(await restore.isCommitted(staged.restoreId)).toBe(true);
    const big = await target.client().documentVersion.findFirstOrThrow({ where: { note: 'second', document: { number: 'SOP-0003' } } });
    expect(big.sizeBytes).toBe(BigInt(BIG));
    expect(big.createdAt.toISOString()).toBe('2026-02-03T10:00:00.200Z');
    // The audit chain of the package is never imported.
    expect(await target.client().auditEvent.count()).toBe(0);

    const again = await restore.plan(staged, SYSTEM);
    expect(again.tables.find((t) => t.table === 'Document')).toMatchObject({ insert: 0, replace: 0, delete: 0, unchanged: 3 });
    expect(again.tables.find((t) => t.table === 'DocumentVersion')).toMatchObject({ insert: 0, unchanged: 6 });
  });

  it('rolling back to a snapshot removes the users it does not hold (their tokens and sessions too), never the acting user', async () => {
    const client = target.client();
    const staged = await stageFrom(source); // the "safety snapshot": alice and admin
    const intruder = await client.user.create({ data: { id: randomUUID(), username: 'from-failed-restore', email: 'i@x.test', displayName: 'I', role: 'ADMIN', passwordHash: 'h' } });
    await client.apiToken.create({ data: { id: randomUUID(), name: 't', tokenHash: 'f'.repeat(64), prefix: 'edms_fff', userId: intruder.id } });
    const acting = await client.user.create({ data: { id: randomUUID(), username: 'operator-on-duty', email: 'o@x.test', displayName: 'O', role: 'ADMIN', passwordHash: 'h' } });
    const restore = new PrismaRestoreDatabase(client);

    // A normal restore merges: nobody is removed.
    await restore.apply(staged, { userId: acting.id, username: acting.username });
    expect((await client.user.findMany({ orderBy: { username: 'asc' } })).map((u) => u.username)).toEqual(['admin', 'alice', 'from-failed-restore', 'operator-on-duty']);

    await restore.apply({ ...staged, restoreId: randomUUID() }, { userId: acting.id, username: acting.username }, { removeUsersNotInPackage: true });
    expect((await client.user.findMany({ orderBy: { username: 'asc' } })).map((u) => u.username)).toEqual(['admin', 'alice', 'operator-on-duty']);
    expect(await client.apiToken.count({ where: { userId: intruder.id } })).toBe(0);
    expect(await client.document.count()).toBe(3);
  });

  it('merges users by username: a local user keeps its id and the documents follow it', async () => {
    const localAlice = await target.client().user.create({
      data: { id: randomUUID(), username: 'alice', email: 'old@x.test', displayName: 'Old', role: 'VIEWER', passwordHash: 'scrypt$old' },
    });
    const staged = await stageFrom(source);
    await new PrismaRestoreDatabase(target.client()).apply(staged, SYSTEM);

    const client = target.client();
    expect(await client.user.findUniqueOrThrow({ where: { username: 'alice' } })).toMatchObject({ id: localAlice.id, email: 'a@x.test', role: 'OPERATOR' });
    expect(await client.documentVersion.count({ where: { createdById: localAlice.id } })).toBe(6);
    expect(await client.document.count({ where: { ownerId: localAlice.id } })).toBe(2);
  });

  it('replaces local documents and keeps existing configurations', async () => {
    const client = target.client();
    const owner = await client.user.create({ data: { id: randomUUID(), username: 'local', email: 'l@x.test', displayName: 'L', role: 'ADMIN', passwordHash: 'h' } });
    await client.document.create({ data: { id: randomUUID(), number: 'LOCAL-1', title: 'local', status: 'DRAFT', ownerId: owner.id } });
    await client.backupConfiguration.create({
      data: { id: randomUUID(), name: 'from-package', description: 'local one', backupType: 'FILES', frequency: 'DAILY', scheduleTime: '01:00', storagePath: 'l', keepLast: 9, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 },
    });
    const staged = await stageFrom(source);
    const restore = new PrismaRestoreDatabase(client);

    const plan = await restore.plan(staged, SYSTEM);
    expect(plan.tables.find((t) => t.table === 'Document')).toMatchObject({ insert: 3, delete: 1 });
    expect(plan.tables.find((t) => t.table === 'BackupConfiguration')).toMatchObject({ insert: 0, protected: 1 });
    await restore.apply(staged, SYSTEM);

    expect((await client.document.findMany({ orderBy: { number: 'asc' } })).map((d) => d.number)).toEqual(['SOP-0001', 'SOP-0002', 'SOP-0003']);
    expect(await client.backupConfiguration.findUniqueOrThrow({ where: { name: 'from-package' } })).toMatchObject({ description: 'local one', keepLast: 9 });
    expect(await client.user.count()).toBe(3);
  });

  it('rolls the whole apply back when it fails just before committing', async () => {
    const staged = await stageFrom(source);
    const restore = new PrismaRestoreDatabase(target.client(), () => {
      throw new Error('power cut');
    });

    await expect(restore.apply(staged, SYSTEM)).rejects.toThrow('power cut');

    const client = target.client();
    expect(await client.user.count()).toBe(0);
    expect(await client.document.count()).toBe(0);
    expect(await restore.isCommitted(staged.restoreId)).toBe(false);
  });

  it('resets: removes documents, versions and non-admin users, keeps admins', async () => {
    const staged = await stageFrom(source);
    const restore = new PrismaRestoreDatabase(target.client());
    await restore.apply(staged, SYSTEM);

    expect(await restore.planReset(SYSTEM)).toEqual({ documents: 3, versions: 6, users: 1, usernames: ['alice'] });
    await restore.applyReset(SYSTEM);

    const client = target.client();
    expect(await client.document.count()).toBe(0);
    expect((await client.user.findMany()).map((u) => u.username)).toEqual(['admin']);
    expect(await client.backupConfiguration.count()).toBe(1);
  });
});

describe.each(DATABASES)('PrismaMaintenanceLock on %s', (provider, serverUrl) => {
  let db: TempDatabase;
  beforeEach(async () => {
    db = await createMigratedDatabase([provider, serverUrl]);
  });
  afterEach(() => db.remove());

  it('admits one holder across clients (as across processes) until it releases', async () => {
    const locks = Array.from({ length: 4 }, () => new PrismaMaintenanceLock(db.client()));
    const results = await Promise.allSettled(locks.map((lock, i) => lock.acquire('restore', `taker-${i}`)));
    const won = results.filter((r): r is PromiseFulfilledResult<{ release(): Promise<void> }> => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'BUSY' });

    await won[0]!.value.release();
    const next = await locks[0]!.acquire('reset', 'next');
    await next.release();
  });

  it('takes over a lease that expired without renewal', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const clock = () => now;
    const first = new PrismaMaintenanceLock(db.client(), { ttlMs: 30_000, now: clock });
    const held = await first.acquire('restore', 'hung');
    const second = new PrismaMaintenanceLock(db.client(), { ttlMs: 30_000, now: clock });
    await expect(second.acquire('restore', 'waiting')).rejects.toMatchObject({ code: 'BUSY' });

    now = new Date('2026-01-01T00:01:00Z');
    const taken = await second.acquire('restore', 'waiting');
    await taken.release();
    await held.release();
  });
});

it('covers every exported table', () => {
  expect([...EXPORTED_TABLES]).toEqual(['User', 'Document', 'DocumentVersion', 'BackupConfiguration', 'AuditEvent']);
});
