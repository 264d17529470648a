import request from 'supertest';
import type { Services } from '@edms/runtime';
import { createTestApi, type TestApi } from '../../test-support/test-api';

let api: TestApi;

beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.cleanup());

describe('GET /health', () => {
  it('reports ok, the version and a reachable database without authentication', async () => {
    const res = await request(api.app).get('/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      database: { reachable: true, latencyMs: expect.any(Number) },
      time: expect.any(String),
    });
  });

  it('answers 503 "unavailable" when the database does not answer, and logs why', async () => {
    const broken = {
      ...api.services,
      client: { $queryRaw: () => Promise.reject(new Error('database is locked')) },
    } as unknown as Services;
    const res = await request(api.createAppWith({}, broken)).get('/api/v1/health');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'unavailable', database: { reachable: false } });
    expect(res.text).not.toContain('locked');
    expect(api.logs.some((l) => l.message.includes('database unreachable'))).toBe(true);
  });
});
