import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { Express } from 'express';
import { API_PREFIX } from '../routes';
import { createTestApi, type TestApi } from '../test-support/test-api';
import { REFERENCE_PAGE_CSP } from './reference-page';

/** The validator is ESM-only; its own command line runs it in a separate node process. */
const VALIDATOR_CLI = join(require.resolve('@seriousme/openapi-schema-validator/package.json'), '..', 'bin', 'validate-api-cli.js');

let api: TestApi;
let document: { openapi: string; paths: Record<string, Record<string, { operationId: string; security: unknown[]; parameters?: unknown[] }>> };

beforeAll(async () => {
  api = await createTestApi();
  const res = await request(api.app).get(`${API_PREFIX}/openapi.json`);
  expect(res.status).toBe(200);
  document = res.body;
});
afterAll(() => api.cleanup());

interface Layer {
  rawPath?: unknown;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/**
 * What Express really has mounted, read from its router stacks — not from the
 * declarations the document is generated from — so a route added by hand
 * (`app.get(...)`) shows up as undocumented.
 */
function mountedOperations(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      const path = typeof layer.rawPath === 'string' ? layer.rawPath : '';
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          // router.all() registers the 405 answer for other methods of a declared path.
          if (on && method !== '_all') found.push(`${method} ${`${prefix}${layer.route.path === '/' ? '' : layer.route.path}`.replace(/:(\w+)/g, '{$1}')}`);
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, `${prefix}${path === '/' ? '' : path}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...new Set(found)].sort();
}

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document according to a real validator', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edms-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(document));
      const run = spawnSync(process.execPath, [VALIDATOR_CLI, file], { encoding: 'utf8' });
      expect(run.stdout ? JSON.parse(run.stdout) : run.stderr).toEqual({ valid: true });
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(document.openapi).toBe('3.1.0');
  });

  it('documents every mounted route and nothing that is not mounted', () => {
    const documented = Object.entries(document.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${API_PREFIX}${path}`))
      .sort();
    const mounted = mountedOperations(api.app);
    expect(mounted.length).toBeGreaterThan(40);
    expect(mounted).toEqual(documented);
  });

  it('gives each operation a unique id, its path parameters, and security unless public', () => {
    const ids = new Set<string>();
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(ids.has(operation.operationId)).toBe(false);
        ids.add(operation.operationId);
        const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const declared = (operation.parameters ?? []) as Array<{ name: string; in: string }>;
        expect([method, path, declared.filter((p) => p.in === 'path').map((p) => p.name)]).toEqual([method, path, pathParams]);
      }
    }
    expect(document.paths['/health']?.['get']?.security).toEqual([]);
    expect(document.paths['/restores/{id}/confirm']?.['post']?.security).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }]);
  });

  it('describes request bodies with the same zod schemas that validate them', () => {
    const confirm = document.paths['/restores/{id}/confirm']?.['post'] as unknown as { requestBody: { content: Record<string, { schema: { required: string[]; additionalProperties: boolean; properties: Record<string, { pattern?: string }> } }> } };
    const schema = confirm.requestBody.content['application/json']?.schema;
    expect(schema?.required).toEqual(['planHash']);
    expect(schema?.additionalProperties).toBe(false);
    expect(schema?.properties['planHash']?.pattern).toBe('^[0-9a-f]{64}$');
    const upload = document.paths['/packages']?.['post'] as unknown as { requestBody: { content: Record<string, unknown> } };
    expect(Object.keys(upload.requestBody.content)).toEqual(['application/octet-stream']);
  });

  it('needs no authentication', async () => {
    const res = await request(api.app).get(`${API_PREFIX}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });
});

describe('GET /docs', () => {
  it('serves a self-contained, script-free reference listing every operation', async () => {
    const res = await request(api.app).get(`${API_PREFIX}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toBe(REFERENCE_PAGE_CSP);
    expect(res.headers['content-security-policy']).not.toContain('script-src');
    expect(res.text).not.toMatch(/<script|https?:\/\/(?!www\.rfc)/i);
    for (const methods of Object.values(document.paths)) {
      for (const operation of Object.values(methods)) expect(res.text).toContain(`id="${operation.operationId}"`);
    }
  });
});
