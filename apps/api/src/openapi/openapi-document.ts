import { PERMISSIONS, type Permission } from '@edms/domain';
import { z } from 'zod';
import type { AnyRouteDefinition, ApiResource } from '../http/route';
import { PROBLEM_CONTENT_TYPE } from '../http/problem';

/** The subset of an OpenAPI 3.1 document this generator writes. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string; description: string }>;
  tags: Array<{ name: string; description: string }>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: Record<string, unknown>;
}

type JsonSchema = Record<string, unknown>;

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  security: Array<Record<string, string[]>>;
  parameters?: Array<Record<string, unknown>>;
  requestBody?: Record<string, unknown>;
  responses: Record<string, unknown>;
  'x-edms-access': string;
  'x-edms-roles'?: readonly string[];
}

/** `/backups` + `/:id/events` → `/backups/{id}/events`. */
export function openApiPath(basePath: string, routePath: string): string {
  const joined = routePath === '/' ? basePath : `${basePath}${routePath}`;
  return joined.replace(/:([A-Za-z]+)/g, '{$1}');
}

function operationIdFor(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      const word = param ? `by-${param[1]}` : segment;
      return word
        .split(/[-_]/)
        .map((w) => (w ? (w[0] ?? '').toUpperCase() + w.slice(1) : ''))
        .join('');
    });
  return `${method}${words.join('')}`;
}

/**
 * The zod schema as JSON Schema 2020-12 (what OpenAPI 3.1 uses), as the
 * client sends it (`io: 'input'`): defaults are optional, query booleans are
 * the strings `true`/`false`.
 */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete json['$schema'];
  return json;
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): Array<Record<string, unknown>> {
  if (!schema) return [];
  const json = jsonSchemaOf(schema);
  const properties = (json['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    // zod's stringbool is a string on the wire; say which strings it takes.
    const wire = rest['type'] === 'string' && Object.keys(rest).length === 1 && isStringBool(schema, name) ? { type: 'boolean' } : rest;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: wire,
    };
  });
}

function isStringBool(schema: z.ZodType, name: string): boolean {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape;
  const field = shape?.[name];
  if (!field) return false;
  const output = z.toJSONSchema(field, { io: 'output', unrepresentable: 'any' }) as JsonSchema;
  return output['type'] === 'boolean';
}

function problemResponse(description: string): Record<string, unknown> {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } } };
}

function accessText(route: AnyRouteDefinition): string {
  if (route.access === 'public') return 'Access: public, no authentication.';
  if (route.access === 'authenticated') return 'Access: any authenticated user.';
  const roles = PERMISSIONS[route.access as Permission];
  return `Access: permission \`${route.access}\` — roles ${roles.join(', ')}.`;
}

function operationFor(resource: ApiResource, route: AnyRouteDefinition, path: string): OpenApiOperation {
  const isPublic = route.access === 'public';
  const hasPermission = !isPublic && route.access !== 'authenticated';
  const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')];
  const status = String(route.status ?? 200);
  const response = route.response;
  const contentType = response?.contentType ?? 'application/json';
  const success: Record<string, unknown> = {
    description: response?.description ?? 'Success.',
    ...(response?.headers
      ? { headers: Object.fromEntries(Object.entries(response.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) }
      : {}),
    ...(status === '204'
      ? {}
      : {
          content: {
            [contentType]: {
              schema: response?.schema
                ? jsonSchemaOf(response.schema)
                : contentType === 'application/json'
                  ? { type: 'object' }
                  : { type: 'string', ...(contentType === 'application/octet-stream' ? { format: 'binary' } : {}) },
            },
          },
        }),
  };
  const responses: Record<string, unknown> = { [status]: success };
  if (route.params || route.query || route.body || route.upload) responses['400'] = problemResponse('Invalid input: `VALIDATION_FAILED` with every issue.');
  if (!isPublic) responses['401'] = problemResponse('Not authenticated: `AUTH_REQUIRED`, `AUTH_INVALID_TOKEN`, `AUTH_SESSION_EXPIRED`.');
  if (hasPermission || (!isPublic && route.method !== 'get')) {
    responses['403'] = problemResponse('`FORBIDDEN` (the role lacks the permission) or `CSRF_FAILED` (cookie session without the CSRF header).');
  }
  if (route.params) responses['404'] = problemResponse('Not found: the `*_NOT_FOUND` code names what.');
  if (route.body || route.upload) responses['415'] = problemResponse('`UNSUPPORTED_MEDIA_TYPE`: wrong Content-Type for the body.');
  if (route.upload) responses['413'] = problemResponse('`UPLOAD_TOO_LARGE`: the body crossed EDMS_MAX_UPLOAD_BYTES.');
  responses['default'] = problemResponse('Any other error, as `application/problem+json` with a stable `code` (see docs/api.md).');

  const operation: OpenApiOperation = {
    operationId: operationIdFor(route.method, path),
    summary: route.summary,
    description: [route.description, accessText(route)].filter(Boolean).join('\n\n'),
    tags: [tagOf(resource)],
    security: isPublic ? [] : [{ bearerAuth: [] }, { sessionCookie: [] }],
    responses,
    'x-edms-access': route.access,
    ...(hasPermission ? { 'x-edms-roles': PERMISSIONS[route.access as Permission] } : {}),
  };
  if (parameters.length > 0) operation.parameters = parameters;
  if (route.body) {
    const schema = jsonSchemaOf(route.body);
    operation.requestBody = {
      required: ((schema['required'] ?? []) as string[]).length > 0,
      content: { 'application/json': { schema } },
    };
  } else if (route.upload) {
    operation.requestBody = {
      required: true,
      description: route.upload.description,
      content: { [route.upload.contentType]: { schema: { type: 'string', format: 'binary' } } },
    };
  }
  return operation;
}

function tagOf(resource: ApiResource): string {
  return resource.basePath.replace(/^\//, '') || 'reference';
}

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details with a stable machine-readable `code`.',
  required: ['type', 'title', 'status', 'detail', 'code', 'instance', 'requestId'],
  properties: {
    type: { type: 'string', description: '`urn:edms:problem:<code>`' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'For people; 5xx never include internals.' },
    code: { type: 'string', description: 'Stable; what scripts match on.' },
    instance: { type: 'string' },
    requestId: { type: 'string', description: 'Also in the X-Request-Id header and the server log.' },
    details: { type: 'object', description: 'Structured facts, e.g. `{ issues }` for VALIDATION_FAILED.' },
  },
};

/** The OpenAPI 3.1 document of exactly the routes the API mounts, from their declarations. */
export function createOpenApiDocument(resources: readonly ApiResource[], version: string): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const resource of resources) {
    for (const route of resource.routes) {
      const path = openApiPath(resource.basePath, route.path);
      paths[path] ??= {};
      (paths[path] as Record<string, OpenApiOperation>)[route.method] = operationFor(resource, route, path);
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'EDMS Backup & Restore API',
      version,
      description:
        'Backups, restores, configurations, documents, audit trail and system operations of the EDMS backup product. ' +
        'Authenticate with `Authorization: Bearer <token>` or the login session cookie (plus the `X-EDMS-CSRF` header on unsafe methods). ' +
        'Errors are `application/problem+json` with a stable `code`.',
    },
    servers: [{ url: '/api/v1', description: 'This server' }],
    tags: resources.map((r) => ({ name: tagOf(r), description: r.description })),
    paths,
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token (`edms token create`, or POST /tokens).' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'edms_session', description: 'Set by POST /auth/login; unsafe methods also need `X-EDMS-CSRF`.' },
      },
    },
  };
}
