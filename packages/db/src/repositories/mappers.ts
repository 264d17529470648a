import type {
  ApiToken,
  AuditEvent,
  BackupConfiguration,
  Document,
  DocumentVersion,
  Session,
  User,
} from '@edms/domain';
import type * as Rows from '../generated/sqlite/client';

/*
 * Rows → domain types. Enumerations are stored as strings (portable across
 * SQLite and PostgreSQL) and were validated by the domain before writing, so
 * narrowing them here is sound.
 */

export function parseJsonObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export function toUser(row: Rows.User): User {
  return { ...row, role: row.role as User['role'] };
}

export function toDocument(row: Rows.Document): Document {
  return { ...row, status: row.status as Document['status'] };
}

export function toDocumentVersion(row: Rows.DocumentVersion): DocumentVersion {
  return { ...row, sizeBytes: Number(row.sizeBytes) };
}

export function toConfiguration(row: Rows.BackupConfiguration): BackupConfiguration {
  const { keepLast, keepDaily, keepWeekly, keepMonthly, ...rest } = row;
  return {
    ...rest,
    backupType: row.backupType as BackupConfiguration['backupType'],
    frequency: row.frequency as BackupConfiguration['frequency'],
    retention: { keepLast, keepDaily, keepWeekly, keepMonthly },
  };
}

export function fromConfiguration(
  config: Partial<BackupConfiguration>,
): Partial<Omit<Rows.BackupConfiguration, 'createdById'>> & { createdById?: string | null } {
  const { retention, ...rest } = config;
  return { ...rest, ...(retention ?? {}) };
}

export function toAuditEvent(row: Rows.AuditEvent): AuditEvent {
  return {
    ...row,
    outcome: row.outcome as AuditEvent['outcome'],
    details: parseJsonObject(row.details) ?? {},
  };
}

export function toApiToken(row: Rows.ApiToken): ApiToken {
  return row;
}

export function toSession(row: Rows.Session): Session {
  return row;
}
