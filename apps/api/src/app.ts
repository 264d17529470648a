import express, { Router, type Express } from 'express';
import type { Services } from '@edms/runtime';
import type { ApiDependencies } from './dependencies';
import { problemErrorHandler, routeNotFound } from './http/error-handler';
import { createStderrLogger, type ApiLogger } from './http/logger';
import { assignRequestId } from './http/request-id';
import { createResourceRouter } from './http/route';
import { securityHeaders } from './http/security-headers';
import { API_PREFIX, API_RESOURCES } from './routes';
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
}

/** Builds the Express app without listening, so tests drive it in-process. */
export function createApp(services: Services, options: CreateAppOptions = {}): Express {
  const deps: ApiDependencies = {
    services,
    logger: options.logger ?? createStderrLogger(),
    version: options.version ?? readApiVersion(),
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
    api.use(resource.basePath, createResourceRouter(resource, deps));
  }
  return api;
}
