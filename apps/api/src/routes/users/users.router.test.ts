import request from 'supertest';
import { createTestApi, type TestApi } from '../../test-support/test-api';

let api: TestApi;
let admin: [string, string];

beforeAll(async () => {
  api = await createTestApi();
  admin = ['Authorization', `Bearer ${await api.tokenForRole('ADMIN')}`];
});
afterAll(() => api.cleanup());

describe('users', () => {
  it('creates a user with a role and lists it, never with password data', async () => {
    const created = await request(api.app)
      .post('/api/v1/users')
      .set(...admin)
      .send({ username: 'Jane.Doe', email: 'jane@example.com', role: 'OPERATOR', password: 'a-long-enough-password' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'jane.doe', role: 'OPERATOR', isActive: true });
    const list = await request(api.app).get('/api/v1/users').set(...admin);
    expect(list.body.items.map((u: { username: string }) => u.username)).toContain('jane.doe');
    for (const text of [created.text, list.text]) expect(text).not.toMatch(/password/i);
    const again = await request(api.app).post('/api/v1/users').set(...admin).send({ username: 'jane.doe', email: 'j@example.com', role: 'VIEWER', password: 'a-long-enough-password' });
    expect([again.status, again.body.code]).toEqual([409, 'USER_EXISTS']);
    const short = await request(api.app).post('/api/v1/users').set(...admin).send({ username: 'bob', email: 'b@example.com', role: 'VIEWER', password: 'short' });
    expect([short.status, short.body.code]).toEqual([400, 'USER_PASSWORD_TOO_SHORT']);
  });
});

describe('tokens', () => {
  it('shows a new secret once, which then authenticates; lists without secrets; revokes', async () => {
    const created = await request(api.app).post('/api/v1/tokens').set(...admin).send({ name: 'monitoring', username: 'admin', expiresInDays: 30 });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    expect(created.body.token).toMatchObject({ name: 'monitoring', username: 'admin', revokedAt: null });
    expect(created.body.token.tokenHash).toBeUndefined();
    expect((await request(api.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${secret}`)).status).toBe(200);

    const list = await request(api.app).get('/api/v1/tokens').set(...admin);
    expect(list.text).not.toContain(secret);
    expect(list.text).not.toMatch(/tokenHash/);
    expect(list.body.items.map((t: { id: string }) => t.id)).toContain(created.body.token.id);

    const revoked = await request(api.app).delete(`/api/v1/tokens/${created.body.token.id}`).set(...admin);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect((await request(api.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${secret}`)).status).toBe(401);
    const twice = await request(api.app).delete(`/api/v1/tokens/${created.body.token.id}`).set(...admin);
    expect([twice.status, twice.body.code]).toEqual([409, 'TOKEN_ALREADY_REVOKED']);
  });
});
