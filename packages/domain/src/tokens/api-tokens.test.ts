import { createMemoryContext, testAdmin, testOperator } from '../test-support/in-memory';
import { seedDefaults } from '../seed/seed-defaults';
import { authenticateApiToken, createApiToken, LAST_USED_RESOLUTION_MS, listApiTokens, revokeApiToken } from './api-tokens';
import { hashSecret } from './token-secrets';

async function setup() {
  const ctx = createMemoryContext();
  await seedDefaults(ctx, { adminPassword: 'correct horse battery' });
  return ctx;
}

describe('createApiToken', () => {
  it('returns the secret once and stores only its hash', async () => {
    const ctx = await setup();
    const { secret, token } = await createApiToken(ctx, testAdmin, { name: 'ci', username: 'admin' });
    expect(secret).toMatch(/^edms_/);
    const stored = [...ctx.state().tokens.values()][0];
    expect(stored?.tokenHash).toBe(hashSecret(secret));
    expect(JSON.stringify(token)).not.toContain(secret);
    expect(JSON.stringify(await listApiTokens(ctx, testAdmin))).not.toContain(stored?.tokenHash);
  });

  it('is for administrators only', async () => {
    const ctx = await setup();
    await expect(createApiToken(ctx, testOperator, { name: 'x', username: 'admin' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it.each([0, 3651, 1.5])('refuses an expiry of %p days', async (days) => {
    const ctx = await setup();
    await expect(createApiToken(ctx, testAdmin, { name: 'x', username: 'admin', expiresInDays: days })).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
    });
  });
});

describe('authenticateApiToken', () => {
  it('resolves a valid secret to its user', async () => {
    const ctx = await setup();
    const { secret } = await createApiToken(ctx, testAdmin, { name: 'ci', username: 'admin' });
    expect((await authenticateApiToken(ctx, secret)).username).toBe('admin');
  });

  it('records the last use at most once a minute: the first use, then not before 60 s have passed', async () => {
    const ctx = await setup();
    const { secret, token } = await createApiToken(ctx, testAdmin, { name: 'ci', username: 'admin' });
    const lastUsed = () => ctx.state().tokens.get(token.id)?.lastUsedAt?.getTime() ?? null;
    const start = ctx.clock.now().getTime();
    await authenticateApiToken(ctx, secret);
    expect(lastUsed()).toBe(start);
    ctx.clock.advance(LAST_USED_RESOLUTION_MS - 1);
    await authenticateApiToken(ctx, secret);
    expect(lastUsed()).toBe(start);
    ctx.clock.advance(1);
    await authenticateApiToken(ctx, secret);
    expect(lastUsed()).toBe(start + LAST_USED_RESOLUTION_MS);
  });

  it('refuses unknown, revoked and expired tokens alike', async () => {
    const ctx = await setup();
    await expect(authenticateApiToken(ctx, 'edms_unknown')).rejects.toMatchObject({ code: 'AUTH_INVALID_TOKEN' });
    const revoked = await createApiToken(ctx, testAdmin, { name: 'r', username: 'admin' });
    await revokeApiToken(ctx, testAdmin, revoked.token.id);
    await expect(authenticateApiToken(ctx, revoked.secret)).rejects.toMatchObject({ code: 'AUTH_INVALID_TOKEN' });
    const expiring = await createApiToken(ctx, testAdmin, { name: 'e', username: 'admin', expiresInDays: 1 });
    ctx.clock.advance(86_400_000 - 1);
    await expect(authenticateApiToken(ctx, expiring.secret)).resolves.toMatchObject({ username: 'admin' });
    ctx.clock.advance(1);
    await expect(authenticateApiToken(ctx, expiring.secret)).rejects.toMatchObject({ code: 'AUTH_INVALID_TOKEN' });
  });

  it('refuses revoking twice', async () => {
    const ctx = await setup();
    const { token } = await createApiToken(ctx, testAdmin, { name: 'r', username: 'admin' });
    await revokeApiToken(ctx, testAdmin, token.id);
    await expect(revokeApiToken(ctx, testAdmin, token.id)).rejects.toMatchObject({ code: 'TOKEN_ALREADY_REVOKED' });
  });
});
