import request from 'supertest';
import { createTestApi, type TestApi } from '../../test-support/test-api';

let api: TestApi;
let operator: [string, string];
let viewer: [string, string];

beforeAll(async () => {
  api = await createTestApi();
  operator = ['Authorization', `Bearer ${await api.tokenForRole('OPERATOR')}`];
  viewer = ['Authorization', `Bearer ${await api.tokenForRole('VIEWER')}`];
});
afterAll(() => api.cleanup());

describe('POST /configurations, PATCH and DELETE /configurations/:name', () => {
  it('creates with defaults, changes only the fields sent, and deletes a configuration without backups', async () => {
    const created = await request(api.app)
      .post('/api/v1/configurations')
      .set(...operator)
      .send({ name: 'nightly-offsite', backupType: 'FULL', frequency: 'DAILY', scheduleTime: '03:15', retention: { keepLast: 3 } });
    expect(created.status).toBe(201);
    expect(created.headers['location']).toBe('/api/v1/configurations/nightly-offsite');
    expect(created.body).toMatchObject({ name: 'nightly-offsite', storagePath: 'backups/nightly-offsite', retention: { keepLast: 3, keepDaily: 7 }, isEnabled: true });

    const changed = await request(api.app).patch('/api/v1/configurations/nightly-offsite').set(...operator).send({ isEnabled: false, retention: { keepMonthly: 24 } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ isEnabled: false, scheduleTime: '03:15', retention: { keepLast: 3, keepMonthly: 24 } });

    const deleted = await request(api.app).delete('/api/v1/configurations/nightly-offsite').set(...operator);
    expect(deleted.status).toBe(200);
    expect((await request(api.app).get('/api/v1/configurations/nightly-offsite').set(...viewer)).status).toBe(404);
  });

  it('accepts an s3:// bucket and prefix as the storage path, and refuses an invalid one', async () => {
    const created = await request(api.app)
      .post('/api/v1/configurations')
      .set(...operator)
      .send({ name: 'offsite-s3', backupType: 'FULL', frequency: 'DAILY', storagePath: 's3://edms-backups/site-a' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ storagePath: 's3://edms-backups/site-a' });
    for (const storagePath of ['s3://X/site-a', 's3://edms-backups/../x', 's3://edms-backups//x']) {
      const res = await request(api.app).post('/api/v1/configurations').set(...operator).send({ name: 'bad-s3', backupType: 'FULL', frequency: 'DAILY', storagePath });
      expect([storagePath, res.status, res.body.code]).toEqual([storagePath, 400, 'VALIDATION_FAILED']);
    }
    expect((await request(api.app).delete('/api/v1/configurations/offsite-s3').set(...operator)).status).toBe(200);
  });

  it.each(['/etc/edms', '../outside', 'backups/../../etc', 'C:\\backups', 'gs://bucket/x', 'file:///etc'])('refuses the storage path %s: a request never chooses a server path', async (storagePath) => {
    const res = await request(api.app).post('/api/v1/configurations').set(...operator).send({ name: 'sneaky', backupType: 'FULL', frequency: 'DAILY', storagePath });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(res.body.details.issues[0]).toMatchObject({ location: 'body', path: 'storagePath' });
  });

  it('maps the domain\'s refusals: 409 CONFIG_EXISTS, 400 CONFIG_INVALID_SCHEDULE, 409 CONFIG_PROTECTED, 403 for a VIEWER', async () => {
    const exists = await request(api.app).post('/api/v1/configurations').set(...operator).send({ name: 'daily-full', backupType: 'FULL', frequency: 'DAILY' });
    expect([exists.status, exists.body.code]).toEqual([409, 'CONFIG_EXISTS']);
    const schedule = await request(api.app).post('/api/v1/configurations').set(...operator).send({ name: 'bad-time', backupType: 'FULL', frequency: 'DAILY', scheduleTime: '25:00' });
    expect(schedule.status).toBe(400);
    expect(schedule.body.code).toMatch(/^CONFIG_INVALID/);
    const viewerTry = await request(api.app).patch('/api/v1/configurations/daily-full').set(...viewer).send({ isEnabled: false });
    expect(viewerTry.status).toBe(403);
  });
});
