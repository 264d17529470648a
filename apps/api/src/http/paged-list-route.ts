import type { Actor, Page, ServiceContext } from '@edms/domain';
import type { z } from 'zod';
import { pageOf } from '../openapi/response-schemas';
import { defineRoute, type RouteAccess, type RouteDefinition } from './route';

/** A list query: its filters plus `limit` and `offset` (the `PagingFields` of routes/paging.schemas.ts). */
type PagedQuery = z.ZodType<{ limit: number; offset: number }>;

/** What the domain list function receives: the query's filters, with `limit`/`offset` as `take`/`skip`. */
export type PagedListOptions<Q extends PagedQuery> = Omit<z.output<Q>, 'limit' | 'offset'> & { take: number; skip: number };

export interface PagedListRoute<Q extends PagedQuery> {
  summary: string;
  access: Exclude<RouteAccess, 'public'>;
  query: Q;
  /** One item of the page, for the OpenAPI document (the answer is `pageOf(item)`). */
  item: z.ZodType;
  /** The answer's description in the OpenAPI document; default `` `{ items, total, limit, offset }` ``. */
  responseDescription?: string;
  /** The domain use case, e.g. `listBackups`. */
  list: (ctx: ServiceContext, actor: Actor, options: PagedListOptions<Q>) => Promise<Page<unknown>>;
}

/**
 * A `GET /` of a resource that answers one page of a list as `{ items, total, limit, offset }`:
 * the query is parsed as declared, its filters go to the domain list function
 * with `limit`/`offset` as `take`/`skip`, and the page echoes the paging asked for.
 */
export function pagedListRoute<Q extends PagedQuery>(route: PagedListRoute<Q>): RouteDefinition<undefined, Q, undefined, PagedListRoute<Q>['access']> {
  return defineRoute({
    method: 'get',
    path: '/',
    summary: route.summary,
    access: route.access,
    query: route.query,
    response: { description: route.responseDescription ?? '`{ items, total, limit, offset }`', schema: pageOf(route.item) },
    async handle({ deps, auth, query }) {
      const { limit, offset, ...filters } = query as z.output<Q>;
      const page = await route.list(deps.services.ctx, auth.actor, { ...filters, take: limit, skip: offset });
      return { items: page.items, total: page.total, limit, offset };
    },
  });
}
