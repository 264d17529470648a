/**
 * An expected failure with a stable, machine-readable `code`.
 *
 * Codes are part of the public contract: front doors map them once (HTTP status,
 * CLI exit code, web message) and scripts match on them, so never rename one.
 * Domain errors never carry transport details such as HTTP statuses.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.details = options.details;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** Narrows an error to a DomainError with one of the given codes. */
export function hasErrorCode(error: unknown, ...codes: string[]): error is DomainError {
  return isDomainError(error) && codes.includes(error.code);
}
