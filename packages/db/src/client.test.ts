import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';

import { createPrismaClient, providerOf } from './client';
import { createRepositories } from './repositories';
import { SQLITE_BUSY_TIMEOUT_MS } from './sqlite-adapter';
import { createMigratedDatabase, DATABASES, type TempDatabase } from './test-support/temp-database';
import { insertUser } from './test-support/fixtures';

describe.each(DATABASES)('createPrismaClient on %s', (provider, serverUrl) => {
  let db: TempDatabase;

  beforeEach(async () => {
    db = await createMigratedDatabase([provider, serverUrl]);
  });

  afterEach(async () => {
    await db.remove();
  });

  it('picks the client by the URL scheme and knows its provider, inside transactions too', async () => {
    const client = db.client();

    expect(providerOf(client)).toBe(provider);
    await client.$transaction(async (tx) => {
      expect(providerOf(tx)).toBe(provider);
    });
  });

  it('lets two clients on one database both write', async () => {
    const first = db.client();
    const second = db.client();

    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => insertUser(first, `first-${i}`)),
      ...Array.from({ length: 20 }, (_, i) => insertUser(second, `second-${i}`)),
    ]);

    expect(await first.user.count()).toBe(40);
    expect(await second.user.count()).toBe(40);
  });

  it('keeps dates to the millisecond, in UTC (here across a daylight-saving switch)', async () => {
    const client = db.client();
    const at = new Date('2026-03-29T01:30:00.123Z');
    const user = await insertUser(client);
    await client.user.update({ where: { id: user.id }, data: { createdAt: at } });

    const row = await client.user.findUniqueOrThrow({ where: { id: user.id } });

    expect(row.createdAt.toISOString()).toBe(at.toISOString());
  });

  it('searches documents without regard to case on both databases', async () => {
    const client = db.client();
    const owner = await insertUser(client);
    for (const [number, title] of [['SOP-0001', 'Cleaning Procedure'], ['SPEC-0002', 'Tablet specification'], ['sop-0003', 'ÄRZTE']] as const) {
      await client.document.create({ data: { id: number, number, title, status: 'DRAFT', ownerId: owner.id } });
    }
    const repos = createRepositories(client);

    const titles = async (search: string) => (await repos.documents.list({ search })).items.map((d) => d.number).sort();

    expect(await titles('cleaning')).toEqual(['SOP-0001']);
    expect(await titles('SPECIFICATION')).toEqual(['SPEC-0002']);
    expect(await titles('Sop-')).toEqual(['SOP-0001', 'sop-0003']);
  });
});

it('rejects a URL of another database', () => {
  expect(() => createPrismaClient('mysql://u@h/db')).toThrow(/Unsupported DATABASE_URL/);
});

describe('createPrismaClient on a SQLite file', () => {
  let db: TempDatabase;

  beforeEach(async () => {
    db = await createMigratedDatabase();
  });

  afterEach(async () => {
    await db.remove();
  });

  it('puts the database in WAL mode so readers never wait for a writer', async () => {
    const rows = await db.client().$queryRawUnsafe<Array<{ journal_mode: string }>>('PRAGMA journal_mode');

    expect(rows[0]?.journal_mode).toBe('wal');
  });

  it('configures every connection with the busy timeout, foreign keys and synchronous=NORMAL', async () => {
    const client = db.client();
    const pragma = async (name: string) =>
      Object.values((await client.$queryRawUnsafe<Array<Record<string, unknown>>>(`PRAGMA ${name}`))[0] ?? {})[0];

    expect(Number(await pragma('busy_timeout'))).toBe(SQLITE_BUSY_TIMEOUT_MS);
    expect(Number(await pragma('foreign_keys'))).toBe(1);
    expect(Number(await pragma('synchronous'))).toBe(1);
  });

  it('waits for another process holding the write lock instead of failing', async () => {
    const client = db.client();
    await client.user.count();
    const holdMs = 700;
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(process.argv[1]);
         db.exec('BEGIN IMMEDIATE');
         db.prepare("INSERT INTO SystemSetting (key, value, updatedAt) VALUES ('held', 'yes', 0)").run();
         process.stdout.write('locked\\n');
         setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${holdMs});`,
        db.file as string,
      ],
      { cwd: path.resolve(__dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<number | null>((resolve) => holder.on('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
      holder.on('exit', (code) => reject(new Error(`lock holder exited early with ${code}`)));
    });

    const started = Date.now();
    await insertUser(client, `waiter-${randomUUID()}`);
    const waited = Date.now() - started;

    expect(await exited).toBe(0);
    expect(waited).toBeGreaterThanOrEqual(holdMs / 2);
    expect(await client.systemSetting.count({ where: { key: 'held' } })).toBe(1);
  });
});
