import express, { Router, type Express } from 'express';
import type { Services } from '@edms/runtime';
import { AuthCache, DEFAULT_AUTH_CACHE, type AuthCacheOptions } from './auth/auth-cache';
import { BackgroundTasks } from './background/background-tasks';
import type { ApiDependencies } from './dependencies';
import { DEFAULT_MAX_UPLOAD_BYTES } from './env';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle, type LoginThrottleOptions } from './http/login-throttle';
import { problemErrorHandler, routeNotFound } from './http/error-handler';
import { createStderrLogger, type ApiLogger } from './http/logger';
import { assignRequestId } from './http/request-id';
import { createResourceRouter } from './http/route';
import { securityHeaders } from './http/security-headers';
import { API_PREFIX, API_RESOURCES } from './routes';
import { DEFAULT_WORKER_GRACE_MS } from './operations/start-backup';
import { readApiVersion } from './version';

export const JSON_BODY_LIMIT = '1mb';

/** Keys that must never leave the server, whatever object a handler returns. */
const SECRET_KEYS = new Set(['passwordHash', 'tokenHash', 'secretHash', 'passphrase']);

export interface CreateAppOptions {
  logger?: ApiLogger;
  /**
   * Express's `trust proxy`: set it when a TLS-terminating proxy sits in front,
   * so `X-Forwarded-Proto: https` marks cookies Secure. Off by default, because
   * trusting forwarded headers from anyone lets clients spoof them.
   */
  trustProxy?: boolean | number | string;
  /** Overrides the version /health reports. */
  version?: string;
  /** Shared with the server so shutdown can stop and wait for background work; one per app otherwise. */
  tasks?: BackgroundTasks;
  /** Default EDMS_MAX_UPLOAD_BYTES or 20 GiB. */
  maxUploadBytes?: number;
  loginThrottle?: Partial<LoginThrottleOptions>;
  /** How long a backup queued by a request is left to a worker before the API runs it (default 3 s). */
  workerGraceMs?: number;
  /** Reuse of successful credential lookups; `{ ttlMs: 0 }` checks the database on every request. */
  authCache?: Partial<AuthCacheOptions>;
}

/** Builds the Express app without listening, so tests drive it in-process. */
export function createApp(services: Services, options: CreateAppOptions = {}): Express {
  const logger = options.logger ?? createStderrLogger();
  const deps: ApiDependencies = {
    services,
    logger,
    version: options.version ?? readApiVersion(),
    tasks: options.tasks ?? new BackgroundTasks(logger),
    loginThrottle: new LoginThrottle({ ...DEFAULT_LOGIN_THROTTLE, ...options.loginThrottle }),
    authCache: new AuthCache({ ...DEFAULT_AUTH_CACHE, ...options.authCache }),
    maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    workerGraceMs: options.workerGraceMs ?? DEFAULT_WORKER_GRACE_MS,
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  // Defence in depth: domain types already omit these, and this keeps a future
  // mistake from serialising one.
  app.set('json replacer', (key: string, value: unknown) => (SECRET_KEYS.has(key) ? undefined : value));

  app.use(assignRequestId());
  app.use(securityHeaders());
  app.use(API_PREFIX, createApiRouter(deps));
  app.use(routeNotFound());
  app.use(problemErrorHandler(deps.logger));
  return app;
}

function createApiRouter(deps: ApiDependencies): Router {
  const api = Router();
  api.use(express.json({ limit: JSON_BODY_LIMIT }));
  for (const resource of API_RESOURCES) {
    api.use(resource.basePath || '/', createResourceRouter(resource, deps));
  }
  return api;
}
