import { createMemoryContext, testAdmin, testViewer } from '../test-support/in-memory';
import { seedDefaults } from '../seed/seed-defaults';
import { authenticateUser } from './authenticate-user';
import { createUser } from './create-user';
import { endSession, resolveSession, SESSION_LIFETIME_MS, startSession } from './sessions';
import { listUsers } from './user-queries';

async function setup() {
  const ctx = createMemoryContext();
  await seedDefaults(ctx, { adminPassword: 'correct horse battery' });
  return ctx;
}

describe('createUser', () => {
  it('stores a scrypt hash, never the password, and hides the hash from lists', async () => {
    const ctx = await setup();
    const user = await createUser(ctx, testAdmin, { username: 'Alice', email: 'a@example.com', role: 'VIEWER', password: 'twelve-chars!' });
    expect(user.username).toBe('alice');
    expect(JSON.stringify(user)).not.toContain('passwordHash');
    expect([...ctx.state().users.values()].find((u) => u.username === 'alice')?.passwordHash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(await listUsers(ctx, testAdmin))).not.toContain('scrypt$');
  });

  it.each([
    [{ username: 'a' }, 'USER_INVALID'],
    [{ email: 'not-an-email' }, 'USER_INVALID'],
    [{ password: 'elevenchars' }, 'USER_PASSWORD_TOO_SHORT'],
    [{ username: 'admin' }, 'USER_EXISTS'],
  ])('refuses %j with %s', async (override, code) => {
    const ctx = await setup();
    await expect(
      createUser(ctx, testAdmin, { username: 'bob', email: 'b@example.com', role: 'VIEWER', password: 'twelve-chars', ...override }),
    ).rejects.toMatchObject({ code });
  });

  it('is for administrators only', async () => {
    const ctx = await setup();
    await expect(
      createUser(ctx, testViewer, { username: 'bob', email: 'b@example.com', role: 'ADMIN', password: 'twelve-chars' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('authenticateUser', () => {
  it('accepts the right password and audits the login', async () => {
    const ctx = await setup();
    const user = await authenticateUser(ctx, { username: 'ADMIN', password: 'correct horse battery' });
    expect(user.username).toBe('admin');
    expect(ctx.state().audit.at(-1)).toMatchObject({ action: 'auth.login', outcome: 'SUCCESS' });
  });

  it('gives the same error for a wrong password, an unknown user and an inactive user, and audits each failure', async () => {
    const ctx = await setup();
    await expect(authenticateUser(ctx, { username: 'admin', password: 'wrong' })).rejects.toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS' });
    await expect(authenticateUser(ctx, { username: 'nobody', password: 'x' })).rejects.toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS' });
    const admin = [...ctx.state().users.values()][0];
    if (admin) admin.isActive = false;
    await expect(authenticateUser(ctx, { username: 'admin', password: 'correct horse battery' })).rejects.toMatchObject({
      code: 'AUTH_INVALID_CREDENTIALS',
    });
    expect(ctx.state().audit.filter((e) => e.action === 'auth.login' && e.outcome === 'FAILURE')).toHaveLength(3);
  });
});

describe('sessions', () => {
  it('resolve until they expire and stop after logout', async () => {
    const ctx = await setup();
    const user = await authenticateUser(ctx, { username: 'admin', password: 'correct horse battery' });
    const session = await startSession(ctx, user);
    expect((await resolveSession(ctx, session.secret)).id).toBe(user.id);
    ctx.clock.advance(SESSION_LIFETIME_MS - 1);
    await expect(resolveSession(ctx, session.secret)).resolves.toMatchObject({ username: 'admin' });
    ctx.clock.advance(1);
    await expect(resolveSession(ctx, session.secret)).rejects.toMatchObject({ code: 'AUTH_SESSION_EXPIRED' });
    const again = await startSession(ctx, user);
    await endSession(ctx, again.secret);
    await expect(resolveSession(ctx, again.secret)).rejects.toMatchObject({ code: 'AUTH_SESSION_EXPIRED' });
  });
});
