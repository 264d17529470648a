import type { PublicUser } from '@edms/domain';
import { AuthCache } from './auth-cache';

const user = { id: 'u1', username: 'admin', role: 'ADMIN' } as PublicUser;

describe('AuthCache', () => {
  it('reuses a successful lookup within the time to live, then looks up again', async () => {
    let now = 0;
    let lookups = 0;
    const cache = new AuthCache({ ttlMs: 5_000, maxEntries: 10, now: () => now });
    const lookup = async () => {
      lookups += 1;
      return user;
    };
    await cache.resolve('token', 'secret-a', lookup);
    now = 4_999;
    await cache.resolve('token', 'secret-a', lookup);
    expect(lookups).toBe(1);
    now = 5_000;
    await cache.resolve('token', 'secret-a', lookup);
    expect(lookups).toBe(2);
  });

  it('never caches a failure, keeps tokens and sessions apart, and forgets everything on clear', async () => {
    const cache = new AuthCache({ ttlMs: 5_000, maxEntries: 10 });
    let calls = 0;
    const failing = async (): Promise<PublicUser> => {
      calls += 1;
      throw new Error('AUTH_INVALID_TOKEN');
    };
    await expect(cache.resolve('token', 's', failing)).rejects.toThrow();
    await expect(cache.resolve('token', 's', failing)).rejects.toThrow();
    expect(calls).toBe(2);
    await cache.resolve('token', 's', async () => user);
    await expect(cache.resolve('session', 's', failing)).rejects.toThrow();
    cache.clear();
    await expect(cache.resolve('token', 's', failing)).rejects.toThrow();
  });

  it('does not keep the credential itself', async () => {
    const cache = new AuthCache({ ttlMs: 5_000, maxEntries: 10 });
    await cache.resolve('token', 'edms_super-secret', async () => user);
    const keys = [...(cache as unknown as { entries: Map<string, unknown> }).entries.keys()];
    expect(keys.join()).not.toContain('super-secret');
  });

  it('looks up every time when turned off', async () => {
    const cache = new AuthCache({ ttlMs: 0, maxEntries: 10 });
    let lookups = 0;
    for (let i = 0; i < 3; i += 1) {
      await cache.resolve('token', 's', async () => {
        lookups += 1;
        return user;
      });
    }
    expect(lookups).toBe(3);
  });
});
