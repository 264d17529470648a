import { createHash, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import type { StartedSession } from '@edms/domain';
import { parseCookies } from '../http/cookies';

/** Holds the session secret; HttpOnly, so page scripts never see it. */
export const SESSION_COOKIE = 'edms_session';
/** Holds the CSRF token; readable by page scripts so they can echo it in `CSRF_HEADER`. */
export const CSRF_COOKIE = 'edms_csrf';
export const CSRF_HEADER = 'X-EDMS-CSRF';
// The session is only ever needed by the API; scoping it keeps it away from
// other apps on the same host (cookies ignore ports).
export const SESSION_COOKIE_PATH = '/api';
// Page scripts read the CSRF cookie from whatever page they are on.
export const CSRF_COOKIE_PATH = '/';

/**
 * The CSRF token of a session: derived from the session secret, so it needs no
 * storage and cannot be forged by someone who can plant cookies but does not
 * know the session (a weakness of plain double-submit).
 */
export function csrfTokenFor(sessionSecret: string): string {
  return createHash('sha256').update(`edms-csrf:v1:${sessionSecret}`).digest('base64url');
}

export function isValidCsrfToken(sessionSecret: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenFor(sessionSecret));
  const actual = Buffer.from(presented);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function readSessionSecret(req: Request): string | undefined {
  const value = parseCookies(req.get('cookie')).get(SESSION_COOKIE);
  return value ? value : undefined;
}

function baseOptions(req: Request): CookieOptions {
  // `req.secure` is true for TLS here or, with trust proxy set, behind a TLS-terminating proxy.
  return { sameSite: 'lax', secure: req.secure };
}

/** Sets both cookies for a new session and returns the CSRF token. */
export function setSessionCookies(req: Request, res: Response, session: StartedSession): string {
  const csrfToken = csrfTokenFor(session.secret);
  res.cookie(SESSION_COOKIE, session.secret, { ...baseOptions(req), httpOnly: true, path: SESSION_COOKIE_PATH, expires: session.expiresAt });
  res.cookie(CSRF_COOKIE, csrfToken, { ...baseOptions(req), httpOnly: false, path: CSRF_COOKIE_PATH, expires: session.expiresAt });
  return csrfToken;
}

export function clearSessionCookies(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { ...baseOptions(req), httpOnly: true, path: SESSION_COOKIE_PATH });
  res.clearCookie(CSRF_COOKIE, { ...baseOptions(req), path: CSRF_COOKIE_PATH });
}
