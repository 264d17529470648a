import { createHash } from 'node:crypto';
import request from 'supertest';
import { executeBackupJob, seedDemoDocuments, systemActor, type BackupJob } from '@edms/domain';
import { createTestApi, type TestApi } from '../../test-support/test-api';

let api: TestApi;
let operator: [string, string];
let viewer: [string, string];
let completed: BackupJob;

/** Buffers a binary response body (supertest only buffers text and JSON by itself). */
function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

async function runBackup(body: Record<string, unknown> = {}): Promise<BackupJob> {
  const res = await request(api.app).post('/api/v1/backups').set(...operator).send(body);
  expect(res.status).toBe(202);
  return api.waitForBackup(res.body.id);
}

beforeAll(async () => {
  api = await createTestApi();
  await seedDemoDocuments(api.services.ctx, systemActor('test'), { documents: 3 });
  operator = ['Authorization', `Bearer ${await api.tokenForRole('OPERATOR')}`];
  viewer = ['Authorization', `Bearer ${await api.tokenForRole('VIEWER')}`];
  completed = await runBackup({ configuration: 'daily-full' });
});
afterAll(() => api.cleanup());

describe('POST /backups', () => {
  it('answers 202 with the PENDING job and its Location at once, and the job completes in the background', async () => {
    const res = await request(api.app).post('/api/v1/backups').set(...operator).send({ backupType: 'DATABASE' });
    expect(res.status).toBe(202);
    expect(res.headers['location']).toBe(`/api/v1/backups/${res.body.id}`);
    expect(res.body).toMatchObject({ status: 'PENDING', origin: 'MANUAL', backupType: 'DATABASE', progress: 0 });
    const done = await api.waitForBackup(res.body.id);
    expect(done).toMatchObject({ status: 'COMPLETED', progress: 1, sizeBytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('leaves the job to a worker that claims it within the grace period, and runs it itself otherwise', async () => {
    const app = api.createAppWith({ workerGraceMs: 1_000 });
    const res = await request(app).post('/api/v1/backups').set(...operator).send({ configuration: 'weekly-database-archive' });
    expect(res.status).toBe(202);
    const claimed = await api.services.ctx.repos.backupJobs.claim(res.body.id, 'test-worker', new Date());
    expect(claimed).not.toBeNull();
    const done = await executeBackupJob(api.services.ctx, claimed as BackupJob, { workerId: 'test-worker' });
    expect(done).toMatchObject({ status: 'COMPLETED', workerId: 'test-worker' });
    // The API's turn comes, finds the job claimed, and leaves it alone.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(await api.services.ctx.repos.backupJobs.findById(res.body.id)).toMatchObject({ status: 'COMPLETED', workerId: 'test-worker' });

    const unclaimed = await request(app).post('/api/v1/backups').set(...operator).send({ configuration: 'weekly-database-archive' });
    const ran = await api.waitForBackup(unclaimed.body.id);
    expect(ran).toMatchObject({ status: 'COMPLETED', workerId: expect.stringMatching(/^api:/) });
  });

  it('accepts a POST without any body as "the default on-demand backup"', async () => {
    const res = await request(api.app).post('/api/v1/backups').set(...operator);
    expect(res.status).toBe(202);
    expect(res.body.jobName).toMatch(/^pre-upgrade-full_/);
    await api.waitForBackup(res.body.id);
  });

  it('refuses a second run of a configuration while one is active with 409 BACKUP_ALREADY_ACTIVE', async () => {
    const first = await request(api.app).post('/api/v1/backups').set(...operator).send({ configuration: 'manual-files' });
    const second = await request(api.app).post('/api/v1/backups').set(...operator).send({ configuration: 'manual-files' });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('BACKUP_ALREADY_ACTIVE');
    await api.waitForBackup(first.body.id);
  });

  it('records a background failure on the job, and the process keeps serving', async () => {
    // An encrypting configuration on a server without a passphrase fails inside the run, after the 202.
    const configuration = await api.services.ctx.repos.configurations.findByName('monthly-full');
    await api.services.ctx.repos.configurations.update(configuration?.id ?? '', { encrypt: true });
    try {
      const res = await request(api.app).post('/api/v1/backups').set(...operator).send({ configuration: 'monthly-full' });
      expect(res.status).toBe(202);
      const failed = await api.waitForBackup(res.body.id);
      expect(failed).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/^BACKUP_PASSPHRASE_REQUIRED: /) });
      const shown = await request(api.app).get(`/api/v1/backups/${res.body.id}`).set(...viewer);
      expect(shown.body).toMatchObject({ status: 'FAILED', error: failed.error });
      expect((await request(api.app).get('/api/v1/health')).status).toBe(200);
    } finally {
      await api.services.ctx.repos.configurations.update(configuration?.id ?? '', { encrypt: false });
    }
  });

  it('refuses unknown fields and a VIEWER', async () => {
    expect((await request(api.app).post('/api/v1/backups').set(...operator).send({ path: '/etc' })).status).toBe(400);
    expect((await request(api.app).post('/api/v1/backups').set(...viewer).send({})).status).toBe(403);
  });
});

describe('GET /backups', () => {
  it('filters by configuration and status and pages without overlap', async () => {
    const all = await request(api.app).get('/api/v1/backups?limit=200').set(...viewer);
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThanOrEqual(3);
    const byConfig = await request(api.app).get('/api/v1/backups?configuration=daily-full&status=COMPLETED').set(...viewer);
    expect(byConfig.body.items.map((j: BackupJob) => j.id)).toEqual([completed.id]);
    const first = await request(api.app).get('/api/v1/backups?limit=1').set(...viewer);
    const second = await request(api.app).get('/api/v1/backups?limit=1&offset=1').set(...viewer);
    expect(first.body.items[0].id).not.toBe(second.body.items[0].id);
    expect(first.body).toMatchObject({ limit: 1, offset: 0, total: all.body.total });
  });

  it('refuses an unknown status with 400 and an unknown configuration with 404', async () => {
    expect((await request(api.app).get('/api/v1/backups?status=LOST').set(...viewer)).status).toBe(400);
    const res = await request(api.app).get('/api/v1/backups?configuration=nope').set(...viewer);
    expect([res.status, res.body.code]).toEqual([404, 'CONFIG_NOT_FOUND']);
  });
});

describe('GET /backups/:id', () => {
  it('shows the job by id and by package id, and 404 BACKUP_NOT_FOUND otherwise', async () => {
    const byId = await request(api.app).get(`/api/v1/backups/${completed.id}`).set(...viewer);
    expect(byId.body).toMatchObject({ id: completed.id, status: 'COMPLETED', progress: 1 });
    const byPackage = await request(api.app).get(`/api/v1/backups/${completed.packageId ?? ''}`).set(...viewer);
    expect(byPackage.body.id).toBe(completed.id);
    const missing = await request(api.app).get('/api/v1/backups/00000000-0000-4000-8000-000000000000').set(...viewer);
    expect([missing.status, missing.body.code]).toEqual([404, 'BACKUP_NOT_FOUND']);
  });
});

describe('GET /backups/:id/events', () => {
  it('streams progress events while the job runs and ends with one done event carrying the final row', async () => {
    const started = await request(api.app).post('/api/v1/backups').set(...operator).send({ configuration: 'weekly-full' });
    const res = await request(api.app).get(`/api/v1/backups/${started.body.id}/events`).set(...viewer).buffer(true).parse((r, cb) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += c.toString()));
      r.on('end', () => cb(null, text));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = String(res.body)
      .split('\n\n')
      .filter((block) => block.startsWith('id:'))
      .map((block) => ({ event: /event: (\w+)/.exec(block)?.[1], data: JSON.parse(/data: (.*)/.exec(block)?.[1] ?? 'null') }));
    expect(events[0]?.event).toBe('progress');
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { id: started.body.id, status: 'COMPLETED', progress: 1 } });
    expect(events.filter((e) => e.event === 'done')).toHaveLength(1);
  });

  it('answers an unknown job with a 404 problem, not a stream', async () => {
    const res = await request(api.app).get('/api/v1/backups/00000000-0000-4000-8000-000000000000/events').set(...viewer);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('GET /backups/:id/download', () => {
  it('streams the package with its length, file name and sha256, to a VIEWER', async () => {
    const res = await request(api.app).get(`/api/v1/backups/${completed.id}/download`).set(...viewer).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const body = res.body as Buffer;
    expect(body.length).toBe(completed.sizeBytes);
    expect(res.headers['content-length']).toBe(String(completed.sizeBytes));
    expect(res.headers['content-type']).toBe('application/gzip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="daily-full_full_\d{8}T\d{6}Z_[0-9a-f]{8}\.tar\.gz"/);
    expect(createHash('sha256').update(body).digest('hex')).toBe(completed.sha256);
    expect(res.headers['repr-digest']).toBe(`sha-256=:${Buffer.from(completed.sha256 ?? '', 'hex').toString('base64')}:`);
  });
});

describe('POST /backups/:id/verify', () => {
  it('reads the package end to end and records the result on the job', async () => {
    const res = await request(api.app).post(`/api/v1/backups/${completed.id}/verify`).set(...operator);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, error: null, job: { id: completed.id, verifyOk: true } });
    expect(res.body.entries).toBeGreaterThan(3);
  });
});

describe('POST /backups/prune and /backups/sync', () => {
  it('lists on a dry run without deleting anything', async () => {
    const res = await request(api.app).post('/api/v1/backups/prune').set(...operator).send({ dryRun: true });
    expect(res.status).toBe(200);
    expect(res.body.dryRun).toBe(true);
    expect(res.body.configurations.length).toBeGreaterThanOrEqual(12);
    expect((await request(api.app).get(`/api/v1/backups/${completed.id}`).set(...viewer)).body.prunedAt).toBeNull();
  });

  it('syncs only the configured directories and takes no directory from the caller', async () => {
    const res = await request(api.app).post('/api/v1/backups/sync').set(...operator).send({});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ registered: [], missing: [] });
    expect(res.body.alreadyKnown).toBeGreaterThanOrEqual(1);
    const withPath = await request(api.app).post('/api/v1/backups/sync').set(...operator).send({ directory: '/etc' });
    expect([withPath.status, withPath.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

describe('DELETE /backups/:id', () => {
  it('deletes the package and the catalog entry', async () => {
    const job = await runBackup({ configuration: 'manual-database' });
    const res = await request(api.app).delete(`/api/v1/backups/${job.id}`).set(...operator);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ fileRemoved: true, rowKept: false });
    expect((await request(api.app).get(`/api/v1/backups/${job.id}`).set(...viewer)).status).toBe(404);
    const gone = await request(api.app).get(`/api/v1/backups/${job.id}/download`).set(...viewer);
    expect(gone.status).toBe(404);
  });
});
