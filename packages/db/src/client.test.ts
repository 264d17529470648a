import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';

import { SQLITE_BUSY_TIMEOUT_MS } from './sqlite-adapter';
import { createMigratedDatabase, type TempDatabase } from './test-support/temp-database';
import { insertUser } from './test-support/fixtures';

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

  it('lets two clients on one file both write', async () => {
    const first = db.client();
    const second = db.client();

    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => insertUser(first, `first-${i}`)),
      ...Array.from({ length: 20 }, (_, i) => insertUser(second, `second-${i}`)),
    ]);

    expect(await first.user.count()).toBe(40);
    expect(await second.user.count()).toBe(40);
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
        db.file,
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
