import { createDecipheriv, type KeyObject } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { ByteQueue } from './byte-queue';
import { ENCRYPTION_ERROR_CODES, encryptionError } from './errors';
import {
  DEFAULT_MAX_SCRYPT_LOG2N,
  HEADER_LENGTH,
  MAX_SCRYPT_LOG2N_LIMIT,
  MIN_SCRYPT_LOG2N,
  SEGMENT_LENGTH_PREFIX,
  TAG_LENGTH,
  checkHeaderPrefix,
  deriveKeys,
  keyCheckMatches,
  parseHeader,
  passphraseBytes,
  segmentNonce,
  type ParsedHeader,
} from './format';

export interface DecryptStreamOptions {
  /**
   * Highest scrypt log2N accepted from a header (default 20, at most 24). Memory
   * and work are capped at what this N costs with r = 8, p = 1.
   */
  maxScryptLog2N?: number;
}

interface Ready {
  header: ParsedHeader;
  key: KeyObject;
}

type State = 'header' | 'segments' | 'done';

/**
 * Decrypts and authenticates an EDMSENC1 stream. A segment's plaintext is pushed
 * only after its tag verified; memory stays around one segment plus the chunk
 * being processed.
 */
class DecryptStream extends Transform {
  private readonly queue = new ByteQueue();
  private readonly maxScryptLog2N: number;
  private passphrase: Buffer;
  private state: State = 'header';
  private ready: Ready | undefined;
  private received = 0;
  private counter = 0;
  /** Plaintext length announced by the current segment's prefix, once read. */
  private segmentLength: number | undefined;

  constructor(passphrase: Buffer, maxScryptLog2N: number) {
    super();
    this.passphrase = passphrase;
    this.maxScryptLog2N = maxScryptLog2N;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.received += chunk.length;
    this.queue.append(chunk);
    this.process().then(() => callback(), (error: unknown) => callback(error as Error));
  }

  override _flush(callback: TransformCallback): void {
    callback(this.endError());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.passphrase.fill(0);
    callback(error);
  }

  private async process(): Promise<void> {
    if (this.state === 'header') {
      checkHeaderPrefix(this.queue.peek(Math.min(this.queue.length, HEADER_LENGTH)));
      if (this.queue.length < HEADER_LENGTH) return;
      this.ready = await this.unlock(parseHeader(this.queue.read(HEADER_LENGTH), this.maxScryptLog2N));
      this.state = 'segments';
    }
    const ready = this.ready;
    while (this.state === 'segments' && ready !== undefined) {
      if (this.segmentLength === undefined) {
        if (this.queue.length < SEGMENT_LENGTH_PREFIX) return;
        this.segmentLength = this.readSegmentLength(ready);
      }
      if (this.queue.length < this.segmentLength + TAG_LENGTH) return;
      const final = this.segmentLength < ready.header.segmentSize;
      const sealed = this.queue.read(this.segmentLength + TAG_LENGTH);
      const plaintext = this.open(ready, sealed, final);
      this.segmentLength = undefined;
      this.counter += 1;
      if (final) this.state = 'done';
      if (plaintext.length > 0) this.push(plaintext);
    }
    if (this.state === 'done' && this.queue.length > 0) {
      throw encryptionError(
        ENCRYPTION_ERROR_CODES.trailingData,
        `The encrypted package has ${this.queue.length} unexpected byte(s) after its final segment`,
        { segments: this.counter },
      );
    }
  }

  private async unlock(header: ParsedHeader): Promise<Ready> {
    const { encryptionKey, keyCheck } = await deriveKeys(this.passphrase, header, header.fields);
    this.passphrase.fill(0);
    if (!keyCheckMatches(header.keyCheck, keyCheck)) {
      throw encryptionError(
        ENCRYPTION_ERROR_CODES.wrongPassphrase,
        'Wrong passphrase: the key derived from it does not match the package key check value',
      );
    }
    return { header, key: encryptionKey };
  }

  private readSegmentLength(ready: Ready): number {
    const length = this.queue.read(SEGMENT_LENGTH_PREFIX).readUInt32BE(0);
    if (length > ready.header.segmentSize) {
      throw encryptionError(
        ENCRYPTION_ERROR_CODES.segmentAuthFailed,
        `Encrypted segment ${this.counter} is corrupt: it declares ${length} bytes, more than the segment size ${ready.header.segmentSize}`,
        { segment: this.counter },
      );
    }
    return length;
  }

  /** Returns the segment plaintext only once its tag has been verified. */
  private open(ready: Ready, sealed: Buffer, final: boolean): Buffer {
    const ciphertextLength = sealed.length - TAG_LENGTH;
    const nonce = segmentNonce(ready.header.noncePrefix, this.counter, final);
    const decipher = createDecipheriv('aes-256-gcm', ready.key, nonce, { authTagLength: TAG_LENGTH });
    decipher.setAAD(ready.header.bytes);
    decipher.setAuthTag(sealed.subarray(ciphertextLength));
    const body = decipher.update(sealed.subarray(0, ciphertextLength));
    try {
      const rest = decipher.final();
      return rest.length === 0 ? body : Buffer.concat([body, rest]);
    } catch (cause) {
      body.fill(0);
      throw encryptionError(
        ENCRYPTION_ERROR_CODES.segmentAuthFailed,
        `Encrypted segment ${this.counter} failed authentication: the package is corrupt, or segments were reordered, dropped or duplicated`,
        { segment: this.counter, final },
        cause,
      );
    }
  }

  private endError(): Error | null {
    switch (this.state) {
      case 'done':
        return null;
      case 'segments':
        return encryptionError(
          ENCRYPTION_ERROR_CODES.truncated,
          `The encrypted package is truncated: it ends after ${this.counter} segment(s) without a final segment`,
          { segments: this.counter },
        );
      case 'header':
        if (this.received === 0) {
          return encryptionError(
            ENCRYPTION_ERROR_CODES.notEncrypted,
            'The input is empty, not an encrypted backup package',
          );
        }
        return encryptionError(
          ENCRYPTION_ERROR_CODES.headerInvalid,
          `Invalid encrypted package header: truncated after ${this.received} of ${HEADER_LENGTH} bytes`,
          { reason: 'truncated' },
        );
    }
  }
}

/** Creates a Transform that decrypts an encrypted package back to its plaintext. */
export function createDecryptStream(passphrase: string, options: DecryptStreamOptions = {}): Transform {
  const maxScryptLog2N = options.maxScryptLog2N ?? DEFAULT_MAX_SCRYPT_LOG2N;
  if (
    !Number.isInteger(maxScryptLog2N) ||
    maxScryptLog2N < MIN_SCRYPT_LOG2N ||
    maxScryptLog2N > MAX_SCRYPT_LOG2N_LIMIT
  ) {
    throw new RangeError(
      `Invalid decryption option: maxScryptLog2N must be an integer from ${MIN_SCRYPT_LOG2N} to ${MAX_SCRYPT_LOG2N_LIMIT}, got ${maxScryptLog2N}`,
    );
  }
  return new DecryptStream(passphraseBytes(passphrase), maxScryptLog2N);
}
