/**
 * The one place the package format touches the encryption module
 * (src/encryption, SPEC §3 "Encrypted packages"): the writer appends the
 * encrypt stage after gzip, the readers detect the magic and put the decrypt
 * stage in front of gunzip.
 */
export { createDecryptStream, createEncryptStream, isEncryptedPackageHead } from './encryption';

/** File suffix of an encrypted package (`.tar.gz.enc`). */
export const ENCRYPTED_SUFFIX = '.enc';
