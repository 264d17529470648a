/**
 * The one place where the CLI turns an error code into a process exit code
 * and, where it helps, a hint naming the next command to run.
 *
 * Exit codes are part of the CLI's public contract (scripts and cron jobs
 * branch on them) and are documented in docs/cli.md; never renumber one.
 */
export const EXIT = {
  /** The command did what was asked. */
  OK: 0,
  /** Anything unexpected: a bug, an I/O failure, an unmapped error code. */
  UNEXPECTED: 1,
  /** Invalid input or usage: bad flag or argument (oclif's parse errors also use 2), a value the domain refuses, a confirmation refused or not given. */
  INVALID: 2,
  /** What the command names does not exist (configuration, document, version, user, token, input file). */
  NOT_FOUND: 3,
  /** Conflicts with the current state: already exists, in use, protected, already revoked, output file exists. */
  CONFLICT: 4,
  /** Not allowed: the role lacks a permission, or credentials/tokens are invalid. */
  FORBIDDEN: 5,
  /** An integrity check failed: broken audit chain, missing or altered file. */
  INTEGRITY: 6,
  /** Busy: the database or a maintenance lock is held by someone else; retry later. */
  BUSY: 7,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** How the CLI presents one error code. */
export interface ErrorCodeEntry {
  exit: ExitCode;
  /** Shown after the message on a TTY or in a log; omitted when the message already says it. */
  hint?: string;
}

/**
 * Known codes. Codes that are not listed fall back to {@link SUFFIX_RULES},
 * then {@link PREFIX_RULES}, then to exit code 1.
 *
 * List a code only when it needs a hint or an exit code the rules would not
 * give it: `CONFIG_NOT_FOUND` exits 3 through `_NOT_FOUND` without an entry.
 * (error-codes.test.ts pins every known code's exit code and refuses entries
 * that only repeat a rule.)
 */
export const ERROR_CODES: Readonly<Record<string, ErrorCodeEntry>> = {
  // Usage and input (CLI)
  USAGE_ERROR: { exit: EXIT.INVALID, hint: 'See `edms <topic> <command> --help`.' },
  CONFIRMATION_REQUIRED: { exit: EXIT.INVALID },
  CONFIRMATION_DECLINED: { exit: EXIT.INVALID },
  PASSWORD_REQUIRED: { exit: EXIT.INVALID },
  /** stdout closed by its reader (e.g. `| head`) before all bytes were written. */
  OUTPUT_CLOSED: { exit: EXIT.UNEXPECTED },
  ENV_INVALID: { exit: EXIT.INVALID, hint: 'Check EDMS_DATA_DIR, DATABASE_URL and the other EDMS_* variables.' },

  // Configurations
  CONFIG_INVALID: { exit: EXIT.INVALID, hint: 'See `edms config create --help` for the accepted values.' },
  CONFIG_INVALID_SCHEDULE: { exit: EXIT.INVALID, hint: 'Times are HH:MM in UTC; --day-of-week 0–6 (0 = Sunday) or sun…sat; --day-of-month 1–28.' },
  CONFIG_INVALID_RETENTION: { exit: EXIT.INVALID },
  CONFIG_EXISTS: { exit: EXIT.CONFLICT, hint: 'Change it with `edms config update <name>` or choose another name.' },
  CONFIG_IN_USE: { exit: EXIT.CONFLICT },
  CONFIG_PROTECTED: { exit: EXIT.CONFLICT },

  // Documents
  DOCUMENT_VERSION_NOT_FOUND: { exit: EXIT.NOT_FOUND, hint: 'List the versions with `edms doc show <number>`.' },
  DOCUMENT_EXISTS: { exit: EXIT.CONFLICT, hint: 'Add a version instead with `edms doc add <file> --document <number>`.' },
  DOCUMENT_VERSION_EXISTS: { exit: EXIT.CONFLICT, hint: 'Another version was added at the same time; run the command again.' },
  DOCUMENT_FILE_MISSING: { exit: EXIT.INTEGRITY },
  DOCUMENT_CHECKSUM_MISMATCH: { exit: EXIT.INTEGRITY, hint: 'The stored bytes differ from the recorded sha256; run `edms system check`.' },
  STORAGE_OBJECT_MISSING: { exit: EXIT.INTEGRITY },

  // Users and tokens
  USER_INVALID: { exit: EXIT.INVALID, hint: 'Roles are ADMIN, OPERATOR or VIEWER.' },
  USER_PASSWORD_TOO_SHORT: { exit: EXIT.INVALID },
  USER_NOT_FOUND: { exit: EXIT.NOT_FOUND, hint: 'List users with `edms user list`.' },
  USER_EXISTS: { exit: EXIT.CONFLICT, hint: 'List users with `edms user list`.' },
  TOKEN_NOT_FOUND: { exit: EXIT.NOT_FOUND, hint: 'List tokens and their ids with `edms token list`.' },
  TOKEN_ALREADY_REVOKED: { exit: EXIT.CONFLICT },

  // Authorization
  FORBIDDEN: { exit: EXIT.FORBIDDEN },
  AUTH_INVALID_CREDENTIALS: { exit: EXIT.FORBIDDEN },
  AUTH_INVALID_TOKEN: { exit: EXIT.FORBIDDEN },
  AUTH_SESSION_EXPIRED: { exit: EXIT.FORBIDDEN },

  // Integrity
  AUDIT_CHAIN_BROKEN: { exit: EXIT.INTEGRITY, hint: 'The audit trail was altered outside the application; keep the database file as evidence and restore from a verified backup.' },

  SYSTEM_CHECK_FAILED: { exit: EXIT.INTEGRITY, hint: 'Restore damaged files with `edms restore backup --job <id> --type files`, or investigate the audit trail.' },

  // Backups
  BACKUP_ALREADY_ACTIVE: { exit: EXIT.CONFLICT },
  BACKUP_ACTIVE: { exit: EXIT.CONFLICT },
  BACKUP_SLOT_TAKEN: { exit: EXIT.CONFLICT },
  BACKUP_REFERENCED: { exit: EXIT.CONFLICT },
  BACKUP_FILE_MISSING: { exit: EXIT.NOT_FOUND, hint: 'Run `edms backup sync` to reconcile the catalog with the package files.' },
  BACKUP_SOURCE_FILE_CHANGED: { exit: EXIT.INTEGRITY, hint: 'Run `edms system check`; to back up anyway, run again with --allow-findings.' },
  BACKUP_SOURCE_FILE_MISSING: { exit: EXIT.INTEGRITY, hint: 'Run `edms system check`; to back up anyway, run again with --allow-findings.' },
  BACKUP_PASSPHRASE_REQUIRED: { exit: EXIT.INVALID, hint: 'Set EDMS_BACKUP_PASSPHRASE or pass --passphrase-file.' },
  PASSPHRASE_REQUIRED: { exit: EXIT.INVALID },
  STORAGE_UNAVAILABLE: { exit: EXIT.UNEXPECTED, hint: 'Check EDMS_S3_ENDPOINT, EDMS_S3_REGION and the S3 credentials, and that the object store is reachable.' },
  ENCRYPTION_WRONG_PASSPHRASE: { exit: EXIT.INVALID, hint: 'Check EDMS_BACKUP_PASSPHRASE or the --passphrase-file.' },

  // Restores
  RESTORE_WARNINGS_NEED_FORCE: { exit: EXIT.INVALID, hint: 'Read the warnings in the plan; run again with --force to proceed past them.' },
  RESTORE_TYPE_NOT_IN_PACKAGE: { exit: EXIT.INVALID },
  RESTORE_SOURCE_EMPTY: { exit: EXIT.INVALID },
  RESTORE_SOURCE_TOO_LARGE: { exit: EXIT.INVALID },
  RESTORE_SOURCE_UNAVAILABLE: { exit: EXIT.NOT_FOUND },
  RESTORE_PLAN_CHANGED: { exit: EXIT.CONFLICT, hint: 'Run the restore again to see the current plan.' },
  RESTORE_NOT_AWAITING_CONFIRMATION: { exit: EXIT.CONFLICT },
  RESTORE_NOT_CANCELLABLE: { exit: EXIT.CONFLICT },
  RESTORE_STAGING_GONE: { exit: EXIT.CONFLICT },
  PACKAGE_SCHEMA_NEWER: { exit: EXIT.INVALID, hint: 'Upgrade this installation to the version that made the package, then restore.' },
  RESET_PLAN_CHANGED: { exit: EXIT.CONFLICT },
  BUSY: { exit: EXIT.BUSY, hint: 'Another restore, reset or maintenance operation is running; try again when it has finished.' },

  // Busy
  AUDIT_APPEND_CONFLICT: { exit: EXIT.BUSY, hint: 'Another process kept writing; run the command again.' },
  DATABASE_BUSY: { exit: EXIT.BUSY, hint: 'Another process holds the database; run the command again in a moment.' },
};

/**
 * Families of codes that later features add (`BACKUP_NOT_FOUND`,
 * `PACKAGE_CHECKSUM_MISMATCH`, `MAINTENANCE_BUSY`…) get a sensible exit code
 * before anyone lists them above. Checked in order, after the table.
 */
export const SUFFIX_RULES: ReadonlyArray<{ suffix: string; exit: ExitCode }> = [
  { suffix: '_NOT_FOUND', exit: EXIT.NOT_FOUND },
  { suffix: '_EXISTS', exit: EXIT.CONFLICT },
  { suffix: '_INVALID', exit: EXIT.INVALID },
  { suffix: '_MISMATCH', exit: EXIT.INTEGRITY },
  { suffix: '_BUSY', exit: EXIT.BUSY },
  { suffix: '_LOCKED', exit: EXIT.BUSY },
  { suffix: '_FORBIDDEN', exit: EXIT.FORBIDDEN },
];

/**
 * A package that fails validation (damaged, truncated, hostile) is an
 * integrity failure, whatever the specific code. Checked after the suffixes.
 */
export const PREFIX_RULES: ReadonlyArray<{ prefix: string; exit: ExitCode }> = [
  { prefix: 'PACKAGE_', exit: EXIT.INTEGRITY },
  { prefix: 'MANIFEST_', exit: EXIT.INTEGRITY },
  { prefix: 'ENCRYPTION_', exit: EXIT.INTEGRITY },
];

/** The exit code and hint for an error code; unknown codes exit 1. */
export function describeErrorCode(code: string): ErrorCodeEntry {
  const known = ERROR_CODES[code];
  if (known) return known;
  return { exit: exitCodeByRule(code) ?? EXIT.UNEXPECTED };
}

/** The exit code {@link SUFFIX_RULES} or {@link PREFIX_RULES} give a code, ignoring the table; undefined when no rule matches. */
export function exitCodeByRule(code: string): ExitCode | undefined {
  const rule = SUFFIX_RULES.find((r) => code.endsWith(r.suffix)) ?? PREFIX_RULES.find((r) => code.startsWith(r.prefix));
  return rule?.exit;
}

export function exitCodeFor(code: string): ExitCode {
  return describeErrorCode(code).exit;
}
