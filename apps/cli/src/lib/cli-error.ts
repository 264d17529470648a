import { isDomainError } from '@edms/domain';
import { describeErrorCode, EXIT, type ExitCode } from '../error-codes';

/**
 * An expected failure that belongs to the command line itself (a missing
 * input file, a refused confirmation), with a stable code like a DomainError.
 */
export class CliError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.code = code;
    this.details = options.details;
  }
}

/** What the CLI reports for any error, whatever threw it. */
export interface ReportedError {
  code: string;
  message: string;
  details: Record<string, unknown> | undefined;
  exit: ExitCode | number;
  hint: string | undefined;
  /** False for bugs and unexpected failures: those show a stack trace with DEBUG. */
  isExpected: boolean;
}

interface OclifError extends Error {
  oclif: { exit?: number };
  code?: unknown;
}

function isOclifError(error: unknown): error is OclifError {
  return error instanceof Error && typeof (error as Partial<OclifError>).oclif === 'object';
}

function isCodedError(error: unknown): error is Error & { code: string; details?: Record<string, unknown> } {
  return (
    isDomainError(error) ||
    error instanceof CliError ||
    // Structural, so a DomainError from a second copy of @edms/domain is still recognised.
    (error instanceof Error && error.name === 'DomainError' && typeof (error as { code?: unknown }).code === 'string')
  );
}

// better-sqlite3 waits busy_timeout ms for a lock, then gives up with one of these.
const BUSY = /SQLITE_BUSY|database is locked/i;

export function describeError(error: unknown): ReportedError {
  if (isCodedError(error)) {
    const entry = describeErrorCode(error.code);
    return { code: error.code, message: error.message, details: error.details, exit: entry.exit, hint: entry.hint, isExpected: true };
  }
  if (isOclifError(error)) {
    // Parse errors (unknown flag, missing argument, bad integer) and this.error(): oclif's exit code, 2 by default.
    return {
      code: typeof error.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(error.code) ? error.code : 'USAGE_ERROR',
      message: error.message,
      details: undefined,
      exit: error.oclif.exit ?? EXIT.INVALID,
      hint: undefined,
      isExpected: true,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (BUSY.test(message)) {
    const entry = describeErrorCode('DATABASE_BUSY');
    return { code: 'DATABASE_BUSY', message, details: undefined, exit: entry.exit, hint: entry.hint, isExpected: true };
  }
  return { code: 'UNEXPECTED', message: message || 'unexpected error', details: undefined, exit: EXIT.UNEXPECTED, hint: undefined, isExpected: false };
}
