import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareRestore, resetSystem, runBackupNow, seedDemoDocuments, systemActor } from '@edms/domain';
import { PrismaMaintenanceLock } from '@edms/db';
import type { Services } from './services';
import { DATABASES, openServices } from './test-support/test-installation';

const actor = systemActor('test');

describe.each(DATABASES)('one maintenance operation at a time on %s', (provider, serverUrl) => {
  let dir: string;
  let services: Services;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edms-lock-'));
    services = await openServices([provider, serverUrl], dir);
    await seedDemoDocuments(services.ctx, actor, { documents: 2 });
  });

  afterAll(async () => {
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a restore and a reset with BUSY while another operation holds the lock, and changes nothing', async () => {
    const job = await runBackupNow(services.ctx, actor, { configuration: 'daily-full' });
    const held = await services.ctx.restores.lock.acquire('restore', 'someone-else');
    try {
      const restoresBefore = await services.client.restoreJob.count();
      await expect(prepareRestore(services.ctx, actor, { source: { kind: 'job', jobId: job.id }, dryRun: true })).rejects.toMatchObject({
        code: 'BUSY',
        message: expect.stringContaining('restore by someone-else'),
      });
      await expect(resetSystem(services.ctx, actor, { confirmed: true })).rejects.toMatchObject({ code: 'BUSY' });
      expect(await services.client.restoreJob.count()).toBe(restoresBefore);
      expect(await services.client.document.count()).toBe(2);
    } finally {
      await held.release();
    }
    await expect(prepareRestore(services.ctx, actor, { source: { kind: 'job', jobId: job.id }, dryRun: true })).resolves.toBeTruthy();
  });

  it('lets exactly one of several concurrent takers win', async () => {
    const locks = [0, 1, 2, 3].map(() => new PrismaMaintenanceLock(services.client));
    const results = await Promise.allSettled(locks.map((l, i) => l.acquire('restore', `taker-${i}`)));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'BUSY')).toBe(true);
    await (won[0] as PromiseFulfilledResult<{ release(): Promise<void> }>).value.release();
  });

  it('takes over at once from a holder process that was killed on this host', async () => {
    const script = `
      const { createPrismaClient, PrismaMaintenanceLock } = require(${JSON.stringify(require.resolve('@edms/db'))});
      const client = createPrismaClient(${JSON.stringify(services.env.databaseUrl)});
      new PrismaMaintenanceLock(client).acquire('restore', 'doomed').then(() => { console.log('held'); setInterval(() => {}, 1000); });
    `;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('held') && resolve()));
    await expect(services.ctx.restores.lock.acquire('reset', 'me')).rejects.toMatchObject({ code: 'BUSY' });
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    const mine = await services.ctx.restores.lock.acquire('reset', 'me');
    await mine.release();
  });
});
