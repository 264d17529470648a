import { createHash, createHmac, createSecretKey, scrypt, timingSafeEqual, type KeyObject } from 'node:crypto';
import { ENCRYPTION_ERROR_CODES, encryptionError } from './errors';

/*
 * Encrypted package format, version 1 (see FORMAT.md for the byte layout).
 *
 *   header   = fields (37 bytes) | key check value (32) | header checksum (32)
 *   segment  = plaintext length (u32 BE) | AES-256-GCM ciphertext | tag (16)
 *
 * Every segment except the last carries exactly `segmentSize` plaintext bytes; the
 * last carries fewer (possibly zero) and is sealed with the final flag in its nonce.
 */

/** The 8 bytes every encrypted package starts with. */
export const ENCRYPTION_MAGIC: Buffer = Buffer.from('EDMSENC1', 'ascii');
// Private copy: callers may mutate the exported Buffer, our checks must not change.
const MAGIC = Buffer.from(ENCRYPTION_MAGIC);

export const FORMAT_VERSION = 1;
export const KDF_SCRYPT = 1;

const OFFSET_VERSION = 8;
const OFFSET_KDF = 9;
const OFFSET_LOG2N = 10;
const OFFSET_R = 11;
const OFFSET_P = 12;
const OFFSET_SALT = 13;
export const SALT_LENGTH = 16;
const OFFSET_SEGMENT_SIZE = OFFSET_SALT + SALT_LENGTH; // 29
const OFFSET_NONCE_PREFIX = OFFSET_SEGMENT_SIZE + 4; // 33
export const NONCE_PREFIX_LENGTH = 4;
const FIELDS_LENGTH = OFFSET_NONCE_PREFIX + NONCE_PREFIX_LENGTH; // 37
const KEY_CHECK_LENGTH = 32;
const OFFSET_CHECKSUM = FIELDS_LENGTH + KEY_CHECK_LENGTH; // 69
const CHECKSUM_LENGTH = 32;
/** Total header length in bytes. */
export const HEADER_LENGTH = OFFSET_CHECKSUM + CHECKSUM_LENGTH; // 101

export const SEGMENT_LENGTH_PREFIX = 4;
export const TAG_LENGTH = 16;
const NONCE_LENGTH = 12;
const KEY_LENGTH = 32;

export const DEFAULT_SEGMENT_SIZE = 1024 * 1024;
export const MIN_SEGMENT_SIZE = 64 * 1024;
export const MAX_SEGMENT_SIZE = 64 * 1024 * 1024;

export interface ScryptParams {
  /** log2 of the scrypt cost parameter N. */
  log2N: number;
  /** scrypt block size r. */
  r: number;
  /** scrypt parallelisation p. */
  p: number;
}

export const DEFAULT_SCRYPT: Readonly<ScryptParams> = Object.freeze({ log2N: 15, r: 8, p: 1 });
export const MIN_SCRYPT_LOG2N = 10;
/** Default ceiling on log2N a reader accepts (N = 2^20 with r = 8 is about 1 GiB). */
export const DEFAULT_MAX_SCRYPT_LOG2N = 20;
/** Highest value `maxScryptLog2N` may be raised to. */
export const MAX_SCRYPT_LOG2N_LIMIT = 24;
const MAX_SCRYPT_R = 32;
const MAX_SCRYPT_P = 16;

/** The counter is 7 bytes; stay within exact integer arithmetic as well. */
const MAX_SEGMENT_COUNTER = Number.MAX_SAFE_INTEGER;

export interface HeaderParams {
  scrypt: ScryptParams;
  salt: Buffer;
  segmentSize: number;
  noncePrefix: Buffer;
}

export interface ParsedHeader extends HeaderParams {
  /** The whole header as read; the AAD of every segment. */
  bytes: Buffer;
  /** Bytes covered by the key check value. */
  fields: Buffer;
  keyCheck: Buffer;
}

export interface DerivedKeys {
  encryptionKey: KeyObject;
  /** HMAC-SHA256(check key, header fields). */
  keyCheck: Buffer;
}

/** True when `head` starts with the encrypted package magic. */
export function isEncryptedPackageHead(head: Uint8Array): boolean {
  return head.length >= MAGIC.length && MAGIC.equals(head.subarray(0, MAGIC.length));
}

/**
 * Why a set of scrypt parameters is refused, or undefined when acceptable. Both
 * memory (128·N·r bytes) and work (N·r·p) must stay within what log2N = max with
 * r = 8, p = 1 would cost, so a hostile header cannot trade N for r or p.
 */
export function scryptParamsProblem(params: ScryptParams, maxLog2N: number): string | undefined {
  const { log2N, r, p } = params;
  if (!Number.isInteger(log2N) || log2N < MIN_SCRYPT_LOG2N || log2N > maxLog2N) {
    return `scrypt log2N must be an integer from ${MIN_SCRYPT_LOG2N} to ${maxLog2N}, got ${log2N}`;
  }
  if (!Number.isInteger(r) || r < 1 || r > MAX_SCRYPT_R) {
    return `scrypt r must be an integer from 1 to ${MAX_SCRYPT_R}, got ${r}`;
  }
  if (!Number.isInteger(p) || p < 1 || p > MAX_SCRYPT_P) {
    return `scrypt p must be an integer from 1 to ${MAX_SCRYPT_P}, got ${p}`;
  }
  const budget = 2 ** (maxLog2N + 3);
  if (2 ** log2N * r > budget) return `scrypt memory cost N·r = 2^${log2N}·${r} exceeds the limit`;
  if (2 ** log2N * r * p > budget) return `scrypt work N·r·p = 2^${log2N}·${r}·${p} exceeds the limit`;
  return undefined;
}

export function segmentSizeProblem(segmentSize: number): string | undefined {
  if (!Number.isInteger(segmentSize) || segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
    return `segment size must be an integer from ${MIN_SEGMENT_SIZE} to ${MAX_SEGMENT_SIZE} bytes, got ${segmentSize}`;
  }
  return undefined;
}

/** The 37 header bytes before the key check value. */
export function encodeHeaderFields(params: HeaderParams): Buffer {
  const fields = Buffer.alloc(FIELDS_LENGTH);
  MAGIC.copy(fields, 0);
  fields[OFFSET_VERSION] = FORMAT_VERSION;
  fields[OFFSET_KDF] = KDF_SCRYPT;
  fields[OFFSET_LOG2N] = params.scrypt.log2N;
  fields[OFFSET_R] = params.scrypt.r;
  fields[OFFSET_P] = params.scrypt.p;
  params.salt.copy(fields, OFFSET_SALT);
  fields.writeUInt32BE(params.segmentSize, OFFSET_SEGMENT_SIZE);
  params.noncePrefix.copy(fields, OFFSET_NONCE_PREFIX);
  return fields;
}

/** Appends the key check value and the header checksum. */
export function completeHeader(fields: Buffer, keyCheck: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_LENGTH);
  fields.copy(header, 0);
  keyCheck.copy(header, FIELDS_LENGTH);
  headerChecksum(header).copy(header, OFFSET_CHECKSUM);
  return header;
}

function headerChecksum(header: Buffer): Buffer {
  return createHash('sha256').update(header.subarray(0, OFFSET_CHECKSUM)).digest();
}

/**
 * Checks what the first bytes of a stream already tell (magic, then version), so
 * a file that is not ours is refused from its first chunk. `prefix` may be
 * shorter than the header.
 */
export function checkHeaderPrefix(prefix: Buffer): void {
  const magicBytes = Math.min(prefix.length, MAGIC.length);
  if (!prefix.subarray(0, magicBytes).equals(MAGIC.subarray(0, magicBytes))) {
    throw encryptionError(
      ENCRYPTION_ERROR_CODES.notEncrypted,
      'The input is not an encrypted backup package (the EDMSENC1 magic is missing)',
    );
  }
  const version = prefix[OFFSET_VERSION];
  if (version !== undefined && version !== FORMAT_VERSION) {
    throw encryptionError(
      ENCRYPTION_ERROR_CODES.unsupportedVersion,
      `Encrypted package format version ${version} is not supported (this reader supports version ${FORMAT_VERSION})`,
      { version, supportedVersions: [FORMAT_VERSION] },
    );
  }
}

function headerInvalid(reason: string, message: string): Error {
  return encryptionError(ENCRYPTION_ERROR_CODES.headerInvalid, `Invalid encrypted package header: ${message}`, {
    reason,
  });
}

/**
 * Parses and validates a complete header whose prefix already passed
 * `checkHeaderPrefix`. Nothing costly happens before the parameters are vetted.
 */
export function parseHeader(bytes: Buffer, maxScryptLog2N: number): ParsedHeader {
  if (bytes.length !== HEADER_LENGTH) {
    throw headerInvalid('truncated', `expected ${HEADER_LENGTH} bytes, got ${bytes.length}`);
  }
  checkHeaderPrefix(bytes);
  if (!timingSafeEqual(headerChecksum(bytes), bytes.subarray(OFFSET_CHECKSUM))) {
    throw headerInvalid('checksum', 'the header checksum does not match (the header is corrupt)');
  }
  const kdf = bytes[OFFSET_KDF];
  if (kdf !== KDF_SCRYPT) {
    throw headerInvalid('kdf', `unknown key derivation function id ${kdf}`);
  }
  const scryptParams: ScryptParams = {
    log2N: bytes[OFFSET_LOG2N] as number,
    r: bytes[OFFSET_R] as number,
    p: bytes[OFFSET_P] as number,
  };
  const kdfProblem = scryptParamsProblem(scryptParams, maxScryptLog2N);
  if (kdfProblem !== undefined) throw headerInvalid('kdf-parameters', kdfProblem);
  const segmentSize = bytes.readUInt32BE(OFFSET_SEGMENT_SIZE);
  const sizeProblem = segmentSizeProblem(segmentSize);
  if (sizeProblem !== undefined) throw headerInvalid('segment-size', sizeProblem);

  const own = Buffer.from(bytes);
  return {
    bytes: own,
    fields: own.subarray(0, FIELDS_LENGTH),
    keyCheck: own.subarray(FIELDS_LENGTH, OFFSET_CHECKSUM),
    scrypt: scryptParams,
    salt: own.subarray(OFFSET_SALT, OFFSET_SALT + SALT_LENGTH),
    segmentSize,
    noncePrefix: own.subarray(OFFSET_NONCE_PREFIX, OFFSET_NONCE_PREFIX + NONCE_PREFIX_LENGTH),
  };
}

/** Passphrases are compared as UTF-8 of their NFC form. */
export function passphraseBytes(passphrase: unknown): Buffer {
  if (typeof passphrase !== 'string' || passphrase.length === 0) {
    throw new TypeError('The passphrase must be a non-empty string');
  }
  return Buffer.from(passphrase.normalize('NFC'), 'utf8');
}

/**
 * scrypt(passphrase, salt) → 64 bytes: the first 32 are the AES-256-GCM key, the
 * last 32 key the HMAC that makes the key check value over the header fields.
 */
export async function deriveKeys(passphrase: Buffer, header: HeaderParams, fields: Buffer): Promise<DerivedKeys> {
  const { log2N, r, p } = header.scrypt;
  const N = 2 ** log2N;
  // OpenSSL needs 128·r·(N + 2) bytes for V plus 128·r·p for B.
  const maxmem = 128 * r * (N + p + 2) + 1024 * 1024;
  const derived = await new Promise<Buffer>((resolve, reject) => {
    scrypt(passphrase, header.salt, 2 * KEY_LENGTH, { N, r, p, maxmem }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
  try {
    const encryptionKey = createSecretKey(derived.subarray(0, KEY_LENGTH));
    const keyCheck = createHmac('sha256', derived.subarray(KEY_LENGTH)).update(fields).digest();
    return { encryptionKey, keyCheck };
  } finally {
    derived.fill(0);
  }
}

export function keyCheckMatches(expected: Buffer, actual: Buffer): boolean {
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Nonce = prefix (4) | segment counter (7, big-endian) | final flag (1). */
export function segmentNonce(prefix: Buffer, counter: number, final: boolean): Buffer {
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_SEGMENT_COUNTER) {
    throw new RangeError(`Segment counter ${counter} is out of range`);
  }
  const nonce = Buffer.alloc(NONCE_LENGTH);
  prefix.copy(nonce, 0, 0, NONCE_PREFIX_LENGTH);
  nonce.writeUIntBE(Math.floor(counter / 2 ** 48), 4, 1);
  nonce.writeUIntBE(counter % 2 ** 48, 5, 6);
  nonce[11] = final ? 0x01 : 0x00;
  return nonce;
}
