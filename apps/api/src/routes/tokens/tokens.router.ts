import { createApiToken, listApiTokens, revokeApiToken } from '@edms/domain';
import { defineRoute, type ApiResource } from '../../http/route';
import { z } from 'zod';
import { ApiTokenSchema, listOf } from '../../openapi/response-schemas';
import { CreateTokenBody, TokenParams } from './tokens.schemas';

export const tokensResource: ApiResource = {
  basePath: '/tokens',
  description: 'API bearer tokens (ADMIN only). The secret is returned once, at creation; only its sha256 is stored.',
  routes: [
    defineRoute({
      method: 'get',
      path: '/',
      summary: 'List tokens (never their secrets or hashes)',
      access: 'manageTokens',
      response: { description: '`{ items, total }`', schema: listOf(ApiTokenSchema) },
      async handle({ deps, auth }) {
        const items = await listApiTokens(deps.services.ctx, auth.actor);
        return { items, total: items.length };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/',
      summary: 'Create a token acting as a user; the secret is in this answer only',
      access: 'manageTokens',
      body: CreateTokenBody,
      status: 201,
      response: { description: '`{ token, secret }` — store the secret now; it cannot be shown again.', schema: z.object({ token: ApiTokenSchema, secret: z.string() }) },
      handle: ({ deps, auth, body }) => createApiToken(deps.services.ctx, auth.actor, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/:id',
      summary: 'Revoke a token; requests with it get 401 from now on',
      access: 'manageTokens',
      params: TokenParams,
      response: { description: 'The token, with revokedAt set.', schema: ApiTokenSchema },
      async handle({ deps, auth, params }) {
        const revoked = await revokeApiToken(deps.services.ctx, auth.actor, params.id);
        // Effective at once in this process (other processes: within the auth cache's few seconds).
        deps.authCache.clear();
        return revoked;
      },
    }),
  ],
};
