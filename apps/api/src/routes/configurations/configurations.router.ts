import {
  createConfiguration,
  deleteConfiguration,
  getConfiguration,
  listConfigurations,
  updateConfiguration,
  type RetentionPolicy,
} from '@edms/domain';
import { defineRoute, reply, type ApiResource } from '../../http/route';
import { ConfigurationSchema, listOf } from '../../openapi/response-schemas';
import { ConfigurationParams, CreateConfigurationBody, ListConfigurationsQuery, UpdateConfigurationBody } from './configurations.schemas';

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
      response: { description: '`{ items, total }`', schema: listOf(ConfigurationSchema) },
      async handle({ deps, auth, query }) {
        const items = await listConfigurations(deps.services.ctx, auth.actor, { includeTemporary: query.includeTemporary });
        return { items, total: items.length };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/',
      summary: 'Create a backup configuration',
      access: 'manageConfigurations',
      body: CreateConfigurationBody,
      status: 201,
      response: { description: 'The configuration created, with defaults filled in.', schema: ConfigurationSchema },
      async handle({ deps, auth, body }) {
        // The domain merges a partial retention over the defaults (and over the current values on update).
        const created = await createConfiguration(deps.services.ctx, auth.actor, { ...body, retention: body.retention as RetentionPolicy | undefined });
        return reply(201, created, { Location: `/api/v1/configurations/${encodeURIComponent(created.name)}` });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/:name',
      summary: 'Show one backup configuration by name or id',
      access: 'read',
      params: ConfigurationParams,
      response: { description: 'The configuration.', schema: ConfigurationSchema },
      handle: ({ deps, auth, params }) => getConfiguration(deps.services.ctx, auth.actor, params.name),
    }),
    defineRoute({
      method: 'patch',
      path: '/:name',
      summary: 'Change a backup configuration (only the fields sent)',
      access: 'manageConfigurations',
      params: ConfigurationParams,
      body: UpdateConfigurationBody,
      response: { description: 'The configuration as changed.', schema: ConfigurationSchema },
      handle: ({ deps, auth, params, body }) =>
        updateConfiguration(deps.services.ctx, auth.actor, params.name, { ...body, retention: body.retention as RetentionPolicy | undefined }),
    }),
    defineRoute({
      method: 'delete',
      path: '/:name',
      summary: 'Delete a backup configuration that has no backups (409 CONFIG_IN_USE otherwise: disable it instead)',
      access: 'manageConfigurations',
      params: ConfigurationParams,
      response: { description: 'The configuration deleted.', schema: ConfigurationSchema },
      handle: ({ deps, auth, params }) => deleteConfiguration(deps.services.ctx, auth.actor, params.name),
    }),
  ],
};
