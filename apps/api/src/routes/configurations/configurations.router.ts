import { getConfiguration, listConfigurations } from '@edms/domain';
import { defineRoute, type ApiResource } from '../../http/route';
import { ConfigurationParams, ListConfigurationsQuery } from './configurations.schemas';

export const configurationsResource: ApiResource = {
  basePath: '/configurations',
  description: 'Backup configurations: what is backed up, when, where, and how long it is kept.',
  routes: [
    defineRoute({
      method: 'get',
      path: '/',
      summary: 'List backup configurations',
      access: 'read',
      query: ListConfigurationsQuery,
      async handle({ deps, auth, query }) {
        const items = await listConfigurations(deps.services.ctx, auth.actor, { includeTemporary: query.includeTemporary });
        return { items, total: items.length };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/:name',
      summary: 'Show one backup configuration by name or id',
      access: 'read',
      params: ConfigurationParams,
      handle: ({ deps, auth, params }) => getConfiguration(deps.services.ctx, auth.actor, params.name),
    }),
  ],
};
