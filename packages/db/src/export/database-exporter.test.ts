import { randomUUID } from 'node:crypto';
import { createMigratedDatabase, type TempDatabase } from '../test-support/temp-database';
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

describe('PrismaDatabaseExporter', () => {
  let db: TempDatabase;
  beforeEach(async () => {
    db = await createMigratedDatabase();
  });
  afterEach(() => db.remove());

  async function addUser(name: string) {
    await db.client().user.create({
      data: { id: randomUUID(), username: name, email: `${name}@x.test`, displayName: name, role: 'VIEWER', passwordHash: 'scrypt$x' },
    });
  }

  it('exports every table in primary-key order, across page boundaries', async () => {
    const client = db.client();
    for (let i = 0; i < 1005; i += 1) {
      await client.auditEvent.create({
        data: { sequence: i + 1, at: new Date(), actor: 'a', action: 'x', targetType: 't', outcome: 'SUCCESS', prevHash: 'p', hash: 'h' },
      });
    }
    const snapshot = await new PrismaDatabaseExporter(db.url).openSnapshot();
    try {
      expect(snapshot.tables.map((t) => t.name)).toEqual(['User', 'Document', 'DocumentVersion', 'BackupConfiguration', 'AuditEvent']);
      const audit = await collect(snapshot.tables[4]!.rows());
      expect(audit).toHaveLength(1005);
      expect(audit.map((r) => r.sequence)).toEqual(Array.from({ length: 1005 }, (_, i) => i + 1));
      expect(typeof audit[0]?.at).toBe('string');
      expect(snapshot.schemaVersion).toMatch(/^\d{14}_init$/);
      expect(snapshot.provider).toBe('sqlite');
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
});
