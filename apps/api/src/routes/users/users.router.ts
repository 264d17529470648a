import { createUser, listUsers } from '@edms/domain';
import { defineRoute, type ApiResource } from '../../http/route';
import { listOf, UserSchema } from '../../openapi/response-schemas';
import { CreateUserBody } from './users.schemas';

export const usersResource: ApiResource = {
  basePath: '/users',
  description: 'Logins and their roles (ADMIN only). Password hashes never leave the server.',
  routes: [
    defineRoute({
      method: 'get',
      path: '/',
      summary: 'List users',
      access: 'manageUsers',
      response: { description: '`{ items, total }`', schema: listOf(UserSchema) },
      async handle({ deps, auth }) {
        const items = await listUsers(deps.services.ctx, auth.actor);
        return { items, total: items.length };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/',
      summary: 'Create a user with a role',
      access: 'manageUsers',
      body: CreateUserBody,
      status: 201,
      response: { description: 'The user, without any password data.', schema: UserSchema },
      handle: ({ deps, auth, body }) => createUser(deps.services.ctx, auth.actor, body),
    }),
  ],
};
