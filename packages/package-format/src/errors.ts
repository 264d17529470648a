import { DomainError, isDomainError } from '@edms/domain';

export { DomainError, isDomainError };

/** Error codes raised by the package reader and verifier. */
export const PACKAGE_ERROR_CODES = [
  'PACKAGE_FORMAT_UNSUPPORTED',
  'PACKAGE_CORRUPT',
  'PACKAGE_TRUNCATED',
  'PACKAGE_TRAILING_DATA',
  'PACKAGE_UNSAFE_ENTRY',
  'PACKAGE_UNSAFE_PATH',
  'PACKAGE_DUPLICATE_ENTRY',
  'PACKAGE_LIMIT_EXCEEDED',
  'PACKAGE_MANIFEST_MISSING',
  'PACKAGE_ENTRY_MISSING',
  'PACKAGE_ENTRY_UNEXPECTED',
  'PACKAGE_CHECKSUM_MISMATCH',
  'PACKAGE_ROW_INVALID',
  'PACKAGE_MANIFEST_MISMATCH',
  'PACKAGE_TYPE_MISMATCH',
  'PACKAGE_PASSPHRASE_REQUIRED',
  'PACKAGE_ENCRYPTION_UNAVAILABLE',
  'PACKAGE_READ_FAILED',
  'PACKAGE_ABORTED',
  'MANIFEST_INVALID',
] as const;
export type PackageErrorCode = (typeof PACKAGE_ERROR_CODES)[number];

/** Error codes raised by the package writer. */
export const BACKUP_ERROR_CODES = [
  'BACKUP_INVALID_INPUT',
  'BACKUP_DESTINATION_UNWRITABLE',
  'BACKUP_NO_SPACE',
  'BACKUP_SOURCE_FILE_MISSING',
  'BACKUP_SOURCE_FILE_CHANGED',
  'BACKUP_DATABASE_EXPORT_FAILED',
  'BACKUP_ABORTED',
  'BACKUP_FAILED',
] as const;
export type BackupErrorCode = (typeof BACKUP_ERROR_CODES)[number];

export function packageError(
  code: PackageErrorCode,
  message: string,
  details?: Record<string, unknown>,
  cause?: unknown,
): DomainError {
  return new DomainError(code, message, { details, cause });
}

export function backupError(
  code: BackupErrorCode,
  message: string,
  details?: Record<string, unknown>,
  cause?: unknown,
): DomainError {
  return new DomainError(code, message, { details, cause });
}

export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function errorMessage(error: unknown): string {
  // Not `instanceof Error`: errors from Node core can come from another realm (e.g. under jest).
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}
