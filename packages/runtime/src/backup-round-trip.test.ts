import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBackupNow, seedDemoDocuments, systemActor, verifyBackup, syncCatalog, listBackups } from '@edms/domain';
import type { Services } from './services';
import { DATABASES, openServices } from './test-support/test-installation';

const actor = systemActor('test');

describe.each(DATABASES)('backups through the real engine on %s', (provider, serverUrl) => {
  let dir: string;
  let services: Services;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edms-runtime-'));
    services = await openServices([provider, serverUrl], dir);
    await seedDemoDocuments(services.ctx, actor, { documents: 6 });
  });

  afterAll(async () => {
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a FULL package that GNU tar lists and sha256sum -c accepts, and records it', async () => {
    const job = await runBackupNow(services.ctx, actor, { configuration: 'daily-full' });
    expect(job).toMatchObject({ status: 'COMPLETED', error: null });
    const path = job.backupFilePath as string;
    expect(path.startsWith(join(dir, 'backups', 'daily-full'))).toBe(true);
    const entries = execFileSync('tar', ['-tzf', path], { encoding: 'utf8' }).trim().split('\n');
    expect(entries[0]).toBe('manifest.json');
    expect(entries.at(-1)).toBe('SHA256SUMS');
    expect(entries).toContain('database/AuditEvent.ndjson');
    expect(entries.filter((e) => e.startsWith('files/')).length).toBe(job.manifestSummary?.files && (job.manifestSummary.files as { count: number }).count);
    const out = join(dir, 'extract');
    execFileSync('mkdir', ['-p', out]);
    execFileSync('tar', ['-xzf', path, '-C', out]);
    execFileSync('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], { cwd: out });
    expect(execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0]).toBe(job.sha256);
  });

  it('verifies the package and records the result on the job', async () => {
    const job = await runBackupNow(services.ctx, actor, { configuration: 'manual-database' });
    const result = await verifyBackup(services.ctx, actor, { jobId: job.id });
    expect(result).toMatchObject({ ok: true, error: null });
    expect(result.job?.verifyOk).toBe(true);
  });

  it('fails the job when a document file changed on disk, and leaves no package behind', async () => {
    const versions = await services.ctx.repos.documents.listAllVersions();
    const victim = versions[0]!;
    const original = execFileSync('cat', [services.ctx.fileStore.resolve(victim.storageKey)]);
    writeFileSync(services.ctx.fileStore.resolve(victim.storageKey), Buffer.concat([original, Buffer.from('bit rot')]));
    try {
      const job = await runBackupNow(services.ctx, actor, { configuration: 'manual-files' });
      expect(job.status).toBe('FAILED');
      expect(job.error).toMatch(/^BACKUP_SOURCE_FILE_CHANGED/);
      expect(job.findings[0]).toMatchObject({ storageKey: victim.storageKey });
      const listing = execFileSync('ls', ['-A', join(dir, 'backups', 'manual-files')], { encoding: 'utf8' }).trim();
      expect(listing).toBe('');
    } finally {
      writeFileSync(services.ctx.fileStore.resolve(victim.storageKey), original);
    }
  });

  it('registers a package copied in from elsewhere exactly once', async () => {
    const job = await runBackupNow(services.ctx, actor, { configuration: 'daily-files' });
    await services.ctx.repos.backupJobs.delete(job.id);
    const first = await syncCatalog(services.ctx, actor);
    expect(first.registered.map((r) => r.packageId)).toEqual([job.id]);
    const second = await syncCatalog(services.ctx, actor);
    expect(second.registered).toEqual([]);
    const imported = await listBackups(services.ctx, actor, { origin: 'IMPORTED' });
    expect(imported.total).toBe(1);
  });
});
