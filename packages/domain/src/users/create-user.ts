import { randomUUID } from 'node:crypto';
import type { PublicUser, UserRole } from '../model/entities';
import { recordAuditEvent } from '../audit/record-audit-event';
import { assertCan, type Actor } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import { hashPassword } from '../shared/password';
import type { ServiceContext } from '../shared/service-context';
import { toPublicUser, validateEmail, validatePassword, validateUsername } from './user-rules';

/** A new login for the system. */
export interface CreateUserOptions {
  username: string;
  email: string;
  displayName?: string;
  role: UserRole;
  password: string;
}

export async function createUser(ctx: ServiceContext, actor: Actor, options: CreateUserOptions): Promise<PublicUser> {
  assertCan(actor, 'manageUsers');
  const username = options.username.trim().toLowerCase();
  validateUsername(username);
  validateEmail(options.email);
  validatePassword(options.password);
  const passwordHash = await hashPassword(options.password);
  return ctx.uow.transaction(async (repos) => {
    if (await repos.users.findByUsername(username)) {
      throw new DomainError('USER_EXISTS', `a user named "${username}" already exists`, { details: { username } });
    }
    const user = await repos.users.create({
      id: randomUUID(),
      username,
      email: options.email,
      displayName: options.displayName?.trim() || username,
      role: options.role,
      passwordHash,
      isActive: true,
      createdAt: ctx.clock.now(),
    });
    await recordAuditEvent(repos, ctx.clock, {
      actor,
      action: 'user.create',
      targetType: 'User',
      targetId: user.id,
      details: { username, role: user.role },
    });
    return toPublicUser(user);
  });
}
