/**
 * The web front door's one table from error codes to what a person reads.
 *
 * Domain errors carry a stable `code` and a message written for logs and the
 * CLI (it often names a command to run). The dashboard shows its own wording
 * and a next step instead, so operators never see internals or stack traces.
 * Pure module: usable from server components, server actions and client
 * components alike.
 */

export interface ErrorText {
  /** What happened, in one sentence. */
  message: string;
  /** What the reader can do about it. */
  nextStep: string;
}

export interface HumanError extends ErrorText {
  /** The code that was looked up; `INTERNAL` when the error had none we know. */
  code: string;
}

const CHECK_INTEGRITY = 'Run the integrity check (`edms system check`) and, if files are damaged, restore them from a verified backup.';
const CHOOSE_OTHER_PACKAGE = 'Choose another backup package, or take a fresh backup and use that one.';

export const ERROR_MESSAGES = {
  // Sign-in and permissions
  AUTH_INVALID_CREDENTIALS: {
    message: 'Unknown username or wrong password.',
    nextStep: 'Check both and try again. If you have forgotten your password, ask an administrator to reset it.',
  },
  AUTH_SESSION_EXPIRED: {
    message: 'Your session has ended.',
    nextStep: 'Log in again to continue.',
  },
  AUTH_INVALID_TOKEN: {
    message: 'The API token is not valid, has expired or was revoked.',
    nextStep: 'Ask an administrator for a new token (`edms token create`).',
  },
  FORBIDDEN: {
    message: 'Your role does not allow this action.',
    nextStep: 'Ask an administrator to do it for you, or to give your account a role that allows it.',
  },

  // Backup configurations
  CONFIG_NOT_FOUND: {
    message: 'That backup configuration does not exist.',
    nextStep: 'Pick one from the Configurations page; it may have been renamed or deleted.',
  },
  CONFIG_EXISTS: {
    message: 'A backup configuration with that name already exists.',
    nextStep: 'Choose a different name.',
  },
  CONFIG_INVALID: {
    message: 'Some settings of the configuration are not valid.',
    nextStep: 'Correct the highlighted fields and save again.',
  },
  CONFIG_INVALID_SCHEDULE: {
    message: 'The schedule is not valid.',
    nextStep: 'Give the time as HH:MM in UTC, a weekday for weekly schedules and a day from 1 to 28 for monthly ones.',
  },
  CONFIG_INVALID_RETENTION: {
    message: 'The retention policy is not valid.',
    nextStep: 'Each "keep" value must be a whole number from 0 to 10,000.',
  },
  CONFIG_PROTECTED: {
    message: 'This configuration is managed by the system and cannot be changed or deleted.',
    nextStep: 'Create a configuration of your own instead.',
  },
  CONFIG_IN_USE: {
    message: 'This configuration still has backups in the catalog, so it cannot be deleted.',
    nextStep: 'Disable it instead; its backups stay available for restores.',
  },

  // Backups
  BACKUP_ALREADY_ACTIVE: {
    message: 'A backup of this configuration is already waiting or running.',
    nextStep: 'Wait for it to finish on the Jobs page, then start another one if you still need it.',
  },
  BACKUP_ACTIVE: {
    message: 'This backup is still waiting or running.',
    nextStep: 'Wait for it to finish, then try again.',
  },
  BACKUP_NOT_FOUND: {
    message: 'That backup does not exist.',
    nextStep: 'Pick one from the Jobs page; it may have been removed by retention.',
  },
  BACKUP_FILE_MISSING: {
    message: 'The package file of this backup is missing.',
    nextStep: 'It may have been pruned or moved. Choose another backup, or re-register the file if you still have it.',
  },
  BACKUP_PACKAGE_KNOWN: {
    message: 'This backup package is already in the catalog.',
    nextStep: 'Use the existing catalog entry on the Jobs page.',
  },
  BACKUP_PASSPHRASE_REQUIRED: {
    message: 'This configuration encrypts its backups, but no passphrase is set.',
    nextStep: 'Ask an administrator to set EDMS_BACKUP_PASSPHRASE for the worker, then run the backup again.',
  },
  BACKUP_REFERENCED: {
    message: 'This backup is used by a restore and cannot be deleted.',
    nextStep: 'Keep it; it is part of the restore history.',
  },
  BACKUP_SLOT_TAKEN: {
    message: 'A backup for this scheduled time already exists.',
    nextStep: 'Nothing to do: each scheduled time runs only once.',
  },
  BACKUP_WORKER_LOST: {
    message: 'The worker running this backup stopped responding, so the backup was marked as failed.',
    nextStep: 'Check that the worker is running, then run the backup again.',
  },
  BACKUP_INVALID_INPUT: {
    message: 'The backup request is not valid.',
    nextStep: 'Check the configuration\'s settings and try again.',
  },
  BACKUP_DESTINATION_UNWRITABLE: {
    message: 'The backup could not be written to its storage directory.',
    nextStep: 'Check that the configuration\'s storage path exists and that the server may write to it.',
  },
  BACKUP_NO_SPACE: {
    message: 'The disk holding the backups is full.',
    nextStep: 'Free space (for example by applying retention), then run the backup again.',
  },
  BACKUP_SOURCE_FILE_MISSING: {
    message: 'A document file disappeared while the backup was reading it.',
    nextStep: CHECK_INTEGRITY,
  },
  BACKUP_SOURCE_FILE_CHANGED: {
    message: 'A document file changed while the backup was reading it.',
    nextStep: 'Run the backup again; if it keeps happening, run the integrity check.',
  },
  BACKUP_DATABASE_EXPORT_FAILED: {
    message: 'The database could not be exported for the backup.',
    nextStep: 'Run the backup again; if it fails again, an administrator should check the server log.',
  },
  BACKUP_ABORTED: {
    message: 'The backup was stopped before it finished.',
    nextStep: 'Run it again when the system is idle.',
  },
  BACKUP_FAILED: {
    message: 'The backup failed.',
    nextStep: 'Run it again; if it fails again, an administrator should check the server log.',
  },

  // Backup packages (upload, verify, restore)
  PACKAGE_FORMAT_UNSUPPORTED: {
    message: 'This file is not an EDMS backup package this version can read.',
    nextStep: 'Check that you chose an EDMS backup (.tar.gz) made by a compatible version.',
  },
  MANIFEST_INVALID: {
    message: 'The package\'s manifest is damaged or incomplete.',
    nextStep: CHOOSE_OTHER_PACKAGE,
  },
  PACKAGE_CORRUPT: {
    message: 'The package is damaged and cannot be read.',
    nextStep: CHOOSE_OTHER_PACKAGE,
  },
  PACKAGE_TRUNCATED: {
    message: 'The package ends too early; it was probably cut off while being copied or uploaded.',
    nextStep: 'Copy or upload the complete file again.',
  },
  PACKAGE_TRAILING_DATA: {
    message: 'The package has unexpected data after its end.',
    nextStep: CHOOSE_OTHER_PACKAGE,
  },
  PACKAGE_UNSAFE_ENTRY: {
    message: 'The package contains an entry that is not allowed (such as a link or device file) and was refused for safety.',
    nextStep: 'Do not use this file. Use a package produced by EDMS backup.',
  },
  PACKAGE_UNSAFE_PATH: {
    message: 'The package tries to write outside its own folders and was refused for safety.',
    nextStep: 'Do not use this file. Use a package produced by EDMS backup.',
  },
  PACKAGE_DUPLICATE_ENTRY: {
    message: 'The package contains the same entry twice and was refused.',
    nextStep: CHOOSE_OTHER_PACKAGE,
  },
  PACKAGE_LIMIT_EXCEEDED: {
    message: 'The package is larger than this server accepts.',
    nextStep: 'Ask an administrator to raise the limit, or restore with the `edms restore` command on the server.',
  },
  PACKAGE_MANIFEST_MISSING: {
    message: 'The package has no manifest, so it is not an EDMS backup.',
    nextStep: CHOOSE_OTHER_PACKAGE,
  },
  PACKAGE_ENTRY_MISSING: {
    message: 'A file listed in the package is missing from it.',
    nextStep: CHOOSE_OTHER_PACKAGE,
  },
  PACKAGE_ENTRY_UNEXPECTED: {
    message: 'The package contains a file its manifest does not list.',
    nextStep: CHOOSE_OTHER_PACKAGE,
  },
  PACKAGE_CHECKSUM_MISMATCH: {
    message: 'A checksum in the package does not match its content; the package has been altered or damaged.',
    nextStep: CHOOSE_OTHER_PACKAGE,
  },
  PACKAGE_ROW_INVALID: {
    message: 'The package holds a database record that is not valid.',
    nextStep: CHOOSE_OTHER_PACKAGE,
  },
  PACKAGE_MANIFEST_MISMATCH: {
    message: 'The package\'s content does not match what its manifest declares.',
    nextStep: CHOOSE_OTHER_PACKAGE,
  },
  PACKAGE_TYPE_MISMATCH: {
    message: 'This package is of a different backup type than the restore needs.',
    nextStep: 'Choose a package of the matching type (full, database or files).',
  },
  PACKAGE_PASSPHRASE_REQUIRED: {
    message: 'This package is encrypted and needs its passphrase.',
    nextStep: 'Ask an administrator to set EDMS_BACKUP_PASSPHRASE on the server, then try again.',
  },
  PACKAGE_ENCRYPTION_UNAVAILABLE: {
    message: 'Encryption is not available on this server.',
    nextStep: 'Ask an administrator to configure EDMS_BACKUP_PASSPHRASE.',
  },
  PACKAGE_SCHEMA_NEWER: {
    message: 'This package was made by a newer version of the system.',
    nextStep: 'Upgrade this installation to that version or later, then restore.',
  },
  PACKAGE_SCHEMA_UNKNOWN: {
    message: 'This package\'s data format is not one this version knows.',
    nextStep: CHOOSE_OTHER_PACKAGE,
  },
  PACKAGE_FILE_MISMATCH: {
    message: 'A document file in the package does not match the size or checksum its record declares.',
    nextStep: CHOOSE_OTHER_PACKAGE,
  },
  PACKAGE_ROW_DUPLICATE_KEY: {
    message: 'The package holds two records with the same key.',
    nextStep: CHOOSE_OTHER_PACKAGE,
  },
  PACKAGE_ROW_ORDER: {
    message: 'The records in the package are not in the order EDMS writes them; the package was altered.',
    nextStep: CHOOSE_OTHER_PACKAGE,
  },
  PACKAGE_ROW_DANGLING_REFERENCE: {
    message: 'A record in the package refers to another record that the package does not contain.',
    nextStep: CHOOSE_OTHER_PACKAGE,
  },
  PACKAGE_TABLE_UNKNOWN: {
    message: 'The package contains a table this version does not know.',
    nextStep: 'Use a package made by this version of EDMS, or upgrade this installation first.',
  },
  ENCRYPTION_NOT_ENCRYPTED: {
    message: 'The file was expected to be encrypted but is not.',
    nextStep: CHOOSE_OTHER_PACKAGE,
  },
  ENCRYPTION_UNSUPPORTED_VERSION: {
    message: 'The package is encrypted with a format version this installation does not know.',
    nextStep: 'Upgrade this installation, or use a package made by this version.',
  },
  ENCRYPTION_HEADER_INVALID: {
    message: 'The header of the encrypted package is damaged.',
    nextStep: CHOOSE_OTHER_PACKAGE,
  },
  ENCRYPTION_WRONG_PASSPHRASE: {
    message: 'The encrypted package cannot be opened with the passphrase configured on this server.',
    nextStep: 'Ask an administrator to set the EDMS_BACKUP_PASSPHRASE the package was made with, then try again.',
  },
  ENCRYPTION_SEGMENT_AUTH_FAILED: {
    message: 'Part of the encrypted package failed its authenticity check; it was altered or damaged.',
    nextStep: CHOOSE_OTHER_PACKAGE,
  },
  ENCRYPTION_TRUNCATED: {
    message: 'The encrypted package ends too early; it was probably cut off while being copied or uploaded.',
    nextStep: 'Copy or upload the complete file again.',
  },
  ENCRYPTION_TRAILING_DATA: {
    message: 'The encrypted package has unexpected data after its end.',
    nextStep: CHOOSE_OTHER_PACKAGE,
  },
  PACKAGE_READ_FAILED: {
    message: 'The package could not be read.',
    nextStep: 'Check that the file is still there and readable, then try again.',
  },
  PACKAGE_ABORTED: {
    message: 'Reading the package was stopped before it finished.',
    nextStep: 'Try again.',
  },

  // Restores
  RESTORE_NOT_FOUND: {
    message: 'That restore does not exist.',
    nextStep: 'Start a new restore.',
  },
  RESTORE_SOURCE_UNAVAILABLE: {
    message: 'This backup has no completed package to restore from.',
    nextStep: 'Choose a completed backup.',
  },
  RESTORE_SOURCE_NOT_FOUND: {
    message: 'The package file of this backup is no longer where the catalog says.',
    nextStep: 'Choose another backup, or upload the package file if you have a copy.',
  },
  RESTORE_SOURCE_EMPTY: {
    message: 'The chosen file is empty.',
    nextStep: 'Choose the complete backup package file.',
  },
  RESTORE_SOURCE_TOO_LARGE: {
    message: 'The chosen file is larger than this server accepts for a restore.',
    nextStep: 'Ask an administrator to raise the limit, or restore with the `edms restore` command on the server.',
  },
  RESTORE_TYPE_NOT_IN_PACKAGE: {
    message: 'This package does not contain what the chosen restore type needs.',
    nextStep: 'Choose a restore type the package allows, or a different package.',
  },
  RESTORE_INSUFFICIENT_SPACE: {
    message: 'There is not enough free disk space to unpack this package.',
    nextStep: 'Free disk space on the server, then start the restore again.',
  },
  RESTORE_NOT_AWAITING_CONFIRMATION: {
    message: 'This restore is not waiting for confirmation any more.',
    nextStep: 'Open the restore to see its current state.',
  },
  RESTORE_NOT_CANCELLABLE: {
    message: 'This restore can no longer be cancelled.',
    nextStep: 'Only a restore waiting for confirmation can be cancelled; open it to see its state.',
  },
  RESTORE_STAGING_GONE: {
    message: 'The validated package is no longer prepared on the server.',
    nextStep: 'Start the restore again.',
  },
  RESTORE_PLAN_CHANGED: {
    message: 'The system changed since the restore plan was shown.',
    nextStep: 'Nothing was restored. Open the restore again: confirm the plan it shows now if it is still waiting, otherwise prepare the restore again.',
  },
  RESTORE_WARNINGS_NEED_FORCE: {
    message: 'The restore plan has warnings that need your explicit agreement.',
    nextStep: 'Read the warnings, then confirm again and choose to proceed despite them.',
  },
  RESTORE_SAFETY_BACKUP_FAILED: {
    message: 'The safety backup taken before the restore failed, so nothing was changed.',
    nextStep: 'Fix the cause shown on the Jobs page (often disk space), then start the restore again.',
  },
  RESTORE_STAGING_EXISTS: {
    message: 'This restore has already been prepared once.',
    nextStep: 'Start a new restore.',
  },
  RESTORE_STAGING_NO_SPACE: {
    message: 'The disk ran out of space while the package was being unpacked; nothing was changed.',
    nextStep: 'Free disk space on the server, then start the restore again.',
  },
  RESTORE_STAGING_FAILED: {
    message: 'The package could not be unpacked on the server; nothing was changed.',
    nextStep: 'An administrator should check the data directory\'s disk and permissions, then start the restore again.',
  },
  RESTORE_STAGING_INVALID: {
    message: 'The prepared copy of the package on the server was altered, so it is no longer trusted.',
    nextStep: 'Start the restore again.',
  },
  RESTORE_ID_INVALID: {
    message: 'That restore reference is not valid.',
    nextStep: 'Start the restore again from the Restore page.',
  },
  RESTORE_UNSAFE_PATH: {
    message: 'The restore met a link or unexpected entry in the file store and stopped for safety.',
    nextStep: CHECK_INTEGRITY,
  },
  RESTORE_FILE_CONFLICT: {
    message: 'Something in the file store was in the way of a restored file, so the restore stopped.',
    nextStep: 'Run the integrity check, then start the restore again.',
  },
  RESTORE_ROLLED_BACK: {
    message: 'This restore is being rolled back and cannot continue.',
    nextStep: 'Wait until it has finished rolling back, then start a new restore.',
  },
  RESTORE_JOURNAL_CORRUPT: {
    message: 'The record of an interrupted restore is damaged, so it could not be finished automatically.',
    nextStep: 'An administrator should run `edms system check` on the server before doing anything else.',
  },
  RESTORE_INTERRUPTED: {
    message: 'The restore was interrupted (the server stopped) and was rolled back or abandoned without changes.',
    nextStep: 'Run the integrity check, then start the restore again.',
  },
  RESTORE_VERIFY_FAILED: {
    message: 'The restored data did not match the package, so the restore was rolled back.',
    nextStep: 'Run the integrity check, then try again or restore from another backup; the safety backup is available if needed.',
  },


  // Restore plan warnings: shown before confirming; proceeding needs explicit agreement.
  RESTORE_DATA_NEWER_THAN_PACKAGE: {
    message: 'The live data was changed after this package was made; those changes will be lost.',
    nextStep: 'Check that losing them is intended (the safety backup keeps a copy), then agree to proceed.',
  },
  RESTORE_OTHER_INSTANCE: {
    message: 'This package comes from another installation.',
    nextStep: 'Make sure it is the right package for this system, then agree to proceed.',
  },
  RESTORE_LOW_DISK_SPACE: {
    message: 'Little disk space would be left after the safety backup and the restore.',
    nextStep: 'Free disk space first if you can, or agree to proceed.',
  },
  RESTORE_FILES_MISSING_AFTER: {
    message: 'Some document files would still be missing after this restore.',
    nextStep: 'Consider a full restore, or restore the files from another package afterwards.',
  },

  // Documents
  DOCUMENT_NOT_FOUND: {
    message: 'That document does not exist.',
    nextStep: 'Search for it by number or title on the Documents page.',
  },
  DOCUMENT_VERSION_NOT_FOUND: {
    message: 'That version of the document does not exist.',
    nextStep: 'Choose a version from the document\'s version list.',
  },
  DOCUMENT_FILE_MISSING: {
    message: 'The file of this document version is missing from the file store.',
    nextStep: CHECK_INTEGRITY,
  },
  DOCUMENT_VERSION_EXISTS: {
    message: 'That version of the document already exists.',
    nextStep: 'Reload the document and add the next version.',
  },
  DOCUMENT_EXISTS: {
    message: 'A document with that number already exists.',
    nextStep: 'Use a different number, or add a new version to the existing document.',
  },
  DOCUMENT_INVALID: {
    message: 'Some details of the document are not valid.',
    nextStep: 'Correct the highlighted fields and try again.',
  },

  // Users and tokens
  USER_NOT_FOUND: {
    message: 'That user does not exist.',
    nextStep: 'Check the username; an administrator can list users with `edms user list`.',
  },
  USER_EXISTS: {
    message: 'A user with that username already exists.',
    nextStep: 'Choose a different username.',
  },
  USER_INVALID: {
    message: 'Some details of the user are not valid.',
    nextStep: 'Correct the highlighted fields and try again.',
  },
  USER_PASSWORD_TOO_SHORT: {
    message: 'The password is too short.',
    nextStep: 'Use at least 12 characters.',
  },
  TOKEN_NOT_FOUND: {
    message: 'That API token does not exist.',
    nextStep: 'Check the token id; `edms token list` shows the existing ones.',
  },
  TOKEN_ALREADY_REVOKED: {
    message: 'That API token has already been revoked.',
    nextStep: 'Nothing more to do; create a new token if one is still needed.',
  },
  TOKEN_INVALID: {
    message: 'The token settings are not valid.',
    nextStep: 'Give the token a name and, if it should expire, a date in the future.',
  },

  // System
  DEMO_INVALID: {
    message: 'The number of demonstration documents is not valid.',
    nextStep: 'Use a whole number from 1 to 100,000.',
  },
  AUDIT_APPEND_CONFLICT: {
    message: 'Another change was being recorded at the same moment.',
    nextStep: 'Try again.',
  },
  STORAGE_KEY_INVALID: {
    message: 'A stored file has an invalid location.',
    nextStep: CHECK_INTEGRITY,
  },
  STORAGE_OBJECT_MISSING: {
    message: 'A stored file is missing.',
    nextStep: CHECK_INTEGRITY,
  },
  STORAGE_UNAVAILABLE: {
    message: 'The object storage that holds backup packages cannot be reached or refused the request.',
    nextStep: 'Try again shortly; an administrator should check the EDMS_S3_* settings and the object store.',
  },
  STORAGE_LOCATION_INVALID: {
    message: 'A backup package location is not a valid storage location.',
    nextStep: 'An administrator should check the configuration storage paths (s3://bucket/prefix).',
  },
  CONFIRMATION_REQUIRED: {
    message: 'This action needs your explicit confirmation.',
    nextStep: 'Review the plan and confirm it.',
  },
  RESET_PLAN_CHANGED: {
    message: 'The system changed since the reset plan was shown.',
    nextStep: 'Review the new plan and confirm again.',
  },
  RESET_SAFETY_BACKUP_FAILED: {
    message: 'The safety backup taken before the reset failed, so nothing was removed.',
    nextStep: 'Fix the cause shown on the Jobs page (often disk space), then try the reset again.',
  },
  BUSY: {
    message: 'The system is busy with another backup, restore or reset.',
    nextStep: 'Wait for it to finish, then try again.',
  },
  VALIDATION_FAILED: {
    message: 'The request is missing something it needs.',
    nextStep: 'Check what you entered and try again.',
  },
  ENV_INVALID: {
    message: 'The server is not configured correctly.',
    nextStep: 'An administrator should check the EDMS_* environment variables and restart the server.',
  },

  // Web front door only
  UPLOAD_TOO_LARGE: {
    message: 'The file is larger than this server accepts for an upload.',
    nextStep: 'Ask an administrator to raise EDMS_MAX_UPLOAD_BYTES, or restore with the `edms restore package` command on the server.',
  },
  UPLOAD_EMPTY: {
    message: 'The uploaded file is empty.',
    nextStep: 'Choose the complete backup package file and upload it again.',
  },
  UPLOAD_INCOMPLETE: {
    message: 'The upload was interrupted before the whole file arrived.',
    nextStep: 'Upload the file again.',
  },
  UPLOAD_NOT_FOUND: {
    message: 'The uploaded file is no longer on the server.',
    nextStep: 'Upload the package again.',
  },
  TASK_NOT_FOUND: {
    message: 'This operation is no longer tracked by the server (it may have restarted).',
    nextStep: 'Check the Jobs or Restore page for its outcome.',
  },
  FORM_INVALID: {
    message: 'Some fields need your attention.',
    nextStep: 'Correct the fields marked below and submit again.',
  },
} as const satisfies Record<string, ErrorText>;

export type KnownErrorCode = keyof typeof ERROR_MESSAGES;

/** Shown for anything the table does not name: never the original message or a stack trace. */
export const GENERIC_ERROR: HumanError = {
  code: 'INTERNAL',
  message: 'Something went wrong on the server.',
  nextStep: 'Try again. If it keeps happening, an administrator can find the details in the server log.',
};

export function isKnownErrorCode(code: unknown): code is KnownErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_MESSAGES, code);
}

/** The text for a code; unknown or missing codes get the generic text. */
export function describeErrorCode(code: string | null | undefined): HumanError {
  if (!isKnownErrorCode(code)) return GENERIC_ERROR;
  return { code, ...ERROR_MESSAGES[code] };
}

/** The code an error carries (`DomainError.code`), if it is a string. */
export function errorCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error as { code: unknown };
  return typeof code === 'string' ? code : undefined;
}

/**
 * The text for any thrown value. Only codes in the table are trusted: other
 * errors with a `code` (Prisma's `P2002`, Node's `ENOENT`) get the generic text.
 */
export function describeError(error: unknown): HumanError {
  return describeErrorCode(errorCodeOf(error));
}
