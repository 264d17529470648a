import request from 'supertest';
import { DomainError } from '@edms/domain';
import { ADMIN_PASSWORD, createTestApi, type TestApi } from '../test-support/test-api';
import { LoginThrottle } from './login-throttle';

const badCredentials = () => Promise.reject(new DomainError('AUTH_INVALID_CREDENTIALS', 'no'));

describe('LoginThrottle', () => {
  it('refuses the attempt after the limit without running it, until the window has passed', async () => {
    let now = 0;
    const throttle = new LoginThrottle({ maxFailuresPerUser: 3, maxFailuresPerAddress: 100, windowMs: 60_000, maxEntries: 100, now: () => now });
    for (let i = 0; i < 3; i += 1) await expect(throttle.attempt('1.2.3.4', 'admin', badCredentials)).rejects.toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS' });
    let ran = false;
    const refused = throttle.attempt('1.2.3.4', 'ADMIN', async () => {
      ran = true;
    });
    await expect(refused).rejects.toMatchObject({ code: 'LOGIN_RATE_LIMITED', details: { retryAfterSeconds: 60 } });
    expect(ran).toBe(false);
    // Another address, or another username, is not affected.
    await expect(throttle.attempt('5.6.7.8', 'admin', async () => 'ok')).resolves.toBe('ok');
    await expect(throttle.attempt('1.2.3.4', 'jane', async () => 'ok')).resolves.toBe('ok');
    now = 60_000;
    await expect(throttle.attempt('1.2.3.4', 'admin', async () => 'ok')).resolves.toBe('ok');
  });

  it('limits one address across usernames (password spraying)', async () => {
    const throttle = new LoginThrottle({ maxFailuresPerUser: 100, maxFailuresPerAddress: 4, windowMs: 60_000, maxEntries: 100 });
    for (const user of ['a', 'b', 'c', 'd']) await expect(throttle.attempt('9.9.9.9', user, badCredentials)).rejects.toBeDefined();
    await expect(throttle.attempt('9.9.9.9', 'e', async () => 'ok')).rejects.toMatchObject({ code: 'LOGIN_RATE_LIMITED' });
  });

  it('clears the count of a username after a successful login and counts only bad credentials', async () => {
    const throttle = new LoginThrottle({ maxFailuresPerUser: 2, maxFailuresPerAddress: 100, windowMs: 60_000, maxEntries: 100 });
    await expect(throttle.attempt('1.1.1.1', 'admin', badCredentials)).rejects.toBeDefined();
    await throttle.attempt('1.1.1.1', 'admin', async () => 'ok');
    await expect(throttle.attempt('1.1.1.1', 'admin', badCredentials)).rejects.toBeDefined();
    await expect(throttle.attempt('1.1.1.1', 'admin', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    await expect(throttle.attempt('1.1.1.1', 'admin', async () => 'ok')).resolves.toBe('ok');
  });

  it('keeps at most maxEntries windows', async () => {
    const throttle = new LoginThrottle({ maxFailuresPerUser: 5, maxFailuresPerAddress: 5, windowMs: 60_000, maxEntries: 10 });
    for (let i = 0; i < 50; i += 1) await expect(throttle.attempt(`10.0.0.${i}`, 'x', badCredentials)).rejects.toBeDefined();
    expect((throttle as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThanOrEqual(10);
  });
});

describe('POST /auth/login rate limiting', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.cleanup());

  it('answers 429 LOGIN_RATE_LIMITED with Retry-After after 5 failures, even for the right password', async () => {
    const app = api.createAppWith({});
    for (let i = 0; i < 5; i += 1) {
      const res = await request(app).post('/api/v1/auth/login').send({ username: 'admin', password: `wrong-${i}` });
      expect(res.status).toBe(401);
    }
    const limited = await request(app).post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.body.code).toBe('LOGIN_RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(800);
    expect(limited.headers['set-cookie']).toBeUndefined();
  });
});
