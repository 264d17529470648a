/**
 * Error codes stagePackage adds to the reader's (src/errors.ts). Codes are a
 * public contract: front doors map them (PACKAGE_* → 422, the CLI's
 * `_MISMATCH` → integrity exit code, …), so never rename one.
 *
 * PACKAGE_* codes say the package is at fault; RESTORE_STAGING_* codes say the
 * staging directory or its disk is.
 */
import { DomainError } from '@edms/domain';

export const STAGING_ERROR_CODES = [
  /** Two rows share a primary key or a unique column (User.username, Document.number, …). */
  'PACKAGE_ROW_DUPLICATE_KEY',
  /** Rows are not in strictly ascending primary-key order. */
  'PACKAGE_ROW_ORDER',
  /** A row refers to a row the package does not hold (Document.ownerId → User, …). */
  'PACKAGE_ROW_DANGLING_REFERENCE',
  /** `database/<Name>.ndjson` (or a manifest table) names a table this version does not export. */
  'PACKAGE_TABLE_UNKNOWN',
  /** A FULL package's file differs in size or sha256 from its DocumentVersion row. */
  'PACKAGE_FILE_MISMATCH',
  /** The staging directory already exists (a restore id is staged once). */
  'RESTORE_STAGING_EXISTS',
  /** The disk holding the staging directory is full. */
  'RESTORE_STAGING_NO_SPACE',
  /** Writing the staging directory failed for another reason (I/O error, permissions). */
  'RESTORE_STAGING_FAILED',
  /** staged.json or a staged index is unreadable: the staging directory was tampered with. */
  'RESTORE_STAGING_INVALID',
] as const;
export type StagingErrorCode = (typeof STAGING_ERROR_CODES)[number];

export function stagingError(code: StagingErrorCode, message: string, details?: Record<string, unknown>, cause?: unknown): DomainError {
  return new DomainError(code, message, { details, cause });
}
