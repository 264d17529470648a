import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Permission } from '@edms/domain';
import type { z } from 'zod';
import type { ApiDependencies } from '../dependencies';
import { authenticate } from '../auth/authenticate';
import { requireCsrfToken } from '../auth/csrf';
import type { RequestAuth } from '../auth/request-auth';
import { requirePermission } from '../auth/require-permission';
import { API_ERROR_CODES } from './error-map';
import { requestError } from './http-error';
import { parseInput } from './validate';

/**
 * Who may call a route: anyone (`public`), any logged-in user
 * (`authenticated`), or the holders of a domain permission.
 */
export type RouteAccess = 'public' | 'authenticated' | Permission;
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler receives: its input already parsed, and the caller. */
export interface RouteContext<P extends Schema, Q extends Schema, B extends Schema, A extends RouteAccess> {
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
  auth: A extends 'public' ? RequestAuth | null : RequestAuth;
  deps: ApiDependencies;
  req: Request;
  res: Response;
}

/**
 * One route, declared as data: method, path, access rule and zod schemas.
 * The declaration is what gets mounted — and what a route × role test or an
 * OpenAPI generator can walk — so they cannot drift apart.
 */
export interface RouteDefinition<P extends Schema = Schema, Q extends Schema = Schema, B extends Schema = Schema, A extends RouteAccess = RouteAccess> {
  method: HttpMethod;
  /** Relative to the resource's base path, in Express 5 syntax (`/:number`). */
  path: string;
  summary: string;
  access: A;
  /** Cookie-session requests with unsafe methods need the CSRF header; only login opts out. */
  csrf?: boolean;
  params?: P;
  query?: Q;
  /** A JSON body; a request with a body that is not `application/json` gets 415, one without a body is parsed as `{}`. */
  body?: B;
  /**
   * A raw body the handler streams itself (uploads), never buffered or parsed.
   * Requests with another Content-Type get 415.
   */
  upload?: RouteUpload;
  /** Status for a returned value (default 200). Returning `undefined` sends 204. */
  status?: number;
  /** What a successful answer is, for the OpenAPI document (JSON unless said otherwise). */
  response?: RouteResponse;
  /** Longer explanation for the OpenAPI document, in Markdown. */
  description?: string;
  handle(context: RouteContext<P, Q, B, A>): unknown;
}

export interface RouteUpload {
  contentType: string;
  description: string;
}

export interface RouteResponse {
  description: string;
  /** Default `application/json`. */
  contentType?: string;
  /** A zod schema of the JSON body, when the route declares one. */
  schema?: z.ZodType;
  /** Response headers worth documenting, name → description. */
  headers?: Record<string, string>;
}

// Handlers are contravariant in their context, so a list of different routes needs `any` here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRouteDefinition = RouteDefinition<any, any, any, any>;

export function defineRoute<
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
  const A extends RouteAccess = RouteAccess,
>(route: RouteDefinition<P, Q, B, A>): RouteDefinition<P, Q, B, A> {
  return route;
}

/** A reply with a status other than the route's default, e.g. a 503 health report. */
export class RouteReply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

export function reply(status: number, body: unknown, headers: Record<string, string> = {}): RouteReply {
  return new RouteReply(status, body, headers);
}

/** A resource: one router, mounted under `/api/v1<basePath>`. */
export interface ApiResource {
  basePath: string;
  description: string;
  routes: readonly AnyRouteDefinition[];
}

/** What type-is calls hasBody: a body is announced by Transfer-Encoding or a non-zero Content-Length. */
export function hasRequestBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}

function mediaTypeOf(req: Request): string {
  return (req.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function handlerFor(route: AnyRouteDefinition, deps: ApiDependencies): RequestHandler {
  return async (req, res) => {
    const withBody = hasRequestBody(req);
    if (route.body && withBody && !req.is('application/json')) {
      throw requestError(API_ERROR_CODES.unsupportedMediaType, 'send the request body as JSON with "Content-Type: application/json"');
    }
    if (route.upload && mediaTypeOf(req) !== route.upload.contentType) {
      throw requestError(API_ERROR_CODES.unsupportedMediaType, `send the bytes as the request body with "Content-Type: ${route.upload.contentType}"`, {
        expected: route.upload.contentType,
      });
    }
    const context: RouteContext<Schema, Schema, Schema, RouteAccess> = {
      params: route.params ? parseInput(route.params, req.params, 'params') : undefined,
      query: route.query ? parseInput(route.query, req.query, 'query') : undefined,
      // A POST without any body (e.g. `curl -X POST`) means "no options".
      body: route.body ? parseInput(route.body, withBody ? req.body : {}, 'body') : undefined,
      auth: res.locals.auth ?? (null as unknown as RequestAuth),
      deps,
      req,
      res,
    };
    const result = await route.handle(context);
    if (res.headersSent) return;
    if (result instanceof RouteReply) {
      for (const [name, value] of Object.entries(result.headers)) res.setHeader(name, value);
      res.status(result.status).json(result.body);
    } else if (result === undefined) {
      res.status(204).end();
    } else {
      res.status(route.status ?? 200).json(result);
    }
  };
}

/** Authentication, then CSRF, then role, then input parsing, then the handler. */
function middlewareFor(route: AnyRouteDefinition, deps: ApiDependencies): RequestHandler[] {
  const chain: RequestHandler[] = [];
  if (route.access !== 'public') chain.push(authenticate(deps.services, deps.authCache));
  if (route.csrf !== false) chain.push(requireCsrfToken());
  if (route.access !== 'public' && route.access !== 'authenticated') chain.push(requirePermission(route.access));
  chain.push(handlerFor(route, deps));
  return chain;
}

export function createResourceRouter(resource: ApiResource, deps: ApiDependencies): Router {
  const router = Router();
  const methodsByPath = new Map<string, Set<string>>();
  for (const route of resource.routes) {
    router[route.method](route.path, ...middlewareFor(route, deps));
    const methods = methodsByPath.get(route.path) ?? new Set<string>();
    methods.add(route.method.toUpperCase());
    if (route.method === 'get') methods.add('HEAD');
    methodsByPath.set(route.path, methods);
  }
  // A known path with another method is a 405 that says what is allowed, not a 404.
  for (const [path, methods] of methodsByPath) {
    const allow = [...methods].join(', ');
    router.all(path, (req, res) => {
      res.setHeader('Allow', allow);
      if (req.method === 'OPTIONS') {
        res.status(204).end();
        return;
      }
      throw requestError(API_ERROR_CODES.methodNotAllowed, `${req.method} is not allowed here; use ${allow}`, { allow: [...methods] });
    });
  }
  return router;
}
