import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareRestore, restoreNow, runBackupNow, seedDemoDocuments, systemActor, updateConfiguration, verifyBackup } from '@edms/domain';
import { readEnv } from './env';
import { startServices } from './bootstrap';
import type { Services } from './services';

const actor = systemActor('test');

describe('encrypted backups', () => {
  let dir: string;
  let services: Services;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edms-enc-'));
    ({ services } = await startServices({
      env: readEnv({ EDMS_DATA_DIR: dir, EDMS_ADMIN_PASSWORD: 'correct horse battery', EDMS_BACKUP_PASSPHRASE: 'a long and secret passphrase' }),
    }));
    await seedDemoDocuments(services.ctx, actor, { documents: 3 });
    await updateConfiguration(services.ctx, actor, 'daily-full', { encrypt: true });
  });

  afterAll(async () => {
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes .tar.gz.enc that is not a readable gzip, verifies and restores with the passphrase', async () => {
    const job = await runBackupNow(services.ctx, actor, { configuration: 'daily-full' });
    expect(job.status).toBe('COMPLETED');
    expect(job.backupFilePath).toMatch(/\.tar\.gz\.enc$/);
    const head = readFileSync(job.backupFilePath as string).subarray(0, 8).toString('latin1');
    expect(head).toBe('EDMSENC1');
    expect(() => execFileSync('tar', ['-tzf', job.backupFilePath as string], { stdio: 'pipe' })).toThrow();
    expect((await verifyBackup(services.ctx, actor, { jobId: job.id })).ok).toBe(true);
    const { restore } = await restoreNow(services.ctx, actor, { source: { kind: 'job', jobId: job.id }, force: true, confirm: async () => true });
    expect(restore.status).toBe('COMPLETED');
  });

  it('refuses a wrong passphrase with ENCRYPTION_WRONG_PASSPHRASE before anything changes', async () => {
    const job = await runBackupNow(services.ctx, actor, { configuration: 'daily-full' });
    const documents = await services.client.document.count();
    await expect(
      prepareRestore(services.ctx, actor, { source: { kind: 'file', path: job.backupFilePath as string }, passphrase: 'not the passphrase' }),
    ).rejects.toMatchObject({ code: 'ENCRYPTION_WRONG_PASSPHRASE' });
    expect(await services.client.document.count()).toBe(documents);
    const damaged = await verifyBackup(services.ctx, actor, { jobId: job.id, passphrase: 'not the passphrase' });
    expect(damaged).toMatchObject({ ok: false, error: { code: 'ENCRYPTION_WRONG_PASSPHRASE' } });
  });
});
