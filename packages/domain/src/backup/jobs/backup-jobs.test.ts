import { DomainError } from '../../shared/domain-error';
import { bytesOf, createMemoryContext, testAdmin, testOperator, testViewer, type MemoryContext } from '../../test-support/in-memory';
import { seedDefaults } from '../../seed/seed-defaults';
import { addDocument } from '../../documents/add-document';
import { requestBackup } from './request-backup';
import { executeBackupJob } from './execute-backup-job';
import { enqueueDueBackups, recoverStaleJobs, runNextBackupJob } from './worker';
import { runBackupNow } from './run-backup-now';
import { deleteBackup, listBackups } from './backup-queries';
import { pruneBackups } from './prune-backups';
import { verifyBackup } from './verify-backup';
import { syncCatalog } from './sync-catalog';
import { updateConfiguration } from '../../configurations/manage-configurations';
import { TEMP_RESTORE_CONFIG_NAME } from '../../configurations/configuration-rules';

async function setup(): Promise<MemoryContext> {
  const ctx = createMemoryContext();
  await seedDefaults(ctx, { adminPassword: 'correct horse battery' });
  await addDocument(ctx, testAdmin, { title: 'Doc', fileName: 'a.txt', content: bytesOf('hello') });
  return ctx;
}

const jobsOf = (ctx: MemoryContext) => [...ctx.state().backupJobs.values()];

describe('requestBackup', () => {
  it('queues a MANUAL job on the on-demand configuration of the type', async () => {
    const ctx = await setup();
    const job = await requestBackup(ctx, testOperator, { backupType: 'DATABASE' });
    expect(job).toMatchObject({ status: 'PENDING', origin: 'MANUAL', backupType: 'DATABASE' });
    expect(ctx.state().configurations.get(job.configurationId)?.name).toBe('manual-database');
  });

  it('refuses a second job while one of the configuration is pending', async () => {
    const ctx = await setup();
    await requestBackup(ctx, testOperator, { configuration: 'daily-full' });
    await expect(requestBackup(ctx, testOperator, { configuration: 'daily-full' })).rejects.toMatchObject({ code: 'BACKUP_ALREADY_ACTIVE' });
    expect(jobsOf(ctx)).toHaveLength(1);
  });

  it('refuses viewers and unknown configurations', async () => {
    const ctx = await setup();
    await expect(requestBackup(ctx, testViewer, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(requestBackup(ctx, testOperator, { configuration: 'nope' })).rejects.toMatchObject({ code: 'CONFIG_NOT_FOUND' });
  });
});

describe('executeBackupJob', () => {
  it('completes the job with the package path, size, sha256, packageId and summary', async () => {
    const ctx = await setup();
    const done = await runBackupNow(ctx, testOperator, { configuration: 'daily-full' });
    expect(done).toMatchObject({ status: 'COMPLETED', progress: 1, packageId: done.id });
    expect(done.backupFilePath).toMatch(/^\/data\/backups\/daily-full\/daily-full_full_\d{8}T\d{6}Z_[0-9a-f]{8}\.tar\.gz$/);
    expect(done.manifestSummary).toMatchObject({ backupType: 'FULL', configuration: 'daily-full', files: { count: 1 } });
    expect(ctx.state().audit.at(-1)).toMatchObject({ action: 'backup.complete', outcome: 'SUCCESS' });
  });

  it('passes only the database to a DATABASE package and only files to a FILES package', async () => {
    const ctx = await setup();
    await runBackupNow(ctx, testOperator, { configuration: 'manual-database' });
    expect(ctx.backups.lastRequest?.tables.map((t) => t.name)).toEqual(['User', 'Document', 'DocumentVersion', 'BackupConfiguration', 'AuditEvent']);
    expect(ctx.backups.lastRequest?.files).toEqual([]);
    await runBackupNow(ctx, testOperator, { configuration: 'manual-files' });
    expect(ctx.backups.lastRequest?.tables).toEqual([]);
    expect(ctx.backups.lastRequest?.files).toHaveLength(1);
  });

  it('ends FAILED with the code and reason when the writer fails', async () => {
    const ctx = await setup();
    ctx.backups.failNextWrite = new DomainError('BACKUP_NO_SPACE', 'no space left on device');
    const failed = await runBackupNow(ctx, testOperator, { configuration: 'daily-full' });
    expect(failed).toMatchObject({ status: 'FAILED', error: 'BACKUP_NO_SPACE: no space left on device', backupFilePath: null });
    expect(ctx.state().audit.at(-1)).toMatchObject({ action: 'backup.complete', outcome: 'FAILURE' });
  });

  it('fails on findings unless the operator allowed them, and records them either way', async () => {
    const ctx = await setup();
    ctx.backups.findings = [{ code: 'FILE_CHECKSUM_MISMATCH', storageKey: 'documents/x', expected: 'a', actual: 'b' }];
    const failed = await runBackupNow(ctx, testOperator, { configuration: 'daily-full' });
    expect(failed.status).toBe('FAILED');
    expect(failed.findings).toHaveLength(1);
    const allowed = await runBackupNow(ctx, testOperator, { configuration: 'daily-full', allowFindings: true });
    expect(allowed).toMatchObject({ status: 'COMPLETED', progressMessage: 'completed with 1 finding(s)' });
  });

  it('refuses an encrypted configuration without a passphrase', async () => {
    const ctx = await setup();
    await updateConfiguration(ctx, testAdmin, 'daily-full', { encrypt: true });
    const failed = await runBackupNow(ctx, testOperator, { configuration: 'daily-full' });
    expect(failed.error).toMatch(/^BACKUP_PASSPHRASE_REQUIRED/);
    ctx.backups.passphrase = 'secret passphrase';
    const done = await runBackupNow(ctx, testOperator, { configuration: 'daily-full' });
    expect(done.backupFilePath).toMatch(/\.tar\.gz\.enc$/);
  });

  it('stops and leaves the reason alone when another process declared the job dead', async () => {
    const ctx = await setup();
    const job = await requestBackup(ctx, testOperator, { configuration: 'daily-full' });
    const claimed = await ctx.repos.backupJobs.claim(job.id, 'w1', ctx.clock.now());
    await ctx.repos.backupJobs.update(job.id, { status: 'FAILED', error: 'BACKUP_WORKER_LOST: declared dead' });
    const result = await executeBackupJob(ctx, claimed!, { workerId: 'w1' });
    expect(result).toMatchObject({ status: 'FAILED', error: 'BACKUP_WORKER_LOST: declared dead' });
  });
});

describe('runNextBackupJob', () => {
  it('claims the oldest pending job once; a second worker finds nothing', async () => {
    const ctx = await setup();
    await requestBackup(ctx, testOperator, { configuration: 'daily-full' });
    expect((await runNextBackupJob(ctx, { workerId: 'a' }))?.status).toBe('COMPLETED');
    expect(await runNextBackupJob(ctx, { workerId: 'b' })).toBeNull();
  });
});

describe('recoverStaleJobs', () => {
  it('fails a RUNNING job whose heartbeat is older than the limit, not one just inside it', async () => {
    const ctx = await setup();
    const a = await requestBackup(ctx, testOperator, { configuration: 'daily-full' });
    const b = await requestBackup(ctx, testOperator, { configuration: 'daily-files' });
    await ctx.repos.backupJobs.claim(a.id, 'dead-worker', ctx.clock.now());
    ctx.clock.advance(1);
    await ctx.repos.backupJobs.claim(b.id, 'slow-worker', ctx.clock.now());
    ctx.clock.advance(60_000);
    const recovered = await recoverStaleJobs(ctx, { staleAfterMs: 60_000 });
    expect(recovered.map((j) => j.id)).toEqual([a.id]);
    expect(ctx.state().backupJobs.get(a.id)).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/^BACKUP_WORKER_LOST: worker dead-worker/) });
    expect(ctx.state().backupJobs.get(b.id)?.status).toBe('RUNNING');
  });
});

describe('recoverStaleJobs: workers of this host whose process is gone', () => {
  it('fails at once a job whose worker process on this host no longer exists; keeps live, own, foreign-host and unparsable workers', async () => {
    const ctx = await setup();
    const names = ['daily-full', 'daily-files', 'weekly-full', 'manual-database', 'manual-files'];
    const jobs = [];
    for (const configuration of names) jobs.push(await requestBackup(ctx, testOperator, { configuration }));
    const engine = ctx.backups as unknown as { livePids: Set<number> };
    engine.livePids.add(2000);
    const workers = ['worker:test-host:3000:dead', 'worker:test-host:2000:live', 'worker:test-host:1000:self', 'worker:other-host:3000:far', 'legacy-worker'];
    for (const [i, job] of jobs.entries()) await ctx.repos.backupJobs.claim(job.id, workers[i]!, ctx.clock.now());
    ctx.clock.advance(1_000); // heartbeats are fresh

    const recovered = await recoverStaleJobs(ctx, { staleAfterMs: 60_000 });
    expect(recovered.map((j) => j.workerId)).toEqual(['worker:test-host:3000:dead']);
    expect(recovered[0]).toMatchObject({
      status: 'FAILED',
      progressMessage: 'failed: worker lost',
      error: 'BACKUP_WORKER_LOST: worker worker:test-host:3000:dead is gone (process 3000 no longer runs on test-host)',
    });
    expect(jobs.slice(1).map((j) => ctx.state().backupJobs.get(j.id)?.status)).toEqual(['RUNNING', 'RUNNING', 'RUNNING', 'RUNNING']);
    const audit = [...ctx.state().audit.values()].filter((e) => e.action === 'backup.complete');
    expect(audit.map((e) => e.details)).toEqual([
      expect.objectContaining({ code: 'BACKUP_WORKER_LOST', detectedBy: 'process-gone', pid: 3000, workerId: 'worker:test-host:3000:dead' }),
    ]);

    // The others still go by their heartbeat.
    ctx.clock.advance(60_000);
    const later = await recoverStaleJobs(ctx, { staleAfterMs: 60_000 });
    expect(later.map((j) => j.workerId).sort()).toEqual(['legacy-worker', 'worker:other-host:3000:far', 'worker:test-host:1000:self', 'worker:test-host:2000:live']);
  });
});

describe('enqueueDueBackups', () => {
  it('queues each due slot once, however often it ticks', async () => {
    const ctx = await setup();
    // Configurations were created at the fake "now"; move past the next daily slots.
    ctx.clock.advance(24 * 3600_000);
    const first = await enqueueDueBackups(ctx);
    expect(first.length).toBeGreaterThan(0);
    expect(first.every((j) => j.origin === 'SCHEDULED' && j.scheduledFor)).toBe(true);
    expect(await enqueueDueBackups(ctx)).toEqual([]);
  });

  it('skips disabled configurations', async () => {
    const ctx = await setup();
    await updateConfiguration(ctx, testAdmin, 'hourly-database', { isEnabled: false });
    ctx.clock.advance(2 * 3600_000);
    const queued = await enqueueDueBackups(ctx);
    const names = queued.map((j) => ctx.state().configurations.get(j.configurationId)?.name);
    expect(names).not.toContain('hourly-database');
  });
});

describe('pruneBackups', () => {
  async function completedBackups(ctx: MemoryContext, count: number) {
    const jobs = [];
    for (let i = 0; i < count; i += 1) {
      jobs.push(await runBackupNow(ctx, testOperator, { configuration: 'manual-database' }));
      ctx.clock.advance(3600_000);
    }
    return jobs;
  }

  it('lists without deleting on a dry run', async () => {
    const ctx = await setup();
    await updateConfiguration(ctx, testAdmin, 'manual-database', { retention: { keepLast: 2, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 } });
    await completedBackups(ctx, 4);
    const result = await pruneBackups(ctx, testViewer, { configuration: 'manual-database', dryRun: true });
    expect(result.configurations[0]?.remove).toHaveLength(2);
    expect(ctx.backups.packages.size).toBe(4);
  });

  it('deletes the oldest packages beyond keepLast and marks their jobs pruned', async () => {
    const ctx = await setup();
    await updateConfiguration(ctx, testAdmin, 'manual-database', { retention: { keepLast: 2, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 } });
    const jobs = await completedBackups(ctx, 4);
    const result = await pruneBackups(ctx, testOperator, { configuration: 'manual-database' });
    expect(result.configurations[0]?.remove.map((r) => r.jobId).sort()).toEqual([jobs[0]?.id, jobs[1]?.id].sort());
    expect(ctx.backups.packages.size).toBe(2);
    expect(ctx.state().backupJobs.get(jobs[0]!.id)?.prunedAt).not.toBeNull();
    expect((await listBackups(ctx, testViewer, { configuration: 'manual-database' })).total).toBe(2);
  });

  it('is refused to viewers unless it is a dry run', async () => {
    const ctx = await setup();
    await expect(pruneBackups(ctx, testViewer, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('verifyBackup', () => {
  it('records a good result on the job', async () => {
    const ctx = await setup();
    const job = await runBackupNow(ctx, testOperator, { configuration: 'daily-full' });
    const result = await verifyBackup(ctx, testOperator, { jobId: job.id });
    expect(result.ok).toBe(true);
    expect(ctx.state().backupJobs.get(job.id)).toMatchObject({ verifyOk: true, verifyError: null });
  });

  it('reports a damaged package as ok:false with its code and records it', async () => {
    const ctx = await setup();
    const job = await runBackupNow(ctx, testOperator, { configuration: 'daily-full' });
    ctx.backups.reader.verify = async () => {
      throw new DomainError('PACKAGE_CHECKSUM_MISMATCH', 'files/x does not match SHA256SUMS');
    };
    const result = await verifyBackup(ctx, testOperator, { jobId: job.id });
    expect(result).toMatchObject({ ok: false, error: { code: 'PACKAGE_CHECKSUM_MISMATCH' } });
    expect(ctx.state().backupJobs.get(job.id)?.verifyOk).toBe(false);
    expect(ctx.state().audit.at(-1)).toMatchObject({ action: 'backup.verify', outcome: 'FAILURE' });
  });

  it('refuses a missing file with BACKUP_FILE_MISSING', async () => {
    const ctx = await setup();
    await expect(verifyBackup(ctx, testOperator, { filePath: '/nowhere.tar.gz' })).rejects.toMatchObject({ code: 'BACKUP_FILE_MISSING' });
  });
});

describe('syncCatalog', () => {
  it('registers unknown packages once and reports catalog entries whose files are gone', async () => {
    const ctx = await setup();
    const job = await runBackupNow(ctx, testOperator, { configuration: 'daily-full' });
    const foreign = { ...ctx.backups.packages.get(job.backupFilePath!)! };
    ctx.backups.packages.set('/data/backups/daily-full/foreign.tar.gz', {
      ...foreign,
      sha256: 'f'.repeat(64),
      manifest: { ...foreign.manifest, packageId: '11111111-1111-4111-8111-111111111111', configuration: { name: 'elsewhere' } },
    });
    ctx.backups.packages.delete(job.backupFilePath!);
    const first = await syncCatalog(ctx, testOperator);
    expect(first.registered).toHaveLength(1);
    expect(first.registered[0]?.configuration).toBe(TEMP_RESTORE_CONFIG_NAME);
    expect(first.missing.map((m) => m.jobId)).toEqual([job.id]);
    const second = await syncCatalog(ctx, testOperator);
    expect(second.registered).toEqual([]);
    expect(second.alreadyKnown).toBe(1);
  });
});

describe('deleteBackup', () => {
  it('removes the package and the catalog entry but refuses a running job', async () => {
    const ctx = await setup();
    const job = await runBackupNow(ctx, testOperator, { configuration: 'daily-full' });
    const result = await deleteBackup(ctx, testOperator, job.id);
    expect(result).toMatchObject({ fileRemoved: true, rowKept: false });
    expect(ctx.state().backupJobs.has(job.id)).toBe(false);
    const pending = await requestBackup(ctx, testOperator, { configuration: 'daily-files' });
    await ctx.repos.backupJobs.claim(pending.id, 'w', ctx.clock.now());
    await expect(deleteBackup(ctx, testOperator, pending.id)).rejects.toMatchObject({ code: 'BACKUP_ACTIVE' });
  });
});
