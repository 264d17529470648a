import {
  AUDIT_OUTCOMES,
  BACKUP_TYPES,
  DOCUMENT_STATUSES,
  FREQUENCIES,
  USER_ROLES,
} from '../model/entities';
import { DomainError } from '../shared/domain-error';
import type { ExportedTable } from './manifest';

/*
 * The shape of every row a package may carry (SPEC §3: every column, dates as
 * ISO-8601). Restore validates each row against these before anything changes,
 * so a hostile package cannot smuggle in unknown columns, prototype keys,
 * wrong types or values the domain would never write.
 */

type ColumnType =
  | { kind: 'uuid' }
  | { kind: 'text'; max: number; pattern?: RegExp }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'float'; min: number; max: number }
  | { kind: 'bool' }
  | { kind: 'date' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'json'; max: number };

interface Column {
  type: ColumnType;
  nullable?: boolean;
}

const uuid: Column = { type: { kind: 'uuid' } };
const text = (max: number, pattern?: RegExp): Column => ({ type: { kind: 'text', max, pattern } });
const int = (min: number, max: number): Column => ({ type: { kind: 'int', min, max } });
const bool: Column = { type: { kind: 'bool' } };
const date: Column = { type: { kind: 'date' } };
const oneOf = (values: readonly string[]): Column => ({ type: { kind: 'enum', values } });
const nullable = (column: Column): Column => ({ ...column, nullable: true });

const SHA256 = /^[0-9a-f]{64}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export const TABLE_SCHEMAS: Record<ExportedTable, { primaryKey: string; columns: Record<string, Column> }> = {
  User: {
    primaryKey: 'id',
    columns: {
      id: uuid,
      username: text(63),
      email: text(254),
      displayName: text(200),
      role: oneOf(USER_ROLES),
      passwordHash: text(512),
      isActive: bool,
      createdAt: date,
    },
  },
  Document: {
    primaryKey: 'id',
    columns: {
      id: uuid,
      number: text(32),
      title: text(300),
      status: oneOf(DOCUMENT_STATUSES),
      ownerId: uuid,
      createdAt: date,
      updatedAt: date,
    },
  },
  DocumentVersion: {
    primaryKey: 'id',
    columns: {
      id: uuid,
      documentId: uuid,
      version: int(1, 1_000_000),
      fileName: text(1024),
      storageKey: text(1024),
      sizeBytes: int(0, Number.MAX_SAFE_INTEGER),
      sha256: text(64, SHA256),
      mimeType: text(255),
      createdById: uuid,
      createdAt: date,
      note: nullable(text(10_000)),
    },
  },
  BackupConfiguration: {
    primaryKey: 'id',
    columns: {
      id: uuid,
      name: text(63),
      description: { type: { kind: 'text', max: 500 } },
      backupType: oneOf(BACKUP_TYPES),
      frequency: oneOf(FREQUENCIES),
      scheduleTime: text(5, HHMM),
      dayOfWeek: nullable(int(0, 6)),
      dayOfMonth: nullable(int(1, 28)),
      storagePath: text(4096),
      keepLast: int(0, 10_000),
      keepDaily: int(0, 10_000),
      keepWeekly: int(0, 10_000),
      keepMonthly: int(0, 10_000),
      compressionLevel: int(0, 9),
      encrypt: bool,
      isEnabled: bool,
      isTemporary: bool,
      createdById: nullable(uuid),
      createdAt: date,
      updatedAt: date,
    },
  },
  AuditEvent: {
    primaryKey: 'sequence',
    columns: {
      sequence: int(1, Number.MAX_SAFE_INTEGER),
      at: date,
      actor: text(512),
      action: text(128),
      targetType: text(128),
      targetId: nullable(text(512)),
      outcome: oneOf(AUDIT_OUTCOMES),
      details: { type: { kind: 'json', max: 1_000_000 } },
      prevHash: text(64, SHA256),
      hash: text(64, SHA256),
    },
  },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Where a row came from, for error messages. */
export interface RowPosition {
  table: string;
  line: number;
}

function rowError(position: RowPosition, column: string | null, message: string): DomainError {
  return new DomainError(
    'PACKAGE_ROW_INVALID',
    `database/${position.table}.ndjson line ${position.line}${column ? `, column ${column}` : ''}: ${message}`,
    { details: { table: position.table, line: position.line, column } },
  );
}

function checkValue(column: Column, value: unknown, position: RowPosition, name: string): void {
  if (value === null) {
    if (column.nullable) return;
    throw rowError(position, name, 'must not be null');
  }
  const t = column.type;
  switch (t.kind) {
    case 'uuid':
      if (typeof value !== 'string' || !UUID.test(value)) throw rowError(position, name, 'must be a uuid');
      return;
    case 'text':
      if (typeof value !== 'string') throw rowError(position, name, 'must be a string');
      if (value.length > t.max) throw rowError(position, name, `must be at most ${t.max} characters`);
      if (value.includes('\0')) throw rowError(position, name, 'must not contain NUL');
      if (t.pattern && !t.pattern.test(value)) throw rowError(position, name, 'has an invalid format');
      return;
    case 'int':
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < t.min || value > t.max) {
        throw rowError(position, name, `must be an integer from ${t.min} to ${t.max}`);
      }
      return;
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < t.min || value > t.max) {
        throw rowError(position, name, `must be a number from ${t.min} to ${t.max}`);
      }
      return;
    case 'bool':
      if (typeof value !== 'boolean') throw rowError(position, name, 'must be true or false');
      return;
    case 'date':
      if (typeof value !== 'string' || !ISO.test(value) || Number.isNaN(Date.parse(value))) {
        throw rowError(position, name, 'must be an ISO-8601 UTC timestamp');
      }
      return;
    case 'enum':
      if (typeof value !== 'string' || !t.values.includes(value)) {
        throw rowError(position, name, `must be one of ${t.values.join(', ')}`);
      }
      return;
    case 'json':
      if (typeof value !== 'string' || value.length > t.max) throw rowError(position, name, 'must be a JSON text');
      try {
        const parsed: unknown = JSON.parse(value);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      } catch {
        throw rowError(position, name, 'must hold a JSON object');
      }
      return;
  }
}

/**
 * Checks one parsed NDJSON line against its table: a plain object with exactly
 * the table's columns, each of the right type. Throws `PACKAGE_ROW_INVALID`
 * naming the table, line and column.
 */
export function validateRow(table: ExportedTable, row: unknown, position: RowPosition): Record<string, unknown> {
  const schema = TABLE_SCHEMAS[table];
  if (row === null || typeof row !== 'object' || Array.isArray(row)) throw rowError(position, null, 'must be a JSON object');
  const record = row as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (FORBIDDEN_KEYS.has(key)) throw rowError(position, key, 'is a forbidden key');
    if (!(key in schema.columns)) throw rowError(position, key, 'is not a column of this table');
  }
  for (const [name, column] of Object.entries(schema.columns)) {
    if (!Object.prototype.hasOwnProperty.call(record, name)) throw rowError(position, name, 'is missing');
    checkValue(column, record[name], position, name);
  }
  return record;
}

export function isExportedTable(name: string): name is ExportedTable {
  return Object.prototype.hasOwnProperty.call(TABLE_SCHEMAS, name);
}
