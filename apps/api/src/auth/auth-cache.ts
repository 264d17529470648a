import { createHash } from 'node:crypto';
import type { PublicUser } from '@edms/domain';

export interface AuthCacheOptions {
  /** How long a successful lookup is reused; 0 turns the cache off. */
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

/**
 * Looking up a bearer token costs three queries (token, user, and a write of
 * `lastUsedAt`) on every request; a dashboard polling job status every half
 * second makes that most of the API's database work. Successful lookups are
 * reused for a few seconds, keyed by the sha256 of the credential (never the
 * credential itself).
 *
 * The price: a token revoked or a user deactivated by another process (the
 * CLI, another API instance) keeps working here for up to `ttlMs`; `lastUsedAt`
 * is as precise. Revoking a token, logging in or out through this process
 * clears the cache at once.
 */
export class AuthCache {
  private readonly entries = new Map<string, { user: PublicUser; expiresAt: number }>();
  private readonly now: () => number;

  constructor(private readonly options: AuthCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  async resolve(kind: 'token' | 'session', secret: string, lookup: () => Promise<PublicUser>): Promise<PublicUser> {
    if (this.options.ttlMs <= 0) return lookup();
    const key = `${kind}:${createHash('sha256').update(secret).digest('hex')}`;
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now()) return hit.user;
    this.entries.delete(key);
    const user = await lookup();
    if (this.entries.size >= this.options.maxEntries) this.entries.clear();
    this.entries.set(key, { user, expiresAt: this.now() + this.options.ttlMs });
    return user;
  }

  clear(): void {
    this.entries.clear();
  }
}

export const DEFAULT_AUTH_CACHE: AuthCacheOptions = { ttlMs: 5_000, maxEntries: 10_000 };
