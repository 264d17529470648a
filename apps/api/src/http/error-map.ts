/**
 * The API's one table from error `code` to HTTP status.
 *
 * Domain errors never carry statuses (STYLE.md); this file is the only place
 * that decides them. A code is looked up in `EXPLICIT_STATUS` first, then the
 * ordered `STATUS_RULES` (first match wins), and anything left falls back to
 * 500 — fail closed: an unmapped code hides its message and is logged, so a
 * missing entry is noticed instead of leaking internals.
 */

/** Codes produced by the API itself (not by the domain). */
export const API_ERROR_CODES = {
  validationFailed: 'VALIDATION_FAILED',
  bodyInvalidJson: 'BODY_INVALID_JSON',
  payloadTooLarge: 'PAYLOAD_TOO_LARGE',
  unsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  authRequired: 'AUTH_REQUIRED',
  authSchemeUnsupported: 'AUTH_SCHEME_UNSUPPORTED',
  csrfFailed: 'CSRF_FAILED',
  routeNotFound: 'ROUTE_NOT_FOUND',
  methodNotAllowed: 'METHOD_NOT_ALLOWED',
  badRequest: 'BAD_REQUEST',
  internalError: 'INTERNAL_ERROR',
  loginRateLimited: 'LOGIN_RATE_LIMITED',
  uploadTooLarge: 'UPLOAD_TOO_LARGE',
  uploadAborted: 'UPLOAD_ABORTED',
  shuttingDown: 'SHUTTING_DOWN',
} as const;

/** Known codes with their status, listed so the table is readable and reviewable. */
export const EXPLICIT_STATUS: Readonly<Record<string, number>> = {
  // Request shape (API)
  VALIDATION_FAILED: 400,
  BODY_INVALID_JSON: 400,
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INTERNAL_ERROR: 500,
  // A streamed upload crossed EDMS_MAX_UPLOAD_BYTES; the partial file is removed.
  UPLOAD_TOO_LARGE: 413,
  // The client cut the upload off before its end.
  UPLOAD_ABORTED: 400,
  // Too many failed logins for this address and username; Retry-After says when to try again.
  LOGIN_RATE_LIMITED: 429,
  // The API process is stopping and starts no new background work.
  SHUTTING_DOWN: 503,

  // Authentication and authorization
  AUTH_REQUIRED: 401,
  AUTH_SCHEME_UNSUPPORTED: 401,
  AUTH_INVALID_TOKEN: 401,
  AUTH_INVALID_CREDENTIALS: 401,
  AUTH_SESSION_EXPIRED: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,

  // Domain: not found
  CONFIG_NOT_FOUND: 404,
  DOCUMENT_NOT_FOUND: 404,
  DOCUMENT_VERSION_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  TOKEN_NOT_FOUND: 404,

  // Domain: conflicts with the current state
  BUSY: 409,
  CONFIG_EXISTS: 409,
  CONFIG_IN_USE: 409,
  CONFIG_PROTECTED: 409,
  DOCUMENT_EXISTS: 409,
  USER_EXISTS: 409,
  TOKEN_ALREADY_REVOKED: 409,
  // Two writers raced for the next audit sequence number; retrying succeeds.
  AUDIT_APPEND_CONFLICT: 409,
  BACKUP_ACTIVE: 409,
  BACKUP_REFERENCED: 409,
  BACKUP_SLOT_TAKEN: 409,
  // The package (by its manifest id) is already in the catalog.
  BACKUP_PACKAGE_KNOWN: 409,
  // A pruned backup has no package file left; not a server fault.
  BACKUP_FILE_MISSING: 409,
  // A document changed while it was being packed; running the backup again succeeds.
  BACKUP_SOURCE_FILE_CHANGED: 409,
  // An encrypting configuration on a server without EDMS_BACKUP_PASSPHRASE:
  // the message says what to set, so it is not hidden behind a 500.
  BACKUP_PASSPHRASE_REQUIRED: 409,
  // Another process declared the job dead (stale heartbeat) before it finished.
  BACKUP_WORKER_LOST: 409,
  // The catalog job has no completed package (pending, failed or pruned).
  RESTORE_SOURCE_UNAVAILABLE: 409,
  RESTORE_NOT_AWAITING_CONFIRMATION: 409,
  RESTORE_NOT_CANCELLABLE: 409,
  // The staged package of a prepared restore is gone; prepare it again.
  RESTORE_STAGING_GONE: 409,
  // The plan hash sent is not the plan's, or the system changed since: review the new plan.
  RESTORE_PLAN_CHANGED: 409,
  // The plan has warnings (newer data, another instance, low disk): confirm with force.
  RESTORE_WARNINGS_NEED_FORCE: 409,
  // The restore is being rolled back; its files cannot be swapped in again.
  RESTORE_ROLLED_BACK: 409,
  RESET_PLAN_CHANGED: 409,

  // Domain: invalid input
  CONFIG_INVALID: 400,
  CONFIG_INVALID_RETENTION: 400,
  CONFIG_INVALID_SCHEDULE: 400,
  DOCUMENT_INVALID: 400,
  USER_INVALID: 400,
  USER_PASSWORD_TOO_SHORT: 400,
  TOKEN_INVALID: 400,
  DEMO_INVALID: 400,
  STORAGE_KEY_INVALID: 400,

  BACKUP_INVALID_INPUT: 400,
  // Well-formed, but the package does not hold what the restore asks for.
  RESTORE_TYPE_NOT_IN_PACKAGE: 422,
  // An empty upload or package file is not a package.
  RESTORE_SOURCE_EMPTY: 422,
  // The upload was cut off by the client.
  PACKAGE_ABORTED: 400,

  // Domain: the server's own state or environment is at fault. The code is
  // returned, the message is not (5xx); `edms system check` explains most.
  DOCUMENT_FILE_MISSING: 500,
  STORAGE_OBJECT_MISSING: 500,
  // A package location in the catalog that names no valid bucket or key.
  STORAGE_LOCATION_INVALID: 500,
  ENV_INVALID: 500,
  BACKUP_SOURCE_FILE_MISSING: 500,
  BACKUP_DESTINATION_UNWRITABLE: 500,
  BACKUP_DATABASE_EXPORT_FAILED: 500,
  BACKUP_FAILED: 500,
  // An I/O failure reading a package the server holds, not a fault of the package.
  PACKAGE_READ_FAILED: 500,
  // Restore and reset failures of the server's own machinery; the job row
  // carries the reason, the response hides it.
  RESTORE_SAFETY_BACKUP_FAILED: 500,
  RESTORE_VERIFY_FAILED: 500,
  RESTORE_STAGING_FAILED: 500,
  // A staging directory that was tampered with is the server's problem, not the caller's input.
  RESTORE_STAGING_INVALID: 500,
  RESTORE_JOURNAL_CORRUPT: 500,
  // A staged entry or a live directory is a link or not a regular file.
  RESTORE_UNSAFE_PATH: 500,
  RESET_SAFETY_BACKUP_FAILED: 500,
  // The process is shutting down.
  BACKUP_ABORTED: 503,
  // The object store (s3:// package storage) cannot be reached or refused the request; retry later.
  STORAGE_UNAVAILABLE: 503,
  BACKUP_NO_SPACE: 507,
  RESTORE_INSUFFICIENT_SPACE: 507,
  RESTORE_STAGING_NO_SPACE: 507,
};

export interface StatusRule {
  /** Shown in docs/api.md. */
  pattern: string;
  status: number;
  matches(code: string): boolean;
}

const suffix = (s: string): StatusRule['matches'] => (code) => code.endsWith(s);
const prefix = (p: string): StatusRule['matches'] => (code) => code.startsWith(p);

/**
 * Rules for codes without an explicit entry, in order. `_NOT_FOUND` comes before
 * the package prefixes so that e.g. `PACKAGE_NOT_FOUND` is a 404, not a 422.
 */
export const STATUS_RULES: readonly StatusRule[] = [
  { pattern: '*_NOT_FOUND', status: 404, matches: suffix('_NOT_FOUND') },
  { pattern: 'AUTH_*', status: 401, matches: prefix('AUTH_') },
  { pattern: 'PACKAGE_* / MANIFEST_* / ENCRYPTION_*', status: 422, matches: (c) => ['PACKAGE_', 'MANIFEST_', 'ENCRYPTION_'].some((p) => c.startsWith(p)) },
  { pattern: '*_TOO_LARGE', status: 413, matches: suffix('_TOO_LARGE') },
  {
    pattern: '*_EXISTS / *_IN_USE / *_CONFLICT / *_BUSY / *_LOCKED / *_PROTECTED / *_TAKEN / *_REFERENCED / *_ALREADY_*',
    status: 409,
    matches: (c) =>
      ['_EXISTS', '_IN_USE', '_CONFLICT', '_BUSY', '_LOCKED', '_PROTECTED', '_TAKEN', '_REFERENCED'].some((s) => c.endsWith(s)) ||
      c.includes('_ALREADY_'),
  },
  {
    pattern: '*_INVALID / *_INVALID_* / *_TOO_SHORT / *_TOO_LONG / *_REQUIRED',
    status: 400,
    matches: (c) => ['_INVALID', '_TOO_SHORT', '_TOO_LONG', '_REQUIRED'].some((s) => c.endsWith(s)) || c.includes('_INVALID_'),
  },
  // Restore and reset failures on the server side (safety snapshot, staging, verification, journal).
  {
    pattern: 'RESTORE_* / RESET_* ending _FAILED, _NO_SPACE, _CORRUPT, _ROLLED_BACK, _INSUFFICIENT_SPACE, _UNSAFE_PATH',
    status: 500,
    matches: (c) =>
      (c.startsWith('RESTORE_') || c.startsWith('RESET_')) &&
      ['_FAILED', '_NO_SPACE', '_CORRUPT', '_ROLLED_BACK', '_INSUFFICIENT_SPACE', '_UNSAFE_PATH'].some((s) => c.endsWith(s)),
  },
  // Other restore and reset refusals conflict with the current state of the system or of the restore.
  { pattern: 'RESTORE_* / RESET_* (other)', status: 409, matches: (c) => c.startsWith('RESTORE_') || c.startsWith('RESET_') },
];

export const FALLBACK_STATUS = 500;

export interface StatusResolution {
  status: number;
  /** How the status was found; `fallback` means the code is missing from this table. */
  source: 'explicit' | 'rule' | 'fallback';
}

export function resolveStatus(code: string): StatusResolution {
  const explicit = EXPLICIT_STATUS[code];
  if (explicit !== undefined) return { status: explicit, source: 'explicit' };
  const rule = STATUS_RULES.find((r) => r.matches(code));
  if (rule) return { status: rule.status, source: 'rule' };
  return { status: FALLBACK_STATUS, source: 'fallback' };
}

export function statusForCode(code: string): number {
  return resolveStatus(code).status;
}
