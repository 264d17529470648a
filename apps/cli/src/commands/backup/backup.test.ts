import { execFileSync } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { CliSandbox } from '../../test-support/run-cli';

describe('edms backup', () => {
  const cli = new CliSandbox();
  afterAll(() => cli.cleanup());

  beforeAll(async () => {
    expect((await cli.run(['demo', 'seed', '--documents', '4'])).code).toBe(0);
  });

  it('runs a FULL backup to completion with --wait and prints only the job as JSON', async () => {
    const result = await cli.run(['backup', 'run', 'daily-full', '--wait', '--json']);
    expect(result.code).toBe(0);
    const job = result.json<{ status: string; backupFilePath: string; sha256: string; backupType: string }>();
    expect(job).toMatchObject({ status: 'COMPLETED', backupType: 'FULL' });
    const listing = execFileSync('tar', ['-tzf', job.backupFilePath], { encoding: 'utf8' }).trim().split('\n');
    expect(listing[0]).toBe('manifest.json');
    expect(listing.at(-1)).toBe('SHA256SUMS');
  });

  it('queues a job without --wait and lists it as pending', async () => {
    const queued = (await cli.run(['backup', 'run', '--type', 'database', '--json'])).json<{ id: string; status: string }>();
    expect(queued.status).toBe('PENDING');
    const again = await cli.run(['backup', 'run', '--type', 'database', '--json']);
    expect(again.code).toBe(4);
    expect(again.json()).toMatchObject({ error: { code: 'BACKUP_ALREADY_ACTIVE' } });
    const list = (await cli.run(['backup', 'list', '--status', 'pending', '--json'])).json<{ items: Array<{ id: string }> }>();
    expect(list.items.map((j) => j.id)).toContain(queued.id);
  });

  it('a worker runs queued jobs and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [resolve(__dirname, '../../../bin/run.js'), 'worker', '--poll', '1', '--no-schedule'], {
      env: { ...process.env, EDMS_DATA_DIR: cli.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      const pending = (await cli.run(['backup', 'list', '--status', 'pending', '--json'])).json<{ total: number }>();
      const running = (await cli.run(['backup', 'list', '--status', 'running', '--json'])).json<{ total: number }>();
      if (pending.total === 0 && running.total === 0) break;
      if (Date.now() > deadline) throw new Error(`worker did not drain the queue:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    // Backups are background work: the worker runs at niceness 10 by default (--nice).
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    expect(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])).toBe(10);
    const exit = new Promise<number | null>((r) => child.on('close', r));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(stderr).toMatch(/job-finished: .* COMPLETED/);
  });

  it('verifies a package file and records the result; a damaged copy exits 6 naming the problem', async () => {
    const jobs = (await cli.run(['backup', 'list', '--status', 'completed', '--json'])).json<{ items: Array<{ id: string; backupFilePath: string }> }>();
    const job = jobs.items[0]!;
    const ok = await cli.run(['backup', 'verify', job.id, '--json']);
    expect(ok.code).toBe(0);
    expect(ok.json()).toMatchObject({ ok: true });
    const damaged = join(cli.dataDir, 'damaged.tar.gz');
    const bytes = execFileSync('cat', [job.backupFilePath]);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] as number) ^ 0xff;
    require('node:fs').writeFileSync(damaged, bytes);
    const bad = await cli.run(['backup', 'verify', damaged]);
    expect(bad.code).toBe(6);
    expect(bad.stderr).toMatch(/Error \[(PACKAGE|ENCRYPTION)_[A-Z_]+\]/);
  });

  it('sync registers a package it does not know, once, and prune --dry-run deletes nothing', async () => {
    const dir = join(cli.dataDir, 'backups', 'daily-full');
    const before = readdirSync(dir).length;
    const shown = (await cli.run(['backup', 'list', '--configuration', 'daily-full', '--json'])).json<{ items: Array<{ id: string }> }>();
    // Forget the catalog entry but keep the file: sync must find it again.
    const db = new (require('better-sqlite3'))(cli.databaseFile);
    db.prepare('DELETE FROM BackupJob WHERE id = ?').run(shown.items[0]!.id);
    db.close();
    const first = (await cli.run(['backup', 'sync', '--json'])).json<{ registered: unknown[] }>();
    expect(first.registered).toHaveLength(1);
    const second = (await cli.run(['backup', 'sync', '--json'])).json<{ registered: unknown[]; alreadyKnown: number }>();
    expect(second.registered).toHaveLength(0);
    const prune = await cli.run(['backup', 'prune', '--dry-run', '--json']);
    expect(prune.code).toBe(0);
    expect(readdirSync(dir).length).toBe(before);
  });

  it('reports an unknown configuration with exit code 3', async () => {
    const result = await cli.run(['backup', 'run', 'nope', '--wait', '--json']);
    expect(result.code).toBe(3);
    expect(result.json()).toMatchObject({ error: { code: 'CONFIG_NOT_FOUND' } });
  });
});
