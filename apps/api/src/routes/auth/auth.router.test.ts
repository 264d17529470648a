import request from 'supertest';
import { ADMIN_PASSWORD, cookiesFrom, createTestApi, setCookieHeaders, type TestApi } from '../../test-support/test-api';

let api: TestApi;

beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.cleanup());

async function login(app = api.app) {
  const res = await request(app).post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD });
  expect(res.status).toBe(200);
  return { res, cookies: cookiesFrom(res.headers['set-cookie']), csrfToken: res.body.csrfToken as string };
}

describe('POST /auth/login', () => {
  it('returns the user and sets an HttpOnly, SameSite=Lax session cookie and a readable CSRF cookie', async () => {
    const { res, csrfToken } = await login();
    expect(res.body.user).toMatchObject({ username: 'admin', role: 'ADMIN' });
    expect(res.body.user.passwordHash).toBeUndefined();
    const setCookie = setCookieHeaders(res.headers);
    const session = setCookie.find((c) => c.startsWith('edms_session='));
    const csrf = setCookie.find((c) => c.startsWith('edms_csrf='));
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Lax/);
    expect(session).toMatch(/; Path=\/api/);
    expect(session).toMatch(/; Expires=/);
    expect(session).not.toMatch(/; Secure/);
    expect(csrf).not.toMatch(/HttpOnly/);
    expect(csrf).toContain(`edms_csrf=${csrfToken};`);
  });

  it('marks the cookies Secure when the request came over TLS through a trusted proxy', async () => {
    const app = api.createAppWith({ trustProxy: true });
    const res = await request(app)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-Proto', 'https')
      .send({ username: 'admin', password: ADMIN_PASSWORD });
    for (const cookie of setCookieHeaders(res.headers)) expect(cookie).toMatch(/; Secure/);
  });

  it('ignores X-Forwarded-Proto unless a proxy is trusted', async () => {
    const res = await request(api.app)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-Proto', 'https')
      .send({ username: 'admin', password: ADMIN_PASSWORD });
    for (const cookie of setCookieHeaders(res.headers)) expect(cookie).not.toMatch(/; Secure/);
  });

  it('refuses a wrong password and an unknown user alike with 401 AUTH_INVALID_CREDENTIALS', async () => {
    for (const body of [
      { username: 'admin', password: 'wrong-password-123' },
      { username: 'nobody', password: ADMIN_PASSWORD },
    ]) {
      const res = await request(api.app).post('/api/v1/auth/login').send(body);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('AUTH_INVALID_CREDENTIALS');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('refuses a missing password with 400 VALIDATION_FAILED', async () => {
    const res = await request(api.app).post('/api/v1/auth/login').send({ username: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.issues).toEqual([expect.objectContaining({ location: 'body', path: 'password' })]);
  });

  it('accepts only JSON, so a cross-site form cannot log a browser in', async () => {
    const res = await request(api.app).post('/api/v1/auth/login').type('form').send(`username=admin&password=${ADMIN_PASSWORD}`);
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('GET /auth/me', () => {
  it('returns the user of the session cookie with its CSRF token', async () => {
    const { cookies, csrfToken } = await login();
    const res = await request(api.app).get('/api/v1/auth/me').set('Cookie', cookies);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user: { username: 'admin' }, authentication: 'session', csrfToken });
  });

  it('serves the resource routes to the session cookie as well', async () => {
    const { cookies } = await login();
    const res = await request(api.app).get('/api/v1/configurations').set('Cookie', cookies);
    expect(res.status).toBe(200);
  });

  it('returns the token user without a CSRF token for a bearer request', async () => {
    const res = await request(api.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${await api.createToken()}`);
    expect(res.status).toBe(200);
    expect(res.body.authentication).toBe('token');
    expect(res.body.csrfToken).toBeUndefined();
  });
});

describe('POST /auth/logout', () => {
  it('refuses a cookie-authenticated logout without the CSRF header with 403 CSRF_FAILED', async () => {
    const { cookies } = await login();
    const res = await request(api.app).post('/api/v1/auth/logout').set('Cookie', cookies);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CSRF_FAILED');
    const wrong = await request(api.app).post('/api/v1/auth/logout').set('Cookie', cookies).set('X-EDMS-CSRF', 'guess');
    expect(wrong.status).toBe(403);
    expect((await request(api.app).get('/api/v1/auth/me').set('Cookie', cookies)).status).toBe(200);
  });

  it('ends the session and clears both cookies when the CSRF header matches', async () => {
    const { cookies, csrfToken } = await login();
    const res = await request(api.app).post('/api/v1/auth/logout').set('Cookie', cookies).set('X-EDMS-CSRF', csrfToken);
    expect(res.status).toBe(204);
    const cleared = setCookieHeaders(res.headers);
    expect(cleared.find((c) => c.startsWith('edms_session='))).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(cleared.find((c) => c.startsWith('edms_csrf='))).toMatch(/Expires=Thu, 01 Jan 1970/);
    const after = await request(api.app).get('/api/v1/auth/me').set('Cookie', cookies);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('ends the previous session when the same browser logs in again', async () => {
    const first = await login();
    const second = await request(api.app)
      .post('/api/v1/auth/login')
      .set('Cookie', first.cookies)
      .send({ username: 'admin', password: ADMIN_PASSWORD });
    expect(second.status).toBe(200);
    expect((await request(api.app).get('/api/v1/auth/me').set('Cookie', first.cookies)).status).toBe(401);
    expect((await request(api.app).get('/api/v1/auth/me').set('Cookie', cookiesFrom(second.headers['set-cookie']))).status).toBe(200);
  });
});
