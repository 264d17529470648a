import type { Actor, Page, ServiceContext } from '@edms/domain';
import { z } from 'zod';
import type { ApiDependencies } from '../dependencies';
import type { RequestAuth } from '../auth/request-auth';
import { jsonSchemaOf } from '../openapi/openapi-document';
import { pageOf } from '../openapi/response-schemas';
import { PagingFields } from '../routes/paging.schemas';
import { pagedListRoute, type PagedListOptions } from './paged-list-route';
import { parseInput } from './validate';

const Query = z.strictObject({ status: z.enum(['OPEN', 'DONE']).optional(), ...PagingFields });
const ctx = { marker: 'ctx' } as unknown as ServiceContext;
const actor: Actor = { userId: 'u1', name: 'viewer.one', role: 'VIEWER' };

function routeAnswering(page: Page<string>) {
  const calls: Array<{ ctx: ServiceContext; actor: Actor; options: PagedListOptions<typeof Query> }> = [];
  const route = pagedListRoute({
    summary: 'List things',
    access: 'read',
    query: Query,
    item: z.string(),
    list: async (c, a, options) => {
      calls.push({ ctx: c, actor: a, options });
      return page;
    },
  });
  const handle = (query: Record<string, string>) =>
    route.handle({
      params: undefined,
      query: parseInput(Query, query, 'query'),
      body: undefined,
      auth: { actor } as RequestAuth,
      deps: { services: { ctx } } as unknown as ApiDependencies,
      req: undefined as never,
      res: undefined as never,
    });
  return { route, calls, handle };
}

describe('pagedListRoute', () => {
  it('declares a GET of the resource with the query and a page of the item as its answer', () => {
    const { route } = routeAnswering({ items: [], total: 0 });
    expect(route).toMatchObject({ method: 'get', path: '/', summary: 'List things', access: 'read', query: Query });
    expect(route.response?.description).toBe('`{ items, total, limit, offset }`');
    expect(jsonSchemaOf(route.response?.schema as z.ZodType)).toEqual(jsonSchemaOf(pageOf(z.string())));
  });

  it('passes the filters with limit/offset as take/skip and answers exactly { items, total, limit, offset }', async () => {
    const { calls, handle } = routeAnswering({ items: ['a', 'b'], total: 7, extra: true } as Page<string>);
    await expect(handle({ status: 'OPEN', limit: '2', offset: '4' })).resolves.toStrictEqual({ items: ['a', 'b'], total: 7, limit: 2, offset: 4 });
    expect(calls).toStrictEqual([{ ctx, actor, options: { status: 'OPEN', take: 2, skip: 4 } }]);
  });

  it('uses the query defaults for a request without paging', async () => {
    const { calls, handle } = routeAnswering({ items: [], total: 0 });
    await expect(handle({})).resolves.toStrictEqual({ items: [], total: 0, limit: 50, offset: 0 });
    expect(calls[0]?.options).toStrictEqual({ take: 50, skip: 0 });
  });
});
