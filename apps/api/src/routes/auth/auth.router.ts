import { authenticateUser, endSession, startSession } from '@edms/domain';
import { clearSessionCookies, csrfTokenFor, readSessionSecret, setSessionCookies } from '../../auth/session-cookies';
import { defineRoute, type ApiResource } from '../../http/route';
import { LoginBody } from './auth.schemas';

export const authResource: ApiResource = {
  basePath: '/auth',
  description: 'Login sessions for browsers: a session cookie plus a CSRF token.',
  routes: [
    defineRoute({
      method: 'post',
      path: '/login',
      summary: 'Log in with a username and password; sets the session and CSRF cookies',
      description:
        'Rate-limited in this process: after 5 failed attempts for one address and username (50 for one address) within 15 minutes, ' +
        '429 `LOGIN_RATE_LIMITED` with Retry-After, without checking the password.',
      response: { description: '`{ user, expiresAt, csrfToken }` and the two cookies.' },
      access: 'public',
      // Nothing to protect yet; and a cross-site form cannot send the JSON body this route requires.
      csrf: false,
      body: LoginBody,
      async handle({ deps, body, req, res }) {
        const { ctx } = deps.services;
        const address = req.ip ?? 'unknown';
        const user = await deps.loginThrottle.attempt(address, body.username, () =>
          authenticateUser(ctx, { username: body.username, password: body.password, origin: `api:${address}` }),
        );
        // A fresh secret on every login; the session the browser had before is ended.
        const previous = readSessionSecret(req);
        if (previous) {
          await endSession(ctx, previous);
          deps.authCache.clear();
        }
        const session = await startSession(ctx, user);
        const csrfToken = setSessionCookies(req, res, session);
        return { user, expiresAt: session.expiresAt, csrfToken };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/logout',
      summary: 'End the login session and clear its cookies (CSRF header required)',
      status: 204,
      response: { description: 'Logged out; both cookies cleared.' },
      // Works with an expired session too, so a browser can always clear its cookies.
      access: 'public',
      async handle({ deps, req, res }) {
        const secret = readSessionSecret(req);
        if (secret) {
          await endSession(deps.services.ctx, secret);
          deps.authCache.clear();
        }
        clearSessionCookies(req, res);
        return undefined;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/me',
      summary: 'The authenticated user, and the CSRF token when authenticated by the session cookie',
      response: { description: '`{ user, authentication: "token" | "session", csrfToken? }`' },
      access: 'authenticated',
      handle({ auth, req }) {
        const secret = auth.method === 'session' ? readSessionSecret(req) : undefined;
        return { user: auth.user, authentication: auth.method, ...(secret ? { csrfToken: csrfTokenFor(secret) } : {}) };
      },
    }),
  ],
};
