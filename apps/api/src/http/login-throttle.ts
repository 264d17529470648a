import { hasErrorCode } from '@edms/domain';
import { API_ERROR_CODES } from './error-map';
import { requestError } from './http-error';

export interface LoginThrottleOptions {
  /** Failed logins allowed per address and username in one window. */
  maxFailuresPerUser: number;
  /** Failed logins allowed per address (any username) in one window: stops password spraying. */
  maxFailuresPerAddress: number;
  windowMs: number;
  /** Entries kept at most; the oldest are dropped first, so memory stays bounded under attack. */
  maxEntries: number;
  now?: () => number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = {
  maxFailuresPerUser: 5,
  maxFailuresPerAddress: 50,
  windowMs: 15 * 60_000,
  maxEntries: 100_000,
};

interface Window {
  failures: number;
  resetAt: number;
}

/**
 * Login rate limiting, in the memory of this process: per (address, username)
 * and per address, a fixed window of failed attempts. Once a limit is reached
 * the login is refused with 429 before the password is even checked, so a
 * guesser learns nothing more until Retry-After has passed; a successful login
 * clears the (address, username) count.
 *
 * Scale-out caveat: each API process counts on its own, so N processes behind a
 * load balancer allow up to N times the limit. A shared store (the database or
 * Redis) would be needed for an exact limit across processes.
 */
export class LoginThrottle {
  private readonly windows = new Map<string, Window>();
  private readonly now: () => number;

  constructor(private readonly options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE) {
    this.now = options.now ?? Date.now;
  }

  /** Runs `login` unless a limit is reached; counts it when it fails with bad credentials. */
  async attempt<T>(address: string, username: string, login: () => Promise<T>): Promise<T> {
    const userKey = `u\n${address}\n${username.trim().toLowerCase()}`;
    const addressKey = `a\n${address}`;
    this.refuseIfLimited(userKey, this.options.maxFailuresPerUser);
    this.refuseIfLimited(addressKey, this.options.maxFailuresPerAddress);
    try {
      const result = await login();
      this.windows.delete(userKey);
      return result;
    } catch (error) {
      if (hasErrorCode(error, 'AUTH_INVALID_CREDENTIALS')) {
        this.count(userKey);
        this.count(addressKey);
      }
      throw error;
    }
  }

  private current(key: string): Window | undefined {
    const window = this.windows.get(key);
    if (window && window.resetAt <= this.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  private refuseIfLimited(key: string, limit: number): void {
    const window = this.current(key);
    if (!window || window.failures < limit) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((window.resetAt - this.now()) / 1000));
    throw requestError(API_ERROR_CODES.loginRateLimited, `too many failed logins; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }

  private count(key: string): void {
    const window = this.current(key);
    if (window) {
      window.failures += 1;
      return;
    }
    if (this.windows.size >= this.options.maxEntries) this.evict();
    this.windows.set(key, { failures: 1, resetAt: this.now() + this.options.windowMs });
  }

  private evict(): void {
    const now = this.now();
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    // Still full: drop the oldest tenth (Map keeps insertion order).
    if (this.windows.size >= this.options.maxEntries) {
      let drop = Math.ceil(this.options.maxEntries / 10);
      for (const key of this.windows.keys()) {
        if (drop-- <= 0) break;
        this.windows.delete(key);
      }
    }
  }
}
