import type { RequestHandler } from 'express';
import { authenticateApiToken, hasErrorCode, resolveSession } from '@edms/domain';
import type { Services } from '@edms/runtime';
import { API_ERROR_CODES } from '../http/error-map';
import { requestError } from '../http/http-error';
import type { AuthCache } from './auth-cache';
import { actorFor } from './request-auth';
import { clearSessionCookies, readSessionSecret } from './session-cookies';

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/**
 * Establishes `res.locals.auth` from `Authorization: Bearer <token>` or, when
 * there is no Authorization header, from the session cookie. A bearer header
 * always wins, so a request is never judged by a cookie it did not mean to use.
 */
export function authenticate(services: Services, cache: AuthCache): RequestHandler {
  return async (req, res, next) => {
    if (res.locals.auth) return next();
    const authorization = req.get('authorization');
    if (authorization !== undefined) {
      const match = BEARER.exec(authorization);
      if (!match?.[1]) {
        throw requestError(API_ERROR_CODES.authSchemeUnsupported, 'only "Authorization: Bearer <token>" is accepted; create a token with `edms token create`');
      }
      const secret = match[1];
      const user = await cache.resolve('token', secret, () => authenticateApiToken(services.ctx, secret));
      res.locals.auth = { user, actor: actorFor(user), method: 'token' };
      return next();
    }
    const sessionSecret = readSessionSecret(req);
    if (sessionSecret) {
      try {
        const user = await cache.resolve('session', sessionSecret, () => resolveSession(services.ctx, sessionSecret));
        res.locals.auth = { user, actor: actorFor(user), method: 'session' };
        return next();
      } catch (error) {
        if (hasErrorCode(error, 'AUTH_SESSION_EXPIRED')) clearSessionCookies(req, res);
        throw error;
      }
    }
    throw requestError(
      API_ERROR_CODES.authRequired,
      'authentication required: send "Authorization: Bearer <token>" (see `edms token create`) or log in with POST /api/v1/auth/login',
    );
  };
}
