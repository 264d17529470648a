import { randomUUID } from 'node:crypto';
import type { ApiToken, PublicUser } from '../model/entities';
import { recordAuditEvent } from '../audit/record-audit-event';
import { assertCan, type Actor } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import type { ServiceContext } from '../shared/service-context';
import { toPublicUser } from '../users/user-rules';
import { generateSecret, hashSecret } from './token-secrets';

/** A token as listed: never the secret nor its hash. */
export type PublicApiToken = Omit<ApiToken, 'tokenHash'> & { username: string | null };

export interface CreateApiTokenOptions {
  name: string;
  /** The user the token acts as. */
  username: string;
  /** Days until it expires; none means it never expires. */
  expiresInDays?: number;
}

export interface CreatedApiToken {
  token: PublicApiToken;
  /** Shown once; it cannot be recovered later. */
  secret: string;
}

export async function createApiToken(ctx: ServiceContext, actor: Actor, options: CreateApiTokenOptions): Promise<CreatedApiToken> {
  assertCan(actor, 'manageTokens');
  const name = options.name.trim();
  if (!name || name.length > 100) {
    throw new DomainError('TOKEN_INVALID', 'a token needs a name of 1–100 characters', { details: { field: 'name' } });
  }
  if (options.expiresInDays !== undefined && (!Number.isInteger(options.expiresInDays) || options.expiresInDays < 1 || options.expiresInDays > 3650)) {
    throw new DomainError('TOKEN_INVALID', 'expiry must be a whole number of days from 1 to 3650', { details: { field: 'expiresInDays' } });
  }
  const secret = generateSecret();
  const now = ctx.clock.now();
  return ctx.uow.transaction(async (repos) => {
    const user = await repos.users.findByUsername(options.username.trim().toLowerCase());
    if (!user) throw new DomainError('USER_NOT_FOUND', `no user named "${options.username}"`, { details: { username: options.username } });
    const token = await repos.tokens.create({
      id: randomUUID(),
      name,
      tokenHash: hashSecret(secret),
      prefix: secret.slice(0, 12),
      userId: user.id,
      createdAt: now,
      lastUsedAt: null,
      expiresAt: options.expiresInDays ? new Date(now.getTime() + options.expiresInDays * 86_400_000) : null,
      revokedAt: null,
    });
    await recordAuditEvent(repos, ctx.clock, {
      actor,
      action: 'token.create',
      targetType: 'ApiToken',
      targetId: token.id,
      details: { name, username: user.username, expiresAt: token.expiresAt?.toISOString() ?? null },
    });
    return { token: toPublicToken(token, user.username), secret };
  });
}

export async function listApiTokens(ctx: ServiceContext, actor: Actor): Promise<PublicApiToken[]> {
  assertCan(actor, 'manageTokens');
  const [tokens, users] = await Promise.all([ctx.repos.tokens.list(), ctx.repos.users.list()]);
  const names = new Map(users.map((u) => [u.id, u.username]));
  return tokens.map((t) => toPublicToken(t, names.get(t.userId) ?? null));
}

export async function revokeApiToken(ctx: ServiceContext, actor: Actor, tokenId: string): Promise<PublicApiToken> {
  assertCan(actor, 'manageTokens');
  return ctx.uow.transaction(async (repos) => {
    const token = await repos.tokens.findById(tokenId);
    if (!token) throw new DomainError('TOKEN_NOT_FOUND', `no token with id ${tokenId}`, { details: { tokenId } });
    if (token.revokedAt) throw new DomainError('TOKEN_ALREADY_REVOKED', `token ${token.name} was already revoked`);
    const updated = await repos.tokens.update(token.id, { revokedAt: ctx.clock.now() });
    await recordAuditEvent(repos, ctx.clock, {
      actor,
      action: 'token.revoke',
      targetType: 'ApiToken',
      targetId: token.id,
      details: { name: token.name },
    });
    const user = await repos.users.findById(token.userId);
    return toPublicToken(updated, user?.username ?? null);
  });
}

/**
 * Resolves a bearer secret to its user. Unknown, revoked and expired tokens and
 * inactive users all give `AUTH_INVALID_TOKEN`.
 */
export async function authenticateApiToken(ctx: ServiceContext, secret: string): Promise<PublicUser> {
  const token = await ctx.repos.tokens.findByHash(hashSecret(secret));
  const now = ctx.clock.now();
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) {
    throw new DomainError('AUTH_INVALID_TOKEN', 'the token is unknown, revoked or expired');
  }
  const user = await ctx.repos.users.findById(token.userId);
  if (!user || !user.isActive) throw new DomainError('AUTH_INVALID_TOKEN', 'the token belongs to an inactive user');
  // Recording last use is best effort (it must not fail a read request) and
  // coarse: at most one write per token per minute, so a busy client does not
  // turn every read into a database write.
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await ctx.repos.tokens.update(token.id, { lastUsedAt: now }).catch(() => undefined);
  }
  return toPublicUser(user);
}

/** `lastUsedAt` is recorded to this resolution. */
export const LAST_USED_RESOLUTION_MS = 60_000;

function toPublicToken(token: ApiToken, username: string | null): PublicApiToken {
  const { tokenHash: _hidden, ...rest } = token;
  return { ...rest, username };
}
