import type { RequestHandler } from 'express';
import { API_ERROR_CODES } from '../http/error-map';
import { requestError } from '../http/http-error';
import { CSRF_COOKIE, CSRF_HEADER, isValidCsrfToken, readSessionSecret } from './session-cookies';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Browsers attach cookies to cross-site requests, so a request that relies on
 * the session cookie and changes something must prove it came from a page of
 * ours: it echoes the CSRF cookie in the `X-EDMS-CSRF` header, which another
 * site can neither read nor set. Bearer requests are exempt — a browser never
 * adds an Authorization header on its own.
 */
export function requireCsrfToken(): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || req.get('authorization') !== undefined) return next();
    const sessionSecret = readSessionSecret(req);
    if (!sessionSecret) return next();
    if (!isValidCsrfToken(sessionSecret, req.get(CSRF_HEADER))) {
      throw requestError(
        API_ERROR_CODES.csrfFailed,
        `requests authenticated by the session cookie must send the "${CSRF_HEADER}" header with the value of the "${CSRF_COOKIE}" cookie`,
        { header: CSRF_HEADER, cookie: CSRF_COOKIE },
      );
    }
    next();
  };
}
