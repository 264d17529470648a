import { randomUUID } from 'node:crypto';
import { createMigratedDatabase, DATABASES, type TempDatabase } from '../test-support/temp-database';
import { PrismaDatabaseExporter } from './database-exporter';
import { toJsonRow } from './json-row';

async function collect(rows: AsyncIterable<Record<string, unknown>>) {
  const out = [];
  for await (const row of rows) out.push(row);
  return out;
}

describe('toJsonRow', () => {
  it('writes dates as ISO-8601, bytes as base64 and exact 64-bit integers as numbers', () => {
    expect(
      toJsonRow({ at: new Date('2026-01-02T03:04:05.006Z'), b: Buffer.from('hi'), n: BigInt(2 ** 40), big: BigInt('9007199254740993'), s: 'x', z: null }),
    ).toEqual({ at: '2026-01-02T03:04:05.006Z', b: 'aGk=', n: 2 ** 40, big: '9007199254740993', s: 'x', z: null });
  });
});

describe.each(DATABASES)('PrismaDatabaseExporter on %s', (provider, serverUrl) => {
  let db: TempDatabase;
  beforeEach(async () => {
    db = await createMigratedDatabase([provider, serverUrl]);
  });
  afterEach(() => db.remove());

  async function addUser(name: string) {
    await db.client().user.create({
      data: { id: randomUUID(), username: name, email: `${name}@x.test`, displayName: name, role: 'VIEWER', passwordHash: 'scrypt$x' },
    });
  }

  it('exports every table in primary-key order, across page boundaries', async () => {
    const client = db.client();
    await client.auditEvent.createMany({
      data: Array.from({ length: 1005 }, (_, i) => ({
        sequence: i + 1,
        at: new Date(),
        actor: 'a',
        action: 'x',
        targetType: 't',
        outcome: 'SUCCESS',
        prevHash: 'p',
        hash: 'h',
      })),
    });
    const snapshot = await new PrismaDatabaseExporter(db.url).openSnapshot();
    try {
      expect(snapshot.tables.map((t) => t.name)).toEqual(['User', 'Document', 'DocumentVersion', 'BackupConfiguration', 'AuditEvent']);
      const audit = await collect(snapshot.tables[4]!.rows());
      expect(audit).toHaveLength(1005);
      expect(audit.map((r) => r.sequence)).toEqual(Array.from({ length: 1005 }, (_, i) => i + 1));
      expect(typeof audit[0]?.at).toBe('string');
      expect(snapshot.schemaVersion).toMatch(/^\d{14}_init$/);
      expect(snapshot.provider).toBe(provider);
    } finally {
      await snapshot.release();
    }
  });

  it('sees one moment: rows written after the snapshot opened are not exported', async () => {
    await addUser('before');
    const snapshot = await new PrismaDatabaseExporter(db.url).openSnapshot();
    try {
      await addUser('after');
      const users = await collect(snapshot.tables[0]!.rows());
      expect(users.map((u) => u.username)).toEqual(['before']);
    } finally {
      await snapshot.release();
    }
    expect(await db.client().user.count()).toBe(2);
  });

  it('sees one moment across tables while others change and delete rows', async () => {
    await addUser('kept');
    await addUser('deleted-later');
    const snapshot = await new PrismaDatabaseExporter(db.url).openSnapshot();
    try {
      const client = db.client();
      await client.user.delete({ where: { username: 'deleted-later' } });
      await client.user.update({ where: { username: 'kept' }, data: { displayName: 'changed' } });
      await client.auditEvent.create({
        data: { sequence: 1, at: new Date(), actor: 'a', action: 'x', targetType: 't', outcome: 'SUCCESS', prevHash: 'p', hash: 'h' },
      });
      const users = await collect(snapshot.tables[0]!.rows());
      expect(users.map((u) => [u.username, u.displayName]).sort()).toEqual([
        ['deleted-later', 'deleted-later'],
        ['kept', 'kept'],
      ]);
      expect(await collect(snapshot.tables[4]!.rows())).toEqual([]);
    } finally {
      await snapshot.release();
    }
  });

  it('exports 64-bit sizes and dates portably (numbers and ISO-8601 strings)', async () => {
    await addUser('owner');
    const client = db.client();
    const owner = await client.user.findUniqueOrThrow({ where: { username: 'owner' } });
    const createdAt = new Date('2026-02-03T04:05:06.789Z');
    await client.document.create({ data: { id: 'd1', number: 'SOP-1', title: 't', status: 'DRAFT', ownerId: owner.id, createdAt } });
    await client.documentVersion.create({
      data: {
        id: 'v1',
        documentId: 'd1',
        version: 1,
        fileName: 'a',
        storageKey: 'a',
        sizeBytes: 5n * 2n ** 32n,
        sha256: '0'.repeat(64),
        mimeType: 'text/plain',
        createdById: owner.id,
        createdAt,
      },
    });
    const snapshot = await new PrismaDatabaseExporter(db.url).openSnapshot();
    try {
      const [version] = await collect(snapshot.tables[2]!.rows());
      expect(version).toMatchObject({ sizeBytes: 5 * 2 ** 32, createdAt: '2026-02-03T04:05:06.789Z', note: null });
      expect((await snapshot.documentVersions())[0]).toMatchObject({ sizeBytes: 5 * 2 ** 32 });
    } finally {
      await snapshot.release();
    }
  });
});
