import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import { BackgroundTasks } from '../background/background-tasks';
import type { ApiDependencies } from '../dependencies';
import { AuthCache } from '../auth/auth-cache';
import { LoginThrottle } from './login-throttle';
import { problemErrorHandler } from './error-handler';
import { createResourceRouter, defineRoute, reply, type ApiResource } from './route';
import { createTestApi, type TestApi } from '../test-support/test-api';

let api: TestApi;
let app: express.Express;
let adminToken: string;
let viewerToken: string;

const testResource: ApiResource = {
  basePath: '/things',
  description: 'routes for exercising the route machinery',
  routes: [
    defineRoute({
      method: 'get',
      path: '/admin-only',
      summary: 'needs manageUsers',
      access: 'manageUsers',
      handle: ({ auth }) => ({ actor: auth.actor }),
    }),
    defineRoute({
      method: 'post',
      path: '/echo/:id',
      summary: 'parses every input',
      access: 'read',
      params: z.strictObject({ id: z.coerce.number().int() }),
      query: z.strictObject({ flag: z.stringbool().default(false) }),
      body: z.strictObject({ name: z.string().min(1) }),
      handle: ({ params, query, body }) => reply(201, { id: params.id, flag: query.flag, name: body.name }),
    }),
    defineRoute({
      method: 'post',
      path: '/upload',
      summary: 'counts raw bytes',
      access: 'read',
      upload: { contentType: 'application/octet-stream', description: 'bytes' },
      async handle({ req }) {
        let received = 0;
        for await (const chunk of req as AsyncIterable<Buffer>) received += chunk.length;
        return { received };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/nothing',
      summary: 'returns no body',
      access: 'read',
      handle: () => undefined,
    }),
  ],
};

beforeAll(async () => {
  api = await createTestApi();
  await api.createUserWithRole('viewer.one', 'VIEWER');
  adminToken = await api.createToken('admin');
  viewerToken = await api.createToken('viewer.one');
  const deps: ApiDependencies = {
    services: api.services,
    logger: api.logger,
    version: 'test',
    tasks: new BackgroundTasks(api.logger),
    loginThrottle: new LoginThrottle(),
    authCache: new AuthCache({ ttlMs: 0, maxEntries: 1 }),
    maxUploadBytes: 1024,
    workerGraceMs: 0,
  };
  app = express();
  app.use(express.json());
  app.use(testResource.basePath, createResourceRouter(testResource, deps));
  app.use(problemErrorHandler(api.logger));
});
afterAll(() => api.cleanup());

describe('createResourceRouter', () => {
  it('refuses a role without the route permission with 403 FORBIDDEN', async () => {
    const res = await request(app).get('/things/admin-only').set('Authorization', `Bearer ${viewerToken}`);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'manageUsers', role: 'VIEWER' } });
  });

  it('lets a role with the permission through, acting as that user', async () => {
    const res = await request(app).get('/things/admin-only').set('Authorization', `Bearer ${adminToken}`);
    expect(res.status).toBe(200);
    expect(res.body.actor).toMatchObject({ name: 'admin', role: 'ADMIN' });
  });

  it('passes params, query and body to the handler parsed', async () => {
    const res = await request(app).post('/things/echo/42?flag=true').set('Authorization', `Bearer ${viewerToken}`).send({ name: 'x' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: 42, flag: true, name: 'x' });
  });

  it('reports every invalid input as 400 VALIDATION_FAILED with its location', async () => {
    const res = await request(app).post('/things/echo/abc?extra=1').set('Authorization', `Bearer ${viewerToken}`).send({ name: '' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    // Params fail first; each location is reported with its path.
    expect(res.body.details.issues[0]).toMatchObject({ location: 'params', path: 'id' });
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await request(app).post('/things/echo/1').set('Authorization', `Bearer ${viewerToken}`).type('form').send('name=x');
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('parses a request without any body as an empty object, so required fields are named rather than 415', async () => {
    const res = await request(app).post('/things/echo/1').set('Authorization', `Bearer ${viewerToken}`);
    expect(res.status).toBe(400);
    expect(res.body.details.issues).toEqual([expect.objectContaining({ location: 'body', path: 'name' })]);
  });

  it('refuses an upload route\'s body of another Content-Type with 415 before the handler runs', async () => {
    const res = await request(app).post('/things/upload').set('Authorization', `Bearer ${viewerToken}`).send({ not: 'bytes' });
    expect([res.status, res.body.code, res.body.details]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE', { expected: 'application/octet-stream' }]);
    const ok = await request(app).post('/things/upload').set('Authorization', `Bearer ${viewerToken}`).set('Content-Type', 'application/octet-stream; charset=binary').send(Buffer.from('abc'));
    expect(ok.body).toEqual({ received: 3 });
  });

  it('answers 204 when the handler returns nothing', async () => {
    const res = await request(app).delete('/things/nothing').set('Authorization', `Bearer ${viewerToken}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
  });

  it('authenticates before validating, so strangers learn nothing about inputs', async () => {
    const res = await request(app).post('/things/echo/abc').send({});
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH_REQUIRED');
  });
});
