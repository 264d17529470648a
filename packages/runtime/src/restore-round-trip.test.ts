import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addDocument,
  addDocumentVersion,
  applyRestore,
  checkSystem,
  prepareRestore,
  resetSystem,
  restoreNow,
  runBackupNow,
  seedDemoDocuments,
  systemActor,
  type BackupType,
} from '@edms/domain';
import type { Services } from './services';
import { DATABASES, openServices } from './test-support/test-installation';
import { documentStoreDir } from './paths';
import { stateDigest } from './test-support/state-digest';

const actor = systemActor('test');

async function* bytes(text: string): AsyncIterable<Uint8Array> {
  yield Buffer.from(text);
}

async function changeEverything(services: Services): Promise<void> {
  const docs = await services.client.document.findMany({ take: 2, orderBy: { number: 'asc' } });
  await addDocumentVersion(services.ctx, actor, { document: docs[0]!.number, fileName: 'new.txt', content: bytes('a later version') });
  const victim = await services.client.documentVersion.findFirst({ where: { documentId: docs[1]!.id } });
  writeFileSync(services.ctx.fileStore.resolve(victim!.storageKey), 'bit rot');
  await services.client.documentVersion.deleteMany({ where: { documentId: docs[1]!.id } });
  await services.client.document.delete({ where: { id: docs[1]!.id } });
  await addDocument(services.ctx, actor, { title: 'Created after the backup', fileName: 'late.txt', content: bytes('late') });
}

describe.each(DATABASES)('restore round trips through the real engine on %s', (provider, serverUrl) => {
  const open = (dir: string): Promise<Services> => openServices([provider, serverUrl], dir);
  let dir: string;
  let services: Services;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edms-restore-'));
    services = await open(dir);
    await seedDemoDocuments(services.ctx, actor, { documents: 5 });
  });

  afterEach(async () => {
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each<[BackupType, string]>([
    ['FULL', 'daily-full'],
    ['DATABASE', 'manual-database'],
    ['FILES', 'manual-files'],
  ])('a %s restore brings back what the package holds', async (type, configuration) => {
    const before = await stateDigest(services.client, documentStoreDir(dir));
    const job = await runBackupNow(services.ctx, actor, { configuration });
    expect(job.status).toBe('COMPLETED');
    await changeEverything(services);
    const { restore } = await restoreNow(services.ctx, actor, {
      source: { kind: 'job', jobId: job.id },
      force: true,
      confirm: async () => true,
    });
    expect(restore.status).toBe('COMPLETED');
    const after = await stateDigest(services.client, documentStoreDir(dir));
    if (type === 'FULL') expect(after).toEqual(before);
    if (type === 'DATABASE') expect(after.database).toEqual(before.database);
    if (type === 'FILES') {
      // Files restores never remove: the file of the late document stays, the damaged one is repaired.
      const report = await checkSystem(services.ctx, actor);
      expect(report.changedFiles).toEqual([]);
    }
  });

  it('restores onto a fresh, empty installation from a file it has never seen (temporary records)', async () => {
    const job = await runBackupNow(services.ctx, actor, { configuration: 'daily-full' });
    const before = await stateDigest(services.client, documentStoreDir(dir));
    const fresh = mkdtempSync(join(tmpdir(), 'edms-fresh-'));
    const copy = join(fresh, 'incoming.tar.gz');
    copyFileSync(job.backupFilePath as string, copy);
    const target = await open(join(fresh, 'data'));
    try {
      const { restore } = await restoreNow(target.ctx, actor, { source: { kind: 'file', path: copy }, force: true, confirm: async () => true });
      expect(restore.status).toBe('COMPLETED');
      const catalog = await target.ctx.repos.backupJobs.findById(restore.backupJobId);
      expect(catalog).toMatchObject({ origin: 'IMPORTED', isTemporary: true, jobName: expect.stringMatching(/^temp_restore_/) });
      const after = await stateDigest(target.client, documentStoreDir(join(fresh, 'data')));
      expect(after.files).toBe(before.files);
      expect(after.fileCount).toBe(before.fileCount);
      // A second run with the same file reuses the temporary job.
      const again = await prepareRestore(target.ctx, actor, { source: { kind: 'file', path: copy }, dryRun: true });
      expect(again.restore.backupJobId).toBe(restore.backupJobId);
    } finally {
      await target.close();
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('a dry run shows the plan and changes nothing', async () => {
    const job = await runBackupNow(services.ctx, actor, { configuration: 'daily-full' });
    await changeEverything(services);
    const before = await stateDigest(services.client, documentStoreDir(dir));
    const prepared = await prepareRestore(services.ctx, actor, { source: { kind: 'job', jobId: job.id }, dryRun: true });
    expect(prepared.restore).toMatchObject({ status: 'COMPLETED', dryRun: true });
    const documents = prepared.plan.tables.find((t) => t.table === 'Document');
    expect(documents).toMatchObject({ insert: 1, delete: 1 });
    expect(prepared.plan.files?.overwrite.count).toBeGreaterThanOrEqual(0);
    expect(prepared.planHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await stateDigest(services.client, documentStoreDir(dir))).toEqual(before);
  });

  it('refuses to apply with a plan hash the operator did not see, and with warnings unless forced', async () => {
    const job = await runBackupNow(services.ctx, actor, { configuration: 'daily-full' });
    await changeEverything(services);
    const prepared = await prepareRestore(services.ctx, actor, { source: { kind: 'job', jobId: job.id } });
    await expect(applyRestore(services.ctx, actor, { restoreId: prepared.restore.id, planHash: 'f'.repeat(64) })).rejects.toMatchObject({
      code: 'RESTORE_PLAN_CHANGED',
    });
  });

  it('keeps protected records: configurations, audit chain, the acting admin', async () => {
    const job = await runBackupNow(services.ctx, actor, { configuration: 'daily-full' });
    await services.client.backupConfiguration.update({ where: { name: 'daily-full' }, data: { description: 'changed after backup' } });
    const auditBefore = await services.client.auditEvent.count();
    const { restore } = await restoreNow(services.ctx, actor, { source: { kind: 'job', jobId: job.id }, force: true, confirm: async () => true });
    expect(restore.status).toBe('COMPLETED');
    expect((await services.client.backupConfiguration.findUnique({ where: { name: 'daily-full' } }))?.description).toBe('changed after backup');
    expect(await services.client.auditEvent.count()).toBeGreaterThan(auditBefore);
    expect((await checkSystem(services.ctx, actor)).audit.intact).toBe(true);
  });

  it('system reset removes documents, files and non-admin users but keeps the protected records', async () => {
    const dry = await resetSystem(services.ctx, actor, { dryRun: true, confirmed: false });
    expect(dry.plan.remove.documents).toBe(5);
    expect(dry.applied).toBe(false);
    await expect(resetSystem(services.ctx, actor, { confirmed: false })).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
    const result = await resetSystem(services.ctx, actor, { confirmed: true });
    expect(result.applied).toBe(true);
    expect(await services.client.document.count()).toBe(0);
    expect(await services.client.user.count({ where: { role: 'ADMIN' } })).toBe(1);
    expect(await services.client.user.count({ where: { role: { not: 'ADMIN' } } })).toBe(0);
    expect(await services.client.backupConfiguration.count()).toBeGreaterThanOrEqual(12);
    expect(await services.ctx.repos.backupJobs.findById(result.safetyBackupJobId as string)).toMatchObject({ origin: 'SAFETY', status: 'COMPLETED' });
    const report = await checkSystem(services.ctx, actor);
    expect(report).toMatchObject({ ok: true, orphanFiles: [], missingFiles: [] });
  });
});
