import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Errors } from '@oclif/core';
import { DomainError } from '@edms/domain';
import { CliError, describeError } from './lib/cli-error';
import { describeErrorCode, ERROR_CODES, EXIT, exitCodeByRule, exitCodeFor } from './error-codes';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * The exit code of every code the CLI can report, as it was when the table
 * lost its entries that only repeated a rule: the codes listed in ERROR_CODES,
 * the codes the packages and the CLI throw (see collectErrorCodes), and
 * UNEXPECTED, USAGE_ERROR, DATABASE_BUSY (describeError) and
 * PACKAGE_SCHEMA_UNKNOWN (thrown through a ternary the scan does not see).
 *
 * Exit codes are a public contract (docs/cli.md): a change to this map is a
 * breaking change. A new code gets a line here with the exit code it should
 * have, deliberately.
 */
const PINNED_EXIT: Readonly<Record<string, number>> = {
  AUDIT_APPEND_CONFLICT: 7,
  AUDIT_CHAIN_BROKEN: 6,
  AUTH_INVALID_CREDENTIALS: 5,
  AUTH_INVALID_TOKEN: 5,
  AUTH_SESSION_EXPIRED: 5,
  BACKUP_ABORTED: 1,
  BACKUP_ACTIVE: 4,
  BACKUP_ALREADY_ACTIVE: 4,
  BACKUP_DATABASE_EXPORT_FAILED: 1,
  BACKUP_DESTINATION_UNWRITABLE: 1,
  BACKUP_FAILED: 1,
  BACKUP_FILE_MISSING: 3,
  BACKUP_INVALID_INPUT: 1,
  BACKUP_NOT_FOUND: 3,
  BACKUP_NO_SPACE: 1,
  BACKUP_PACKAGE_KNOWN: 1,
  BACKUP_PASSPHRASE_REQUIRED: 2,
  BACKUP_REFERENCED: 4,
  BACKUP_SLOT_TAKEN: 4,
  BACKUP_SOURCE_FILE_CHANGED: 6,
  BACKUP_SOURCE_FILE_MISSING: 6,
  BACKUP_WORKER_LOST: 1,
  BUSY: 7,
  CONFIG_EXISTS: 4,
  CONFIG_INVALID: 2,
  CONFIG_INVALID_RETENTION: 2,
  CONFIG_INVALID_SCHEDULE: 2,
  CONFIG_IN_USE: 4,
  CONFIG_NOT_FOUND: 3,
  CONFIG_PROTECTED: 4,
  CONFIRMATION_DECLINED: 2,
  CONFIRMATION_REQUIRED: 2,
  DATABASE_BUSY: 7,
  DEMO_INVALID: 2,
  DOCUMENT_CHECKSUM_MISMATCH: 6,
  DOCUMENT_EXISTS: 4,
  DOCUMENT_FILE_MISSING: 6,
  DOCUMENT_INVALID: 2,
  DOCUMENT_NOT_FOUND: 3,
  DOCUMENT_VERSION_EXISTS: 4,
  DOCUMENT_VERSION_NOT_FOUND: 3,
  ENCRYPTION_HEADER_INVALID: 2,
  ENCRYPTION_NOT_ENCRYPTED: 6,
  ENCRYPTION_SEGMENT_AUTH_FAILED: 6,
  ENCRYPTION_TRAILING_DATA: 6,
  ENCRYPTION_TRUNCATED: 6,
  ENCRYPTION_UNSUPPORTED_VERSION: 6,
  ENCRYPTION_WRONG_PASSPHRASE: 2,
  ENV_INVALID: 2,
  FORBIDDEN: 5,
  INPUT_FILE_NOT_FOUND: 3,
  MANIFEST_INVALID: 2,
  OUTPUT_CLOSED: 1,
  OUTPUT_EXISTS: 4,
  PACKAGE_ABORTED: 6,
  PACKAGE_CHECKSUM_MISMATCH: 6,
  PACKAGE_CORRUPT: 6,
  PACKAGE_DUPLICATE_ENTRY: 6,
  PACKAGE_ENCRYPTION_UNAVAILABLE: 6,
  PACKAGE_ENTRY_MISSING: 6,
  PACKAGE_ENTRY_UNEXPECTED: 6,
  PACKAGE_FILE_MISMATCH: 6,
  PACKAGE_FORMAT_UNSUPPORTED: 6,
  PACKAGE_LIMIT_EXCEEDED: 6,
  PACKAGE_MANIFEST_MISMATCH: 6,
  PACKAGE_MANIFEST_MISSING: 6,
  PACKAGE_PASSPHRASE_REQUIRED: 6,
  PACKAGE_READ_FAILED: 6,
  PACKAGE_ROW_DANGLING_REFERENCE: 6,
  PACKAGE_ROW_DUPLICATE_KEY: 6,
  PACKAGE_ROW_INVALID: 2,
  PACKAGE_ROW_ORDER: 6,
  PACKAGE_SCHEMA_NEWER: 2,
  PACKAGE_SCHEMA_UNKNOWN: 6,
  PACKAGE_TABLE_UNKNOWN: 6,
  PACKAGE_TRAILING_DATA: 6,
  PACKAGE_TRUNCATED: 6,
  PACKAGE_TYPE_MISMATCH: 6,
  PACKAGE_UNSAFE_ENTRY: 6,
  PACKAGE_UNSAFE_PATH: 6,
  PASSPHRASE_REQUIRED: 2,
  PASSWORD_REQUIRED: 2,
  RESET_PLAN_CHANGED: 4,
  RESET_SAFETY_BACKUP_FAILED: 1,
  RESTORE_FILE_CONFLICT: 1,
  RESTORE_ID_INVALID: 2,
  RESTORE_INSUFFICIENT_SPACE: 1,
  RESTORE_JOURNAL_CORRUPT: 1,
  RESTORE_NOT_AWAITING_CONFIRMATION: 4,
  RESTORE_NOT_CANCELLABLE: 4,
  RESTORE_NOT_FOUND: 3,
  RESTORE_PLAN_CHANGED: 4,
  RESTORE_ROLLED_BACK: 1,
  RESTORE_SAFETY_BACKUP_FAILED: 1,
  RESTORE_SOURCE_EMPTY: 2,
  RESTORE_SOURCE_NOT_FOUND: 3,
  RESTORE_SOURCE_TOO_LARGE: 2,
  RESTORE_SOURCE_UNAVAILABLE: 3,
  RESTORE_STAGING_EXISTS: 4,
  RESTORE_STAGING_FAILED: 1,
  RESTORE_STAGING_GONE: 4,
  RESTORE_STAGING_INVALID: 2,
  RESTORE_STAGING_NO_SPACE: 1,
  RESTORE_TYPE_NOT_IN_PACKAGE: 2,
  RESTORE_UNSAFE_PATH: 1,
  RESTORE_VERIFY_FAILED: 1,
  RESTORE_WARNINGS_NEED_FORCE: 2,
  STORAGE_KEY_INVALID: 2,
  STORAGE_LOCATION_INVALID: 2,
  STORAGE_OBJECT_MISSING: 6,
  STORAGE_UNAVAILABLE: 1,
  SYSTEM_CHECK_FAILED: 6,
  TOKEN_ALREADY_REVOKED: 4,
  TOKEN_INVALID: 2,
  TOKEN_NOT_FOUND: 3,
  UNEXPECTED: 1,
  USAGE_ERROR: 2,
  USER_EXISTS: 4,
  USER_INVALID: 2,
  USER_NOT_FOUND: 3,
  USER_PASSWORD_TOO_SHORT: 2,
  VALIDATION_FAILED: 1,
};

/** The pinned codes that come with a hint (the hints live in ERROR_CODES only). */
const CODES_WITH_HINT = [
  'AUDIT_APPEND_CONFLICT', 'AUDIT_CHAIN_BROKEN', 'BACKUP_FILE_MISSING', 'BACKUP_PASSPHRASE_REQUIRED', 'BACKUP_SOURCE_FILE_CHANGED',
  'BACKUP_SOURCE_FILE_MISSING', 'BUSY', 'CONFIG_EXISTS', 'CONFIG_INVALID', 'CONFIG_INVALID_SCHEDULE', 'DATABASE_BUSY', 'DOCUMENT_CHECKSUM_MISMATCH',
  'DOCUMENT_EXISTS', 'DOCUMENT_VERSION_EXISTS', 'DOCUMENT_VERSION_NOT_FOUND', 'ENCRYPTION_WRONG_PASSPHRASE', 'ENV_INVALID', 'PACKAGE_SCHEMA_NEWER',
  'RESTORE_PLAN_CHANGED', 'RESTORE_WARNINGS_NEED_FORCE', 'STORAGE_UNAVAILABLE', 'SYSTEM_CHECK_FAILED', 'TOKEN_NOT_FOUND', 'USAGE_ERROR',
  'USER_EXISTS', 'USER_INVALID', 'USER_NOT_FOUND',
];

const CODE = /'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g;

/**
 * Error codes in the sources under `roots` (as apps/api/src/http/error-map.test.ts
 * scans them): `new DomainError('X'`, `new CliError('X'`, helpers such as
 * `packageError('X'`, and the literals of `*_ERROR_CODES` lists and maps.
 */
function collectErrorCodes(roots: string[]): Set<string> {
  const codes = new Set<string>();
  const scan = (text: string) => {
    for (const m of text.matchAll(/\b\w*(?:Error|error)\(\s*'([A-Z][A-Z0-9_]*)'/g)) codes.add(m[1] as string);
    for (const m of text.matchAll(/_ERROR_CODES\b[^=]*=\s*([[{][\s\S]*?[\]}])/g)) {
      for (const literal of (m[1] as string).matchAll(CODE)) codes.add(literal[1] as string);
    }
  };
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (['node_modules', 'dist', 'generated', 'test-support'].includes(name)) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) scan(readFileSync(path, 'utf8'));
    }
  };
  for (const root of roots) if (statSync(root, { throwIfNoEntry: false })?.isDirectory()) walk(root);
  return codes;
}

describe('exit codes (a public contract)', () => {
  it('gives every pinned code the exit code it has always had', () => {
    const actual = Object.fromEntries(Object.keys(PINNED_EXIT).map((code) => [code, exitCodeFor(code)]));
    expect(actual).toEqual(PINNED_EXIT);
  });

  it('keeps a hint for exactly the codes that had one', () => {
    expect(Object.keys(PINNED_EXIT).filter((code) => describeErrorCode(code).hint !== undefined)).toEqual(CODES_WITH_HINT);
    expect(Object.keys(ERROR_CODES).filter((code) => ERROR_CODES[code]?.hint !== undefined).sort()).toEqual(CODES_WITH_HINT);
  });

  it('pins every code in the table and every code the packages and the CLI throw', () => {
    const packages = join(ROOT, 'packages');
    const thrown = collectErrorCodes([...readdirSync(packages).map((pkg) => join(packages, pkg, 'src')), join(ROOT, 'apps', 'cli', 'src')]);
    expect(thrown.size).toBeGreaterThan(80);
    const unpinned = [...new Set([...Object.keys(ERROR_CODES), ...thrown])].filter((code) => !(code in PINNED_EXIT)).sort();
    // A new code: add it to PINNED_EXIT with the exit code it should have (and to ERROR_CODES if the rules do not give it that).
    expect(unpinned).toEqual([]);
  });

  it('lists a code in the table only for a hint or an exit code the rules would not give it', () => {
    const redundant = Object.entries(ERROR_CODES)
      .filter(([code, entry]) => entry.hint === undefined && entry.exit === exitCodeByRule(code))
      .map(([code]) => code);
    expect(redundant).toEqual([]);
  });

  it('is documented in docs/cli.md: each example code in the row of its exit code', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');
    const rows = docs.split('\n').filter((line) => /^\| \d \|/.test(line));
    expect(rows).toHaveLength(Object.keys(EXIT).length);
    let examples = 0;
    for (const row of rows) {
      const exit = Number(row.slice(2, 3));
      for (const m of row.matchAll(/`([A-Z][A-Z0-9_]+)`/g)) {
        examples += 1;
        expect([m[1], exitCodeFor(m[1] as string)]).toEqual([m[1], exit]);
      }
    }
    expect(examples).toBeGreaterThan(20);
  });
});

describe('describeErrorCode', () => {
  it('maps listed codes through the table', () => {
    expect(describeErrorCode('CONFIG_IN_USE').exit).toBe(EXIT.CONFLICT);
    expect(describeErrorCode('USER_EXISTS')).toEqual({ exit: EXIT.CONFLICT, hint: 'List users with `edms user list`.' });
    expect(describeErrorCode('FORBIDDEN').exit).toBe(EXIT.FORBIDDEN);
    expect(describeErrorCode('AUDIT_CHAIN_BROKEN').exit).toBe(EXIT.INTEGRITY);
    expect(describeErrorCode('DATABASE_BUSY').exit).toBe(EXIT.BUSY);
  });

  it('gives codes that are not listed an exit code from their suffix', () => {
    expect(describeErrorCode('CONFIG_NOT_FOUND')).toEqual({ exit: EXIT.NOT_FOUND });
    expect(describeErrorCode('OUTPUT_EXISTS')).toEqual({ exit: EXIT.CONFLICT });
    expect(describeErrorCode('BACKUP_JOB_NOT_FOUND').exit).toBe(EXIT.NOT_FOUND);
    expect(describeErrorCode('PACKAGE_CHECKSUM_MISMATCH').exit).toBe(EXIT.INTEGRITY);
    expect(describeErrorCode('MAINTENANCE_BUSY').exit).toBe(EXIT.BUSY);
    expect(describeErrorCode('MANIFEST_INVALID').exit).toBe(EXIT.INVALID);
  });

  it('then from their prefix: an invalid package is an integrity failure', () => {
    expect(describeErrorCode('PACKAGE_CORRUPT')).toEqual({ exit: EXIT.INTEGRITY });
    expect(describeErrorCode('MANIFEST_MISSING').exit).toBe(EXIT.INTEGRITY);
    expect(describeErrorCode('ENCRYPTION_TRUNCATED').exit).toBe(EXIT.INTEGRITY);
    // Table entries win over the rules.
    expect(describeErrorCode('PACKAGE_SCHEMA_NEWER').exit).toBe(EXIT.INVALID);
    expect(exitCodeByRule('PACKAGE_SCHEMA_NEWER')).toBe(EXIT.INTEGRITY);
  });

  it('exits 1 for a code it cannot place', () => {
    expect(describeErrorCode('SOMETHING_ODD')).toEqual({ exit: EXIT.UNEXPECTED });
  });

  it('uses only the documented exit codes 0–7', () => {
    for (const entry of Object.values(ERROR_CODES)) expect(Object.values(EXIT)).toContain(entry.exit);
  });
});

describe('describeError', () => {
  it('reports a DomainError by its code, message and details', () => {
    const error = new DomainError('DOCUMENT_NOT_FOUND', 'no document "X"', { details: { document: 'X' } });
    expect(describeError(error)).toMatchObject({ code: 'DOCUMENT_NOT_FOUND', message: 'no document "X"', details: { document: 'X' }, exit: 3, isExpected: true });
  });

  it('reports a CliError like a DomainError', () => {
    expect(describeError(new CliError('OUTPUT_EXISTS', 'exists'))).toMatchObject({ code: 'OUTPUT_EXISTS', exit: 4 });
  });

  it("keeps oclif's exit code for parse errors and calls them USAGE_ERROR", () => {
    expect(describeError(new Errors.CLIError('Missing 1 required arg'))).toMatchObject({ code: 'USAGE_ERROR', exit: 2 });
  });

  it('reports a locked SQLite database as DATABASE_BUSY', () => {
    expect(describeError(new Error('SqliteError: database is locked'))).toMatchObject({ code: 'DATABASE_BUSY', exit: 7 });
  });

  it('reports anything else as UNEXPECTED with exit code 1, not as expected', () => {
    expect(describeError(new TypeError('x is undefined'))).toMatchObject({ code: 'UNEXPECTED', message: 'x is undefined', exit: 1, isExpected: false });
  });
});
