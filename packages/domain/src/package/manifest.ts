/**
 * Backup package manifest, format version 1 (SPEC §3).
 *
 * `manifest.json` is the first entry of every package. This module holds its
 * type and a strict, pure validator: no I/O, no clock, no randomness, so both
 * the writer (before writing) and every reader (type detection, verify,
 * restore validation) apply exactly the same rules.
 */
import { DomainError } from '../shared/domain-error';

export const PACKAGE_FORMAT = 'edms-backup' as const;
export const PACKAGE_FORMAT_VERSION = 1 as const;

/** Model tables exported into `database/<Model>.ndjson`, in export order. */
export const EXPORTED_TABLES = ['User', 'Document', 'DocumentVersion', 'BackupConfiguration', 'AuditEvent'] as const;
export type ExportedTable = (typeof EXPORTED_TABLES)[number];

export const PACKAGE_BACKUP_TYPES = ['FULL', 'DATABASE', 'FILES'] as const;
export type PackageBackupType = (typeof PACKAGE_BACKUP_TYPES)[number];

/** Prisma provider names; the package is portable between them. */
export const DATABASE_PROVIDERS = ['sqlite', 'postgresql'] as const;
export type DatabaseProvider = (typeof DATABASE_PROVIDERS)[number];

export interface PackageSource {
  instanceId: string;
  hostname: string;
  appVersion: string;
  databaseProvider: DatabaseProvider;
}

export interface PackageTableSummary {
  /** Number of NDJSON lines (one row each). */
  rows: number;
  /** Size of `database/<name>.ndjson` in bytes. */
  bytes: number;
  /** Lower-case hex sha256 of `database/<name>.ndjson`. */
  sha256: string;
}

export interface PackageFilesSummary {
  /** Number of `files/<storageKey>` entries. */
  count: number;
  /** Sum of their sizes in bytes. */
  bytes: number;
}

export interface PackageManifest {
  format: typeof PACKAGE_FORMAT;
  formatVersion: typeof PACKAGE_FORMAT_VERSION;
  /** uuid, identifies the package in every catalog. */
  packageId: string;
  /** ISO-8601 UTC timestamp, e.g. `2026-11-26T02:00:00.000Z`. */
  createdAt: string;
  backupType: PackageBackupType;
  source: PackageSource;
  /** Name of the newest applied migration. */
  schemaVersion: string;
  configuration: { name: string };
  /** Present exactly for FULL and DATABASE packages. */
  database?: { tables: Record<string, PackageTableSummary> };
  /** Present exactly for FULL and FILES packages. */
  files?: PackageFilesSummary;
}

/** Whether a package of this type holds the database part. */
export function backupTypeIncludesDatabase(type: PackageBackupType): boolean {
  return type === 'FULL' || type === 'DATABASE';
}

/** Whether a package of this type holds the files part. */
export function backupTypeIncludesFiles(type: PackageBackupType): boolean {
  return type === 'FULL' || type === 'FILES';
}

/** A table name usable as `database/<name>.ndjson`: a model identifier. */
export const TABLE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA256_PATTERN = /^[0-9a-f]{64}$/;
const ISO_UTC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_TEXT = 1024;

type Json = Record<string, unknown>;

function invalid(field: string, message: string): DomainError {
  return new DomainError('MANIFEST_INVALID', `Invalid package manifest: ${field} ${message}`, {
    details: { field },
  });
}

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rejects prototype-polluting keys anywhere in the value, before anything else reads it. */
function assertNoForbiddenKeys(value: unknown, path: string, depth = 0): void {
  if (depth > 16) throw invalid(path || 'manifest', 'is nested too deeply');
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertNoForbiddenKeys(item, `${path}[${index}]`, depth + 1));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const key of Object.keys(value)) {
    const field = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) throw invalid(field, 'is a forbidden key');
    assertNoForbiddenKeys(value[key], field, depth + 1);
  }
}

function object(value: unknown, field: string, allowed: readonly string[]): Json {
  if (!isPlainObject(value)) throw invalid(field, 'must be an object');
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw invalid(field ? `${field}.${key}` : key, 'is not a known field');
  }
  return value;
}

function text(value: unknown, field: string, max = MAX_TEXT): string {
  if (typeof value !== 'string' || value.length === 0) throw invalid(field, 'must be a non-empty string');
  if (value.length > max) throw invalid(field, `must be at most ${max} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw invalid(field, 'must not contain control characters');
  return value;
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(field, 'must be a non-negative integer');
  }
  return value;
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function isoTimestamp(value: unknown, field: string): string {
  if (typeof value !== 'string' || !ISO_UTC_PATTERN.test(value) || Number.isNaN(Date.parse(value))) {
    throw invalid(field, 'must be an ISO-8601 UTC timestamp');
  }
  return value;
}

/**
 * Validates a parsed `manifest.json` and returns a clean copy holding only the
 * known fields. Throws `PACKAGE_FORMAT_UNSUPPORTED` when the value is an object
 * that is not an edms-backup v1 manifest, `MANIFEST_INVALID` (details.field names
 * the offending field) for anything else that is wrong.
 */
export function parseManifest(json: unknown): PackageManifest {
  if (!isPlainObject(json)) throw invalid('manifest', 'must be a JSON object');
  assertNoForbiddenKeys(json, '');

  if (json.format !== PACKAGE_FORMAT) {
    throw new DomainError('PACKAGE_FORMAT_UNSUPPORTED', `Not an ${PACKAGE_FORMAT} package manifest`, {
      details: { field: 'format', format: typeof json.format === 'string' ? json.format : null },
    });
  }
  if (json.formatVersion !== PACKAGE_FORMAT_VERSION) {
    throw new DomainError(
      'PACKAGE_FORMAT_UNSUPPORTED',
      `Package format version ${String(json.formatVersion)} is not supported (this version reads ${PACKAGE_FORMAT_VERSION})`,
      {
        details: {
          field: 'formatVersion',
          formatVersion: typeof json.formatVersion === 'number' ? json.formatVersion : null,
        },
      },
    );
  }

  const root = object(json, '', [
    'format',
    'formatVersion',
    'packageId',
    'createdAt',
    'backupType',
    'source',
    'schemaVersion',
    'configuration',
    'database',
    'files',
  ]);

  const packageId = text(root.packageId, 'packageId', 36);
  if (!UUID_PATTERN.test(packageId)) throw invalid('packageId', 'must be a uuid');
  const createdAt = isoTimestamp(root.createdAt, 'createdAt');
  const backupType = oneOf(root.backupType, 'backupType', PACKAGE_BACKUP_TYPES);

  const sourceIn = object(root.source, 'source', ['instanceId', 'hostname', 'appVersion', 'databaseProvider']);
  const source: PackageSource = {
    instanceId: text(sourceIn.instanceId, 'source.instanceId'),
    hostname: text(sourceIn.hostname, 'source.hostname'),
    appVersion: text(sourceIn.appVersion, 'source.appVersion'),
    databaseProvider: oneOf(sourceIn.databaseProvider, 'source.databaseProvider', DATABASE_PROVIDERS),
  };
  const schemaVersion = text(root.schemaVersion, 'schemaVersion');
  const configurationIn = object(root.configuration, 'configuration', ['name']);
  const configuration = { name: text(configurationIn.name, 'configuration.name') };

  const manifest: PackageManifest = {
    format: PACKAGE_FORMAT,
    formatVersion: PACKAGE_FORMAT_VERSION,
    packageId,
    createdAt,
    backupType,
    source,
    schemaVersion,
    configuration,
  };

  if (backupTypeIncludesDatabase(backupType)) {
    if (root.database === undefined) throw invalid('database', `is required for a ${backupType} package`);
    const databaseIn = object(root.database, 'database', ['tables']);
    const tablesIn = databaseIn.tables;
    if (!isPlainObject(tablesIn)) throw invalid('database.tables', 'must be an object');
    const tables: Record<string, PackageTableSummary> = {};
    for (const name of Object.keys(tablesIn)) {
      const field = `database.tables.${name}`;
      if (!TABLE_NAME_PATTERN.test(name)) throw invalid(field, 'is not a valid table name');
      const tableIn = object(tablesIn[name], field, ['rows', 'bytes', 'sha256']);
      const sha256 = tableIn.sha256;
      if (typeof sha256 !== 'string' || !SHA256_PATTERN.test(sha256)) {
        throw invalid(`${field}.sha256`, 'must be a lower-case hex sha256');
      }
      tables[name] = { rows: count(tableIn.rows, `${field}.rows`), bytes: count(tableIn.bytes, `${field}.bytes`), sha256 };
    }
    manifest.database = { tables };
  } else if (root.database !== undefined) {
    throw invalid('database', `must be absent for a ${backupType} package`);
  }

  if (backupTypeIncludesFiles(backupType)) {
    if (root.files === undefined) throw invalid('files', `is required for a ${backupType} package`);
    const filesIn = object(root.files, 'files', ['count', 'bytes']);
    manifest.files = { count: count(filesIn.count, 'files.count'), bytes: count(filesIn.bytes, 'files.bytes') };
  } else if (root.files !== undefined) {
    throw invalid('files', `must be absent for a ${backupType} package`);
  }

  return manifest;
}
