export { createApp, JSON_BODY_LIMIT, type CreateAppOptions } from './app';
export { readApiEnv, type ApiEnv } from './env';
export { startApiServer, type RunningApiServer, type StartApiServerOptions } from './start-api-server';
export { API_PREFIX, API_RESOURCES } from './routes';
export { EXPLICIT_STATUS, STATUS_RULES, resolveStatus, statusForCode } from './http/error-map';
export { PROBLEM_CONTENT_TYPE, type Problem } from './http/problem';
export { createStderrLogger, type ApiLogger } from './http/logger';
export type { ApiResource, AnyRouteDefinition, RouteAccess } from './http/route';
export { SESSION_COOKIE, CSRF_COOKIE, CSRF_HEADER } from './auth/session-cookies';
