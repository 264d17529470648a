import 'server-only';
import type { Actor, Permission } from '@edms/domain';
import { edmsDomain } from './edms';

/** Whether the actor's role grants the permission (the domain's rule; the server enforces it again in every use case). */
export function can(actor: Actor, permission: Permission): boolean {
  return edmsDomain().can(actor, permission);
}
