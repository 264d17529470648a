import { randomUUID } from 'node:crypto';
import type { PublicUser } from '../model/entities';
import { DomainError } from '../shared/domain-error';
import type { ServiceContext } from '../shared/service-context';
import { generateSecret, hashSecret } from '../tokens/token-secrets';
import { toPublicUser } from './user-rules';

export const SESSION_LIFETIME_MS = 8 * 60 * 60 * 1000;

export interface StartedSession {
  /** Goes into an HttpOnly cookie; only its hash is stored. */
  secret: string;
  expiresAt: Date;
}

export async function startSession(ctx: ServiceContext, user: PublicUser): Promise<StartedSession> {
  const secret = generateSecret('edms_s_');
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  await ctx.repos.sessions.deleteExpired(now);
  await ctx.repos.sessions.create({ id: randomUUID(), tokenHash: hashSecret(secret), userId: user.id, createdAt: now, expiresAt });
  return { secret, expiresAt };
}

/** The session's user, or `AUTH_SESSION_EXPIRED` when the session is unknown or over. */
export async function resolveSession(ctx: ServiceContext, secret: string): Promise<PublicUser> {
  const session = await ctx.repos.sessions.findByHash(hashSecret(secret));
  if (!session || session.expiresAt <= ctx.clock.now()) {
    throw new DomainError('AUTH_SESSION_EXPIRED', 'the session is unknown or has expired; log in again');
  }
  const user = await ctx.repos.users.findById(session.userId);
  if (!user || !user.isActive) throw new DomainError('AUTH_SESSION_EXPIRED', 'the session user is no longer active');
  return toPublicUser(user);
}

export async function endSession(ctx: ServiceContext, secret: string): Promise<void> {
  const session = await ctx.repos.sessions.findByHash(hashSecret(secret));
  if (session) await ctx.repos.sessions.delete(session.id);
}
