import { Errors } from '@oclif/core';
import { DomainError } from '@edms/domain';
import { CliError, describeError } from './lib/cli-error';
import { describeErrorCode, ERROR_CODES, EXIT } from './error-codes';

describe('describeErrorCode', () => {
  it('maps listed codes through the table', () => {
    expect(describeErrorCode('CONFIG_NOT_FOUND').exit).toBe(EXIT.NOT_FOUND);
    expect(describeErrorCode('USER_EXISTS').exit).toBe(EXIT.CONFLICT);
    expect(describeErrorCode('FORBIDDEN').exit).toBe(EXIT.FORBIDDEN);
    expect(describeErrorCode('AUDIT_CHAIN_BROKEN').exit).toBe(EXIT.INTEGRITY);
    expect(describeErrorCode('DATABASE_BUSY').exit).toBe(EXIT.BUSY);
  });

  it('gives codes that are not listed an exit code from their suffix', () => {
    expect(describeErrorCode('BACKUP_JOB_NOT_FOUND').exit).toBe(EXIT.NOT_FOUND);
    expect(describeErrorCode('PACKAGE_CHECKSUM_MISMATCH').exit).toBe(EXIT.INTEGRITY);
    expect(describeErrorCode('MAINTENANCE_BUSY').exit).toBe(EXIT.BUSY);
    expect(describeErrorCode('MANIFEST_INVALID').exit).toBe(EXIT.INVALID);
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
