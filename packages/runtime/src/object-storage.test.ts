/**
 * Packages on S3-compatible object storage, end to end through the real
 * engine: a configuration with an `s3://` storage path backs up into a real
 * S3-protocol server (s3rver, started by the test), the catalog lists it,
 * verify and restore read it back from the bucket, another installation finds
 * it by catalog sync and restores it, and deleting the backup removes the
 * object. Runs on SQLite and, where reachable, PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addDocument,
  createConfiguration,
  deleteBackup,
  listBackups,
  restoreNow,
  runBackupNow,
  seedDemoDocuments,
  syncCatalog,
  systemActor,
  verifyBackup,
} from '@edms/domain';
import { startS3TestServer, type S3TestServer } from '@edms/s3-storage/test-server';
import { backupWorkDir } from './package-engine';
import { documentStoreDir } from './paths';
import type { Services } from './services';
import { stateDigest } from './test-support/state-digest';
import { DATABASES, openServices } from './test-support/test-installation';

const actor = systemActor('test');
const BUCKET = 'edms-offsite';

async function* bytes(text: string): AsyncIterable<Uint8Array> {
  yield Buffer.from(text);
}

let server: S3TestServer;
let s3Root: string;

beforeAll(async () => {
  s3Root = mkdtempSync(join(tmpdir(), 'edms-s3-store-'));
  server = await startS3TestServer({ directory: s3Root, buckets: [BUCKET] });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(s3Root, { recursive: true, force: true });
});

describe.each(DATABASES)('packages in S3-compatible object storage on %s', (provider, serverUrl) => {
  const open = (dir: string, env: Record<string, string> = {}): Promise<Services> =>
    openServices([provider, serverUrl], dir, { ...server.env, EDMS_BACKUP_PASSPHRASE: 'offsite passphrase', ...env });
  const dirs: string[] = [];
  const opened: Services[] = [];
  let prefix: string;

  async function installation(env: Record<string, string> = {}): Promise<{ dir: string; services: Services }> {
    const dir = mkdtempSync(join(tmpdir(), 'edms-s3-'));
    dirs.push(dir);
    const services = await open(dir, env);
    opened.push(services);
    return { dir, services };
  }

  beforeEach(() => {
    prefix = `s3://${BUCKET}/${provider}-${randomUUID().slice(0, 8)}`;
  });

  afterEach(async () => {
    for (const services of opened.splice(0)) await services.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('backs up to a bucket, lists, verifies and restores from it; deleting the backup removes the object', async () => {
    const { dir, services } = await installation();
    await seedDemoDocuments(services.ctx, actor, { documents: 4 });
    await createConfiguration(services.ctx, actor, { name: 'offsite-full', backupType: 'FULL', frequency: 'DAILY', storagePath: `${prefix}/nightly/` });
    const before = await stateDigest(services.client, documentStoreDir(dir));

    const job = await runBackupNow(services.ctx, actor, { configuration: 'offsite-full' });
    expect(job.status).toBe('COMPLETED');
    expect(job.backupFilePath).toMatch(new RegExp(`^${prefix}/nightly/offsite-full_full_\\d{8}T\\d{6}Z_[0-9a-f]{8}\\.tar\\.gz$`));
    // Nothing was written locally: no package directory, an empty working directory.
    expect(existsSync(join(dir, 'backups', 'offsite-full'))).toBe(false);
    expect(readdirSync(backupWorkDir(dir))).toEqual([]);
    const stored = await services.ctx.backups.storage.stat(job.backupFilePath!);
    expect(stored?.sizeBytes).toBe(job.sizeBytes);
    expect(await services.ctx.backups.storage.sha256(job.backupFilePath!)).toBe(job.sha256);

    const listed = await listBackups(services.ctx, actor, { configuration: 'offsite-full' });
    expect(listed.items.map((j) => j.id)).toEqual([job.id]);
    const verified = await verifyBackup(services.ctx, actor, { jobId: job.id });
    expect(verified).toMatchObject({ ok: true, path: job.backupFilePath, error: null });
    expect(verified.manifest?.packageId).toBeDefined();

    // Change the installation, then restore the package from the bucket.
    await addDocument(services.ctx, actor, { title: 'Written after the backup', fileName: 'late.txt', content: bytes('late') });
    const docs = await services.client.documentVersion.findMany({ take: 1 });
    writeFileSync(services.ctx.fileStore.resolve(docs[0]!.storageKey), 'bit rot');
    const { restore } = await restoreNow(services.ctx, actor, { source: { kind: 'job', jobId: job.id }, force: true, confirm: async () => true });
    expect(restore.status).toBe('COMPLETED');
    expect(await stateDigest(services.client, documentStoreDir(dir))).toEqual(before);

    await deleteBackup(services.ctx, actor, job.id);
    expect(await services.ctx.backups.storage.stat(job.backupFilePath!)).toBeNull();
  }, 180_000);

  it('an installation that has never seen the package finds it in the bucket by catalog sync and restores it (encrypted)', async () => {
    const first = await installation();
    await seedDemoDocuments(first.services.ctx, actor, { documents: 3 });
    await createConfiguration(first.services.ctx, actor, {
      name: 'offsite-full',
      backupType: 'FULL',
      frequency: 'DAILY',
      storagePath: prefix,
      encrypt: true,
    });
    const job = await runBackupNow(first.services.ctx, actor, { configuration: 'offsite-full' });
    expect(job.status).toBe('COMPLETED');
    expect(job.backupFilePath).toMatch(/\.tar\.gz\.enc$/);
    const original = await stateDigest(first.services.client, documentStoreDir(first.dir));

    // A second machine: its own database and document store, the same bucket.
    const second = await installation();
    const synced = await syncCatalog(second.services.ctx, actor, { directory: `${prefix}/` });
    expect(synced.scannedDirectories).toEqual([prefix]);
    expect(synced.unreadable).toEqual([]);
    expect(synced.registered).toHaveLength(1);
    expect(synced.registered[0]!.path).toBe(job.backupFilePath);
    expect((await syncCatalog(second.services.ctx, actor, { directory: prefix })).registered).toEqual([]);

    const { restore } = await restoreNow(second.services.ctx, actor, {
      source: { kind: 'job', jobId: synced.registered[0]!.jobId },
      force: true,
      confirm: async () => true,
    });
    expect(restore.status).toBe('COMPLETED');
    const restored = await stateDigest(second.services.client, documentStoreDir(second.dir));
    expect(restored.files).toEqual(original.files);
    expect(restored.fileCount).toBe(original.fileCount);
    const documents = (services: Services) => services.client.document.findMany({ orderBy: { id: 'asc' }, select: { id: true, number: true, title: true } });
    expect(await documents(second.services)).toEqual(await documents(first.services));
  }, 180_000);

  it('a backup to a bucket that does not exist fails with BACKUP_DESTINATION_UNWRITABLE and leaves nothing behind', async () => {
    const { dir, services } = await installation();
    await seedDemoDocuments(services.ctx, actor, { documents: 2 });
    await createConfiguration(services.ctx, actor, { name: 'nowhere', backupType: 'FULL', frequency: 'DAILY', storagePath: 's3://no-such-bucket/edms' });
    const job = await runBackupNow(services.ctx, actor, { configuration: 'nowhere' });
    expect(job.status).toBe('FAILED');
    expect(job.error).toMatch(/^BACKUP_DESTINATION_UNWRITABLE: /);
    expect(job.backupFilePath).toBeNull();
    expect(readdirSync(backupWorkDir(dir))).toEqual([]);
  }, 120_000);
});
