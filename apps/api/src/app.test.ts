import request from 'supertest';
import type { Services } from '@edms/runtime';
import { createTestApi, type TestApi } from './test-support/test-api';

let api: TestApi;
let token: string;

beforeAll(async () => {
  api = await createTestApi();
  token = await api.createToken();
});
afterAll(() => api.cleanup());
beforeEach(() => {
  api.logs.length = 0;
});

/** The same services, with configuration listing failing the way an unexpected bug would. */
function servicesWithFailingConfigurations(services: Services, error: Error): Services {
  const configurations = new Proxy(services.ctx.repos.configurations, {
    get(target, property, receiver) {
      if (property === 'list') return () => Promise.reject(error);
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { ...services, ctx: { ...services.ctx, repos: { ...services.ctx.repos, configurations } } };
}

describe('createApp', () => {
  it('sets the security headers on every response and never X-Powered-By', async () => {
    for (const path of ['/api/v1/health', '/api/v1/documents', '/nowhere']) {
      const res = await request(api.app).get(path);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('adds Strict-Transport-Security only over TLS', async () => {
    const app = api.createAppWith({ trustProxy: true });
    const res = await request(app).get('/api/v1/health').set('X-Forwarded-Proto', 'https');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('gives every response a request id, keeping a well-formed one from the caller', async () => {
    const fresh = await request(api.app).get('/api/v1/health');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await request(api.app).get('/api/v1/health').set('X-Request-Id', 'proxy-123');
    expect(kept.headers['x-request-id']).toBe('proxy-123');
    const replaced = await request(api.app).get('/api/v1/health').set('X-Request-Id', 'bad id\twith spaces');
    expect(replaced.headers['x-request-id']).not.toContain(' ');
  });

  it('answers an unknown route with a 404 ROUTE_NOT_FOUND problem, with or without credentials', async () => {
    for (const req of [
      request(api.app).get('/api/v1/nothing-here'),
      request(api.app).get('/api/v1/nothing-here').set('Authorization', `Bearer ${token}`),
      request(api.app).get('/'),
    ]) {
      const res = await req;
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND', title: 'Not Found', type: 'urn:edms:problem:route-not-found' });
    }
  });

  it('answers a known path with an unsupported method with 405 and Allow', async () => {
    const res = await request(api.app).delete('/api/v1/audit').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(405);
    expect(res.headers['allow']).toBe('GET, HEAD');
    expect(res.body.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('refuses malformed JSON with 400 BODY_INVALID_JSON', async () => {
    const res = await request(api.app).post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username":');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('BODY_INVALID_JSON');
  });

  it('refuses JSON bodies over 1 MiB with 413 PAYLOAD_TOO_LARGE', async () => {
    const huge = JSON.stringify({ username: 'admin', password: 'x'.repeat(1024 * 1024 + 10) });
    const res = await request(api.app).post('/api/v1/auth/login').set('Content-Type', 'application/json').send(huge);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('turns an unexpected error into a 500 INTERNAL_ERROR that hides the message and logs it with the request id', async () => {
    const secret = 'connection to /var/lib/edms/secret.db failed: password=hunter2';
    const app = api.createAppWith({}, servicesWithFailingConfigurations(api.services, new Error(secret)));
    const res = await request(app).get('/api/v1/configurations').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', title: 'Internal Server Error', instance: '/api/v1/configurations' });
    expect(res.text).not.toContain('hunter2');
    expect(res.text).not.toContain('secret.db');
    expect(res.body.details).toBeUndefined();
    const requestId = res.headers['x-request-id'];
    expect(res.body.requestId).toBe(requestId);
    expect(res.body.detail).toContain(requestId);
    const logged = api.logs.find((l) => l.level === 'error');
    expect(logged?.fields).toMatchObject({ requestId, code: 'INTERNAL_ERROR', error: { message: secret } });
  });

  it('never sends password or token hashes, whatever the route', async () => {
    const admin = await api.services.ctx.repos.users.findByUsername('admin');
    const tokens = await api.services.ctx.repos.tokens.list();
    expect(admin?.passwordHash).toBeTruthy();
    const login = await request(api.app).post('/api/v1/auth/login').send({ username: 'admin', password: 'correct-horse-battery-staple' });
    const bodies = [login.text];
    for (const path of ['/api/v1/auth/me', '/api/v1/configurations', '/api/v1/documents', '/api/v1/health']) {
      bodies.push((await request(api.app).get(path).set('Authorization', `Bearer ${token}`)).text);
    }
    for (const text of bodies) {
      expect(text).not.toMatch(/passwordHash|tokenHash/);
      expect(text).not.toContain(admin?.passwordHash);
      for (const t of tokens) expect(text).not.toContain(t.tokenHash);
    }
  });
});
