import type { PublicApiToken, PublicUser } from '@edms/domain';
import { formatDate, renderFields, renderTable } from './table';

export function renderUserTable(users: readonly PublicUser[]): string {
  return renderTable(users, [
    { header: 'USERNAME', value: (u) => u.username },
    { header: 'ROLE', value: (u) => u.role },
    { header: 'ACTIVE', value: (u) => u.isActive },
    { header: 'EMAIL', value: (u) => u.email },
    { header: 'DISPLAY NAME', value: (u) => u.displayName },
    { header: 'CREATED', value: (u) => formatDate(u.createdAt) },
  ]);
}

export function renderUser(u: PublicUser): string {
  return renderFields([
    ['Username', u.username],
    ['Role', u.role],
    ['Email', u.email],
    ['Display name', u.displayName],
    ['Active', u.isActive],
    ['Id', u.id],
    ['Created', formatDate(u.createdAt)],
  ]);
}

export function tokenState(t: PublicApiToken, now: Date): string {
  if (t.revokedAt) return 'revoked';
  if (t.expiresAt && t.expiresAt <= now) return 'expired';
  return 'active';
}

export function renderTokenTable(tokens: readonly PublicApiToken[], now: Date): string {
  return renderTable(tokens, [
    { header: 'ID', value: (t) => t.id },
    { header: 'NAME', value: (t) => t.name },
    { header: 'USER', value: (t) => t.username },
    { header: 'PREFIX', value: (t) => t.prefix },
    { header: 'STATE', value: (t) => tokenState(t, now) },
    { header: 'CREATED', value: (t) => formatDate(t.createdAt) },
    { header: 'EXPIRES', value: (t) => formatDate(t.expiresAt) },
    { header: 'LAST USED', value: (t) => formatDate(t.lastUsedAt) },
  ]);
}
