import type { PublicUser } from '../model/entities';
import { recordAuditEvent } from '../audit/record-audit-event';
import { DomainError } from '../shared/domain-error';
import { hashPassword, verifyPassword } from '../shared/password';
import type { ServiceContext } from '../shared/service-context';
import { toPublicUser } from './user-rules';

/** Credentials as typed at a login form. */
export interface AuthenticateUserOptions {
  username: string;
  password: string;
  /** Where the attempt came from (IP address, `web`, …), for the audit trail. */
  origin?: string;
}

// Verifying against a fixed hash when the user does not exist keeps the timing
// of "no such user" and "wrong password" alike.
let decoyHash: Promise<string> | null = null;

/**
 * Checks a username and password. Every failure gives the same
 * `AUTH_INVALID_CREDENTIALS`, so the answer never reveals which usernames exist.
 */
export async function authenticateUser(ctx: ServiceContext, options: AuthenticateUserOptions): Promise<PublicUser> {
  const username = options.username.trim().toLowerCase();
  const user = await ctx.repos.users.findByUsername(username);
  decoyHash ??= hashPassword('decoy-password-for-timing');
  const ok = await verifyPassword(options.password, user?.passwordHash ?? (await decoyHash));
  if (!user || !ok || !user.isActive) {
    await ctx.uow.transaction((repos) =>
      recordAuditEvent(repos, ctx.clock, {
        actor: username || 'anonymous',
        action: 'auth.login',
        targetType: 'User',
        targetId: user?.id ?? null,
        outcome: 'FAILURE',
        details: { origin: options.origin ?? null, reason: user && !user.isActive ? 'inactive' : 'invalid-credentials' },
      }),
    );
    throw new DomainError('AUTH_INVALID_CREDENTIALS', 'unknown username or wrong password');
  }
  await ctx.uow.transaction((repos) =>
    recordAuditEvent(repos, ctx.clock, {
      actor: user.username,
      action: 'auth.login',
      targetType: 'User',
      targetId: user.id,
      details: { origin: options.origin ?? null },
    }),
  );
  return toPublicUser(user);
}
