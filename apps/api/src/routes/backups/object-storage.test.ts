/**
 * The API over a configuration whose packages live in S3-compatible object
 * storage (s3rver, a real S3-protocol server started by the test): a backup
 * goes to the bucket, the catalog lists it, the download streams it from the
 * bucket byte for byte, verify reads it there, and deleting the backup
 * removes the object.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { seedDemoDocuments, systemActor } from '@edms/domain';
import { startS3TestServer, type S3TestServer } from '@edms/s3-storage/test-server';
import { createTestApi, type TestApi } from '../../test-support/test-api';

const BUCKET = 'edms-api';
let server: S3TestServer;
let s3Root: string;
let api: TestApi;
let operator: [string, string];

function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

beforeAll(async () => {
  s3Root = mkdtempSync(join(tmpdir(), 'edms-api-s3-'));
  server = await startS3TestServer({ directory: s3Root, buckets: [BUCKET] });
  api = await createTestApi(server.env);
  await seedDemoDocuments(api.services.ctx, systemActor('test'), { documents: 3 });
  operator = ['Authorization', `Bearer ${await api.tokenForRole('OPERATOR')}`];
}, 60_000);

afterAll(async () => {
  await api?.cleanup();
  await server?.stop();
  rmSync(s3Root, { recursive: true, force: true });
});

it('backs up to the bucket, lists, downloads, verifies and deletes a package in object storage', async () => {
  const created = await request(api.app)
    .post('/api/v1/configurations')
    .set(...operator)
    .send({ name: 'offsite', backupType: 'FULL', frequency: 'DAILY', storagePath: `s3://${BUCKET}/site-a` });
  expect(created.status).toBe(201);

  const queued = await request(api.app).post('/api/v1/backups').set(...operator).send({ configuration: 'offsite' });
  expect(queued.status).toBe(202);
  const job = await api.waitForBackup(queued.body.id);
  expect(job).toMatchObject({ status: 'COMPLETED', backupFilePath: expect.stringMatching(new RegExp(`^s3://${BUCKET}/site-a/offsite_full_`)) });

  const listed = await request(api.app).get('/api/v1/backups').query({ configuration: 'offsite' }).set(...operator);
  expect(listed.body.items.map((j: { id: string }) => j.id)).toEqual([job.id]);

  const download = await request(api.app).get(`/api/v1/backups/${job.id}/download`).set(...operator).buffer(true).parse(binary);
  expect(download.status).toBe(200);
  expect(download.headers['content-length']).toBe(String(job.sizeBytes));
  expect(download.headers['content-disposition']).toMatch(/^attachment; filename="offsite_full_\d{8}T\d{6}Z_[0-9a-f]{8}\.tar\.gz"/);
  expect(createHash('sha256').update(download.body as Buffer).digest('hex')).toBe(job.sha256);

  const verified = await request(api.app).post(`/api/v1/backups/${job.id}/verify`).set(...operator);
  expect(verified.status).toBe(200);
  expect(verified.body).toMatchObject({ ok: true, error: null, path: job.backupFilePath });

  const deleted = await request(api.app).delete(`/api/v1/backups/${job.id}`).set(...operator);
  expect(deleted.status).toBe(200);
  expect(deleted.body).toMatchObject({ fileRemoved: true });
  expect(await api.services.ctx.backups.storage.stat(job.backupFilePath as string)).toBeNull();
}, 120_000);

it('answers 503 STORAGE_UNAVAILABLE when the object store cannot be reached', async () => {
  const unreachable = await createTestApi({ ...server.env, EDMS_S3_ENDPOINT: 'http://127.0.0.1:9' });
  try {
    await request(unreachable.app)
      .post('/api/v1/configurations')
      .set('Authorization', `Bearer ${await unreachable.tokenForRole('OPERATOR')}`)
      .send({ name: 'offsite', backupType: 'FULL', frequency: 'DAILY', storagePath: `s3://${BUCKET}/site-b` });
    const token = ['Authorization', `Bearer ${await unreachable.tokenForRole('ADMIN')}`] as [string, string];
    const sync = await request(unreachable.app).post('/api/v1/backups/sync').set(...token).send({});
    expect([sync.status, sync.body.code]).toEqual([503, 'STORAGE_UNAVAILABLE']);
  } finally {
    await unreachable.cleanup();
  }
}, 120_000);
