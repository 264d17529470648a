import request from 'supertest';
import { DEFAULT_CONFIGURATIONS, seedDemoDocuments, systemActor } from '@edms/domain';
import { API_PREFIX, API_RESOURCES } from '../routes';
import { createTestApi, type TestApi } from '../test-support/test-api';

let api: TestApi;
let samples: Record<string, string>;

/** Every route that needs credentials, with its path parameters filled in. */
function protectedRoutes(): Array<{ method: 'get' | 'post' | 'put' | 'patch' | 'delete'; url: string; access: string; hasParams: boolean }> {
  return API_RESOURCES.flatMap((resource) =>
    resource.routes
      .filter((route) => route.access !== 'public')
      .map((route) => {
        const path = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
          const value = samples[name];
          if (value === undefined) throw new Error(`add a sample value for path parameter :${name}`);
          return encodeURIComponent(value);
        });
        return { method: route.method, url: `${API_PREFIX}${resource.basePath}${path === '/' ? '' : path}`, access: route.access, hasParams: route.path.includes(':') };
      }),
  );
}

beforeAll(async () => {
  api = await createTestApi();
  await seedDemoDocuments(api.services.ctx, systemActor('test'), { documents: 2 });
  const [document] = (await api.services.ctx.repos.documents.list({ take: 1 })).items;
  samples = { name: DEFAULT_CONFIGURATIONS[0]?.name ?? '', number: document?.number ?? 'SOP-0001', id: '00000000-0000-4000-8000-000000000000', version: '1' };
});
afterAll(() => api.cleanup());

describe('authenticate', () => {
  it('lets /health through without credentials', async () => {
    const res = await request(api.app).get(`${API_PREFIX}/health`);
    expect(res.status).toBe(200);
  });

  it('answers 401 AUTH_REQUIRED on every other route without credentials', async () => {
    const routes = protectedRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(5);
    for (const route of routes) {
      const res = await request(api.app)[route.method](route.url);
      expect([route.url, res.status, res.body.code]).toEqual([route.url, 401, 'AUTH_REQUIRED']);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="edms"');
    }
  });

  it('answers 401 AUTH_INVALID_TOKEN for an unknown token', async () => {
    for (const route of protectedRoutes()) {
      const res = await request(api.app)[route.method](route.url).set('Authorization', 'Bearer edms_not-a-real-token');
      expect([route.url, res.status, res.body.code]).toEqual([route.url, 401, 'AUTH_INVALID_TOKEN']);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('answers 401 AUTH_INVALID_TOKEN for a revoked token', async () => {
    const revoked = await api.createRevokedToken();
    for (const route of protectedRoutes()) {
      const res = await request(api.app)[route.method](route.url).set('Authorization', `Bearer ${revoked}`);
      expect([route.url, res.status, res.body.code]).toEqual([route.url, 401, 'AUTH_INVALID_TOKEN']);
    }
  });

  it('answers 401 AUTH_SCHEME_UNSUPPORTED for an Authorization header that is not Bearer', async () => {
    const res = await request(api.app).get(`${API_PREFIX}/documents`).set('Authorization', 'Basic YWRtaW46cGFzcw==');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH_SCHEME_UNSUPPORTED');
  });

  it('answers 401 AUTH_SESSION_EXPIRED for an unknown session cookie and clears it', async () => {
    const res = await request(api.app).get(`${API_PREFIX}/documents`).set('Cookie', 'edms_session=edms_s_forged');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH_SESSION_EXPIRED');
    expect(String(res.headers['set-cookie'])).toMatch(/edms_session=;.*Expires=Thu, 01 Jan 1970/);
  });

  it('serves every list and read route to a valid admin token and to a VIEWER token', async () => {
    await api.createUserWithRole('viewer.reader', 'VIEWER');
    const reads = protectedRoutes().filter((r) => r.method === 'get' && !r.hasParams && (r.access === 'read' || r.access === 'authenticated'));
    expect(reads.length).toBeGreaterThanOrEqual(8);
    for (const token of [await api.createToken('admin'), await api.createToken('viewer.reader')]) {
      for (const route of reads) {
        const res = await request(api.app).get(route.url).set('Authorization', `Bearer ${token}`);
        expect([route.url, res.status]).toEqual([route.url, 200]);
        expect(res.headers['content-type']).toMatch(route.url.endsWith('/export') ? /^application\/x-ndjson/ : /^application\/json/);
      }
    }
  });

  it('prefers the bearer token over a session cookie', async () => {
    const res = await request(api.app)
      .get(`${API_PREFIX}/auth/me`)
      .set('Authorization', `Bearer ${await api.createToken('admin')}`)
      .set('Cookie', 'edms_session=edms_s_forged');
    expect(res.status).toBe(200);
    expect(res.body.authentication).toBe('token');
  });
});
