export { createEncryptStream, type EncryptStreamOptions } from './encrypt-stream';
export { createDecryptStream, type DecryptStreamOptions } from './decrypt-stream';
export { ENCRYPTION_ERROR_CODES, type EncryptionErrorCode } from './errors';
export {
  DEFAULT_MAX_SCRYPT_LOG2N,
  DEFAULT_SCRYPT,
  DEFAULT_SEGMENT_SIZE,
  ENCRYPTION_MAGIC,
  HEADER_LENGTH as ENCRYPTION_HEADER_LENGTH,
  MAX_SEGMENT_SIZE,
  MIN_SEGMENT_SIZE,
  isEncryptedPackageHead,
  type ScryptParams,
} from './format';
