import request from 'supertest';
import { PERMISSIONS, USER_ROLES, type Permission, type UserRole } from '@edms/domain';
import { API_PREFIX, API_RESOURCES } from '../routes';
import { ADMIN_PASSWORD, cookiesFrom, createTestApi, type TestApi } from '../test-support/test-api';
import type { RouteAccess } from './route';

/**
 * The rule each route must follow, written down once more on purpose: the
 * route declarations are what gets mounted, and this list is the reviewed
 * intent (VIEWER reads, OPERATOR runs backups and manages configurations and
 * documents, ADMIN restores, resets and manages users and tokens). Which roles
 * hold a permission comes from the domain's PERMISSIONS table, not from here.
 */
const EXPECTED_ACCESS: Record<string, RouteAccess> = {
  'GET /health': 'public',
  'POST /auth/login': 'public',
  'POST /auth/logout': 'public',
  'GET /auth/me': 'authenticated',
  'GET /openapi.json': 'public',
  'GET /docs': 'public',

  'GET /configurations': 'read',
  'GET /configurations/:name': 'read',
  'POST /configurations': 'manageConfigurations',
  'PATCH /configurations/:name': 'manageConfigurations',
  'DELETE /configurations/:name': 'manageConfigurations',

  'GET /backups': 'read',
  'GET /backups/:id': 'read',
  'GET /backups/:id/events': 'read',
  'GET /backups/:id/download': 'read',
  'POST /backups': 'runBackup',
  'POST /backups/prune': 'runBackup',
  'POST /backups/sync': 'runBackup',
  'POST /backups/:id/verify': 'runBackup',
  'DELETE /backups/:id': 'runBackup',

  'POST /packages': 'restore',
  'GET /restores': 'read',
  'GET /restores/:id': 'read',
  'GET /restores/:id/events': 'read',
  'POST /restores': 'restore',
  'POST /restores/:id/confirm': 'restore',
  'POST /restores/:id/cancel': 'restore',

  'GET /system/status': 'read',
  'POST /system/check': 'read',
  'POST /system/reset/plan': 'reset',
  'POST /system/reset': 'reset',

  'GET /audit': 'read',
  'GET /audit/verify': 'read',
  'GET /audit/export': 'read',

  'GET /documents': 'read',
  'GET /documents/:number': 'read',
  'GET /documents/:number/download': 'read',
  'GET /documents/:number/versions/:version/download': 'read',
  'POST /documents': 'manageDocuments',
  'POST /documents/:number/versions': 'manageDocuments',

  'GET /users': 'manageUsers',
  'POST /users': 'manageUsers',
  'POST /demo/seed': 'manageUsers',
  'GET /tokens': 'manageTokens',
  'POST /tokens': 'manageTokens',
  'DELETE /tokens/:id': 'manageTokens',
};

/** Path parameters that name nothing, so an allowed request can never change anything. */
const SAMPLES: Record<string, string> = {
  name: 'no-such-configuration',
  id: '00000000-0000-4000-8000-000000000000',
  number: 'NOPE-9999',
  version: '1',
};

interface MountedRoute {
  key: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  url: string;
  access: RouteAccess;
}

function mountedRoutes(): MountedRoute[] {
  return API_RESOURCES.flatMap((resource) =>
    resource.routes.map((route) => {
      const relative = route.path === '/' ? '' : route.path;
      const url = `${resource.basePath}${relative}`.replace(/:([A-Za-z]+)/g, (_, name: string) => {
        const value = SAMPLES[name];
        if (value === undefined) throw new Error(`add a sample value for path parameter :${name}`);
        return encodeURIComponent(value);
      });
      return { key: `${route.method.toUpperCase()} ${resource.basePath}${relative}`, method: route.method, url: `${API_PREFIX}${url}`, access: route.access };
    }),
  );
}

function expectedStatusClass(access: RouteAccess, role: UserRole | 'anonymous'): 'allowed' | 401 | 403 {
  if (access === 'public') return 'allowed';
  if (role === 'anonymous') return 401;
  if (access === 'authenticated') return 'allowed';
  return (PERMISSIONS[access as Permission] as readonly UserRole[]).includes(role) ? 'allowed' : 403;
}

let api: TestApi;
const tokens = new Map<UserRole, string>();

beforeAll(async () => {
  api = await createTestApi();
  for (const role of USER_ROLES) tokens.set(role, await api.tokenForRole(role));
});
afterAll(() => api.cleanup());

/** Unsafe requests carry a body that no schema accepts: a route that lets the caller in answers 400 (or 404/415) and changes nothing. */
function send(route: MountedRoute, headers: Record<string, string>) {
  let req = request(api.app)[route.method](route.url);
  for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
  return route.method === 'get' ? req : req.send({ routeWalk: 'refuse me' });
}

describe('route access', () => {
  it('declares every mounted route in the reviewed list, with the access the list says', () => {
    const mounted = Object.fromEntries(mountedRoutes().map((r) => [r.key, r.access]));
    expect(mounted).toEqual(EXPECTED_ACCESS);
  });

  it.each(['anonymous', ...USER_ROLES] as Array<UserRole | 'anonymous'>)('answers every route as the permission table says for %s', async (role) => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const route of mountedRoutes()) {
      const headers: Record<string, string> = role === 'anonymous' ? {} : { Authorization: `Bearer ${tokens.get(role) ?? ''}` };
      const res = await send(route, headers);
      const want = expectedStatusClass(route.access, role);
      const got = res.status === 401 || res.status === 403 ? res.status : 'allowed';
      outcomes.push(`${route.key} → ${got}${got === 'allowed' ? '' : ` ${res.body.code}`}`);
      expected.push(`${route.key} → ${want}${want === 401 ? ' AUTH_REQUIRED' : want === 403 ? ' FORBIDDEN' : ''}`);
      // No allowed request of the walk may reach a server error.
      expect([route.key, res.status < 500]).toEqual([route.key, true]);
    }
    expect(outcomes).toEqual(expected);
  });

  it('refuses every unsafe request of a cookie session without the CSRF header, before anything runs', async () => {
    const login = await request(api.app).post(`${API_PREFIX}/auth/login`).send({ username: 'admin', password: ADMIN_PASSWORD });
    const cookies = cookiesFrom(login.headers['set-cookie']);
    const unsafe = mountedRoutes().filter((r) => r.method !== 'get' && r.key !== 'POST /auth/login');
    expect(unsafe.length).toBeGreaterThan(20);
    for (const route of unsafe) {
      const res = await send(route, { Cookie: cookies });
      expect([route.key, res.status, res.body.code]).toEqual([route.key, 403, 'CSRF_FAILED']);
    }
  });
});
