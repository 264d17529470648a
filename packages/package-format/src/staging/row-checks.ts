/**
 * Row-level validation of a package's database part (SPEC §5 step 5): every
 * NDJSON line is a JSON object that, upgraded to the current schema, fits its
 * table (`validateRow`); rows come in strictly ascending primary-key order;
 * unique columns are unique; references point at rows of the package; storage
 * keys are safe.
 *
 * Memory is bounded by metadata: the ids of the tables others refer to (User,
 * Document), the values of unique columns, DocumentVersion storage keys (with
 * size and sha256 for FULL packages) and references not resolvable yet (a
 * table re-packed by GNU tar may come before the table it refers to). No row is
 * kept.
 */
import { isUtf8 } from 'node:buffer';
import { isDomainError, TABLE_SCHEMAS, upgradeRow, validateRow, type ExportedTable } from '@edms/domain';
import { packageError } from '../errors';
import { tableEntryPath } from '../package-layout';
import { stagingError } from './errors';
import { isSafeStorageKey } from './storage-key';

/** A DocumentVersion's file as its row describes it. */
export interface VersionFile {
  sizeBytes: number;
  sha256: string;
  /** Line of the DocumentVersion row, for messages. */
  line: number;
}

interface Reference {
  from: ExportedTable;
  column: string;
  target: 'User' | 'Document';
}

/** References the validator resolves inside the package (Prisma relations of the exported models). */
export const ROW_REFERENCES: readonly Reference[] = Object.freeze([
  { from: 'Document', column: 'ownerId', target: 'User' },
  { from: 'DocumentVersion', column: 'createdById', target: 'User' },
  { from: 'DocumentVersion', column: 'documentId', target: 'Document' },
]);

interface UniqueColumn {
  /** Column name, or a tuple label like `(documentId, version)`. */
  label: string;
  value(row: Record<string, unknown>): string;
}

/** Unique columns beyond the primary key (SPEC §2). */
export const UNIQUE_COLUMNS: Readonly<Partial<Record<ExportedTable, readonly UniqueColumn[]>>> = Object.freeze({
  User: [{ label: 'username', value: (row) => row.username as string }],
  Document: [{ label: 'number', value: (row) => row.number as string }],
  DocumentVersion: [
    { label: '(documentId, version)', value: (row) => `${row.documentId as string}\u0000${row.version as number}` },
    { label: 'storageKey', value: (row) => row.storageKey as string },
  ],
  BackupConfiguration: [{ label: 'name', value: (row) => row.name as string }],
});

export interface DatabaseChecksOptions {
  /** Migrations the rows are upgraded through before validation (older packages). */
  migrateThrough: readonly string[];
  /** Collect DocumentVersion storage keys with size and sha256 (FULL packages: matched against files/). */
  collectVersionFiles: boolean;
}

function where(table: string, line: number, column?: string | null): string {
  return `${tableEntryPath(table)} line ${line}${column ? `, column ${column}` : ''}`;
}

function rowInvalid(table: string, line: number, reason: string, extra: Record<string, unknown> = {}) {
  return packageError('PACKAGE_ROW_INVALID', `${where(table, line)}: ${reason}`, { table, line, column: null, reason, ...extra });
}

/** The checks of one package's database part; one TableChecks per table entry. */
export class DatabaseChecks {
  /** DocumentVersion storage key → its file as the row describes it (when collectVersionFiles). */
  readonly versionFiles = new Map<string, VersionFile>();
  private readonly completed = new Set<ExportedTable>();
  private readonly ids: Record<'User' | 'Document', Set<string>> = { User: new Set(), Document: new Set() };
  /** Per reference: referenced id → first line, while the target table has not been read. */
  private readonly pending: Array<Map<string, number>> = ROW_REFERENCES.map(() => new Map());

  constructor(readonly options: DatabaseChecksOptions) {}

  isComplete(table: ExportedTable): boolean {
    return this.completed.has(table);
  }

  table(table: ExportedTable): TableChecks {
    return new TableChecks(this, table);
  }

  /** @internal */
  recordId(table: ExportedTable, id: string): void {
    if (table === 'User' || table === 'Document') this.ids[table].add(id);
  }

  /** @internal */
  checkReferences(table: ExportedTable, row: Record<string, unknown>, line: number): void {
    ROW_REFERENCES.forEach((reference, index) => {
      if (reference.from !== table) return;
      const value = row[reference.column] as string;
      if (this.completed.has(reference.target)) {
        if (!this.ids[reference.target].has(value)) throw dangling(reference, value, line);
      } else {
        const pending = this.pending[index] as Map<string, number>;
        if (!pending.has(value)) pending.set(value, line);
      }
    });
  }

  /** @internal */
  complete(table: ExportedTable): void {
    this.completed.add(table);
    ROW_REFERENCES.forEach((reference, index) => {
      if (reference.target !== table) return;
      const pending = this.pending[index] as Map<string, number>;
      for (const [value, line] of pending) {
        if (!this.ids[reference.target].has(value)) throw dangling(reference, value, line);
      }
      pending.clear();
    });
  }
}

function dangling(reference: Reference, value: string, line: number) {
  return stagingError(
    'PACKAGE_ROW_DANGLING_REFERENCE',
    `${where(reference.from, line, reference.column)}: ${reference.target} ${value} is not in the package`,
    { table: reference.from, line, column: reference.column, value, target: reference.target },
  );
}

/** The checks of one table: feed it every line in order, then call end(). */
export class TableChecks {
  rows = 0;
  private lastKey: string | number | undefined;
  private readonly primaryKey: string;
  private readonly unique: ReadonlyArray<UniqueColumn & { seen: Set<string> }>;

  constructor(
    private readonly database: DatabaseChecks,
    readonly table: ExportedTable,
  ) {
    this.primaryKey = TABLE_SCHEMAS[table].primaryKey;
    this.unique = (UNIQUE_COLUMNS[table] ?? [])
      .filter((column) => !(table === 'DocumentVersion' && column.label === 'storageKey' && database.options.collectVersionFiles))
      .map((column) => ({ ...column, seen: new Set<string>() }));
  }

  /**
   * Parses, upgrades and validates one NDJSON line (1-based `line`); returns
   * the row as it is to be staged. Throws a coded DomainError.
   */
  acceptLine(bytes: Buffer, line: number): Record<string, unknown> {
    const table = this.table;
    this.rows++;
    if (!isUtf8(bytes)) throw rowInvalid(table, line, 'not valid UTF-8');
    const text = bytes.toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw text.trim() === '' ? rowInvalid(table, line, 'blank line') : rowInvalid(table, line, 'not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw rowInvalid(table, line, 'not a JSON object');
    let row = parsed as Record<string, unknown>;
    const migrations = this.database.options.migrateThrough;
    if (migrations.length > 0) {
      try {
        row = upgradeRow(table, row, migrations);
      } catch (error) {
        if (isDomainError(error)) throw error;
        throw rowInvalid(table, line, `cannot be upgraded: ${(error as Error).message}`);
      }
    }
    validateRow(table, row, { table, line });
    this.checkOrder(row, line);
    for (const column of this.unique) {
      const value = column.value(row);
      if (column.seen.has(value)) {
        throw stagingError('PACKAGE_ROW_DUPLICATE_KEY', `${where(table, line, column.label)}: the value is already used by an earlier row`, {
          table,
          line,
          column: column.label,
        });
      }
      column.seen.add(value);
    }
    this.database.recordId(table, row[this.primaryKey] as string);
    this.database.checkReferences(table, row, line);
    if (table === 'DocumentVersion') this.checkVersion(row, line);
    return row;
  }

  private checkOrder(row: Record<string, unknown>, line: number): void {
    const key = row[this.primaryKey] as string | number;
    const last = this.lastKey;
    this.lastKey = key;
    if (last === undefined || key > last) return;
    const table = this.table;
    if (key === last) {
      throw stagingError('PACKAGE_ROW_DUPLICATE_KEY', `${where(table, line, this.primaryKey)}: primary key ${String(key)} repeats`, {
        table,
        line,
        column: this.primaryKey,
        value: key,
      });
    }
    throw stagingError(
      'PACKAGE_ROW_ORDER',
      `${where(table, line, this.primaryKey)}: primary key ${String(key)} follows ${String(last)}; rows must be in ascending primary-key order`,
      { table, line, column: this.primaryKey, value: key, previous: last },
    );
  }

  private checkVersion(row: Record<string, unknown>, line: number): void {
    const storageKey = row.storageKey as string;
    if (!isSafeStorageKey(storageKey)) {
      throw packageError('PACKAGE_UNSAFE_PATH', `${where(this.table, line, 'storageKey')}: ${JSON.stringify(storageKey)} is not a safe storage key`, {
        table: this.table,
        line,
        column: 'storageKey',
        storageKey,
        reason: 'unsafe storage key',
      });
    }
    if (!this.database.options.collectVersionFiles) return;
    if (this.database.versionFiles.has(storageKey)) {
      throw stagingError('PACKAGE_ROW_DUPLICATE_KEY', `${where(this.table, line, 'storageKey')}: the value is already used by an earlier row`, {
        table: this.table,
        line,
        column: 'storageKey',
      });
    }
    this.database.versionFiles.set(storageKey, { sizeBytes: row.sizeBytes as number, sha256: row.sha256 as string, line });
  }

  /** The table has been read completely: resolves references that waited for it. */
  end(): void {
    this.database.complete(this.table);
  }
}
