import request from 'supertest';
import { DEFAULT_CONFIGURATIONS } from '@edms/domain';
import { createTestApi, type TestApi } from '../../test-support/test-api';

let api: TestApi;
let auth: [string, string];

beforeAll(async () => {
  api = await createTestApi();
  auth = ['Authorization', `Bearer ${await api.createToken()}`];
});
afterAll(() => api.cleanup());

describe('GET /configurations', () => {
  it('lists the 12 default configurations', async () => {
    const res = await request(api.app).get('/api/v1/configurations').set(...auth);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(12);
    expect(res.body.items.map((c: { name: string }) => c.name).sort()).toEqual(DEFAULT_CONFIGURATIONS.map((c) => c.name).sort());
    expect(res.body.items[0]).toEqual(
      expect.objectContaining({ id: expect.any(String), backupType: expect.any(String), retention: expect.any(Object), createdAt: expect.any(String) }),
    );
  });

  it('accepts includeTemporary as a boolean and refuses anything else', async () => {
    expect((await request(api.app).get('/api/v1/configurations?includeTemporary=true').set(...auth)).status).toBe(200);
    const res = await request(api.app).get('/api/v1/configurations?includeTemporary=maybe').set(...auth);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses unknown query parameters', async () => {
    const res = await request(api.app).get('/api/v1/configurations?colour=blue').set(...auth);
    expect(res.status).toBe(400);
    expect(res.body.details.issues[0]).toMatchObject({ location: 'query' });
  });
});

describe('GET /configurations/:name', () => {
  it('shows a configuration by name and by id', async () => {
    const name = DEFAULT_CONFIGURATIONS[0]?.name ?? '';
    const byName = await request(api.app).get(`/api/v1/configurations/${encodeURIComponent(name)}`).set(...auth);
    expect(byName.status).toBe(200);
    expect(byName.body.name).toBe(name);
    const byId = await request(api.app).get(`/api/v1/configurations/${byName.body.id as string}`).set(...auth);
    expect(byId.body).toEqual(byName.body);
  });

  it('answers an unknown name with 404 CONFIG_NOT_FOUND', async () => {
    const res = await request(api.app).get('/api/v1/configurations/No%20Such%20Thing').set(...auth);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'CONFIG_NOT_FOUND', details: { configuration: 'No Such Thing' } });
  });
});
