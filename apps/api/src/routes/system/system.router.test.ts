import request from 'supertest';
import { runBackupNow, seedDemoDocuments, systemActor } from '@edms/domain';
import { createTestApi, type TestApi } from '../../test-support/test-api';

let api: TestApi;
let admin: [string, string];
let viewer: [string, string];

beforeAll(async () => {
  api = await createTestApi();
  await seedDemoDocuments(api.services.ctx, systemActor('test'), { documents: 3 });
  await runBackupNow(api.services.ctx, systemActor('test'), { configuration: 'daily-full' });
  admin = ['Authorization', `Bearer ${await api.tokenForRole('ADMIN')}`];
  viewer = ['Authorization', `Bearer ${await api.tokenForRole('VIEWER')}`];
});
afterAll(() => api.cleanup());

describe('GET /system/status', () => {
  it('reports the last backup, the next scheduled runs, storage and disk to a VIEWER', async () => {
    const res = await request(api.app).get('/api/v1/system/status').set(...viewer);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      documents: 3,
      backups: { lastCompleted: { status: 'COMPLETED' }, lastFailed: null, active: [], storedBytes: expect.any(Number) },
      restores: { active: [], interrupted: null },
      disk: { freeBytes: expect.any(Number), totalBytes: expect.any(Number) },
    });
    expect(res.body.backups.next).toHaveLength(5);
    expect(res.body.backups.storedBytes).toBeGreaterThan(0);
  });
});

describe('POST /system/check', () => {
  it('checks live integrity and reports ok, to a VIEWER', async () => {
    const res = await request(api.app).post('/api/v1/system/check').set(...viewer).send({});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, missingFiles: [], changedFiles: [], orphanFiles: [], audit: { intact: true } });
    expect(res.body.versionsChecked).toBeGreaterThanOrEqual(3);
  });
});

describe('POST /system/reset', () => {
  it('plans without changing anything, refuses a stale plan hash, then resets as planned', async () => {
    const plan = await request(api.app).post('/api/v1/system/reset/plan').set(...admin).send({ skipSafetyBackup: true });
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ applied: false, plan: { remove: { documents: 3 }, safetyBackup: false } });
    expect(await api.services.ctx.repos.documents.count()).toBe(3);

    const stale = await request(api.app).post('/api/v1/system/reset').set(...admin).send({ planHash: 'a'.repeat(64), skipSafetyBackup: true });
    expect([stale.status, stale.body.code]).toEqual([409, 'RESET_PLAN_CHANGED']);
    expect(await api.services.ctx.repos.documents.count()).toBe(3);

    const noHash = await request(api.app).post('/api/v1/system/reset').set(...admin).send({});
    expect([noHash.status, noHash.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await request(api.app).post('/api/v1/system/reset/plan').set(...viewer).send({})).status).toBe(403);

    const done = await request(api.app).post('/api/v1/system/reset').set(...admin).send({ planHash: plan.body.planHash, skipSafetyBackup: true });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ applied: true, planHash: plan.body.planHash });
    expect(await api.services.ctx.repos.documents.count()).toBe(0);
  });
});
