import { DomainError } from '@edms/domain';

/**
 * Stable error codes of the encrypted package format. They are part of the public
 * contract (front doors map them to statuses and messages), so never rename one.
 */
export const ENCRYPTION_ERROR_CODES = {
  /** The input does not start with the `EDMSENC1` magic. */
  notEncrypted: 'ENCRYPTION_NOT_ENCRYPTED',
  /** The magic is present but the format version is not one this reader knows. */
  unsupportedVersion: 'ENCRYPTION_UNSUPPORTED_VERSION',
  /** The header is truncated, corrupt, or declares refused parameters. */
  headerInvalid: 'ENCRYPTION_HEADER_INVALID',
  /** The key check value does not match the key derived from the passphrase. */
  wrongPassphrase: 'ENCRYPTION_WRONG_PASSPHRASE',
  /** A segment failed authentication (corrupt, reordered, dropped or duplicated). */
  segmentAuthFailed: 'ENCRYPTION_SEGMENT_AUTH_FAILED',
  /** The input ended before the final segment was complete. */
  truncated: 'ENCRYPTION_TRUNCATED',
  /** Bytes follow the authenticated final segment. */
  trailingData: 'ENCRYPTION_TRAILING_DATA',
} as const;

export type EncryptionErrorCode = (typeof ENCRYPTION_ERROR_CODES)[keyof typeof ENCRYPTION_ERROR_CODES];

export function encryptionError(
  code: EncryptionErrorCode,
  message: string,
  details?: Record<string, unknown>,
  cause?: unknown,
): DomainError {
  return new DomainError(code, message, { details, cause });
}
