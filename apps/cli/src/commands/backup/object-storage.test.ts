/**
 * The CLI with a configuration whose packages live in S3-compatible object
 * storage (a real S3-protocol server, s3rver, started by the test): create the
 * configuration, back up, list, verify by job and by s3:// location, restore
 * from the bucket, sync the catalog of a second installation from the bucket.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startS3TestServer, type S3TestServer } from '@edms/s3-storage/test-server';
import { CliSandbox } from '../../test-support/run-cli';

const BUCKET = 'edms-cli';

describe('edms with packages in S3-compatible object storage', () => {
  const cli = new CliSandbox();
  const other = new CliSandbox();
  let server: S3TestServer;
  let s3Root: string;
  const run = (sandbox: CliSandbox, args: string[]) => sandbox.run(args, { env: server.env });

  beforeAll(async () => {
    s3Root = mkdtempSync(join(tmpdir(), 'edms-cli-s3-'));
    server = await startS3TestServer({ directory: s3Root, buckets: [BUCKET] });
    expect((await run(cli, ['demo', 'seed', '--documents', '3'])).code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(s3Root, { recursive: true, force: true });
    cli.cleanup();
    other.cleanup();
  });

  it('refuses a storage path that names no valid bucket, or another kind of storage', async () => {
    for (const path of ['s3://X', 's3://ok-bucket/../x', 'gs://bucket/x']) {
      const result = await run(cli, ['config', 'create', 'bad', '--type', 'full', '--frequency', 'daily', '--storage-path', path, '--json']);
      expect([path, result.code]).toEqual([path, 2]);
      expect(result.json()).toMatchObject({ error: { code: 'CONFIG_INVALID' } });
    }
  });

  it('backs up into the bucket, lists, verifies by job and by location, and restores from it', async () => {
    const created = await run(cli, ['config', 'create', 'offsite', '--type', 'full', '--frequency', 'daily', '--storage-path', `s3://${BUCKET}/site-a`, '--json']);
    expect(created.code).toBe(0);

    const backup = await run(cli, ['backup', 'run', 'offsite', '--wait', '--json']);
    expect(backup.code).toBe(0);
    const job = backup.json<{ id: string; status: string; backupFilePath: string; sha256: string }>();
    expect(job.status).toBe('COMPLETED');
    expect(job.backupFilePath).toMatch(new RegExp(`^s3://${BUCKET}/site-a/offsite_full_.*\\.tar\\.gz$`));

    const list = (await run(cli, ['backup', 'list', '--configuration', 'offsite', '--json'])).json<{ items: Array<{ id: string }> }>();
    expect(list.items.map((j) => j.id)).toEqual([job.id]);

    const byJob = await run(cli, ['backup', 'verify', job.id, '--json']);
    expect(byJob.code).toBe(0);
    expect(byJob.json()).toMatchObject({ ok: true, path: job.backupFilePath });
    const byLocation = await run(cli, ['backup', 'verify', job.backupFilePath, '--json']);
    expect(byLocation.code).toBe(0);
    expect(byLocation.json()).toMatchObject({ ok: true, job: { id: job.id } });

    const missing = await run(cli, ['backup', 'verify', `s3://${BUCKET}/site-a/no-such.tar.gz`, '--json']);
    expect(missing.code).toBe(3);
    expect(missing.json()).toMatchObject({ error: { code: 'BACKUP_FILE_MISSING' } });

    const restore = await run(cli, ['restore', 'backup', '--job', job.id, '--force', '--json']);
    expect(restore.code).toBe(0);
    expect(restore.json()).toMatchObject({ restore: { status: 'COMPLETED' } });

    // Another installation finds the package in the bucket and restores it as a package it has never seen.
    const synced = await run(other, ['backup', 'sync', `s3://${BUCKET}/site-a`, '--json']);
    expect(synced.code).toBe(0);
    const result = synced.json<{ registered: Array<{ jobId: string; path: string }> }>();
    expect(result.registered.map((r) => r.path)).toEqual([job.backupFilePath]);
    const fromPackage = await run(other, ['restore', 'package', job.backupFilePath, '--force', '--json']);
    expect(fromPackage.code).toBe(0);
    expect(fromPackage.json()).toMatchObject({ restore: { status: 'COMPLETED' } });
    const documents = (await run(other, ['doc', 'list', '--json'])).json<{ total: number }>();
    expect(documents.total).toBe(3);
  }, 300_000);

  it('reports an unreachable object store as STORAGE_UNAVAILABLE (exit 1)', async () => {
    const result = await cli.run(['backup', 'verify', `s3://${BUCKET}/site-a/x.tar.gz`, '--json'], {
      env: { ...server.env, EDMS_S3_ENDPOINT: 'http://127.0.0.1:9' },
    });
    expect(result.code).toBe(1);
    expect(result.json()).toMatchObject({ error: { code: 'STORAGE_UNAVAILABLE' } });
  }, 120_000);
});
