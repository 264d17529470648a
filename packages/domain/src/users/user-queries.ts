import type { PublicUser } from '../model/entities';
import { assertCan, type Actor } from '../shared/actor';
import type { ServiceContext } from '../shared/service-context';
import { toPublicUser } from './user-rules';

export async function listUsers(ctx: ServiceContext, actor: Actor): Promise<PublicUser[]> {
  assertCan(actor, 'manageUsers');
  return (await ctx.repos.users.list()).map(toPublicUser);
}
