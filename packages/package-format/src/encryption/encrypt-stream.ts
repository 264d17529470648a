import { createCipheriv, randomBytes, type KeyObject } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { ByteQueue } from './byte-queue';
import {
  DEFAULT_MAX_SCRYPT_LOG2N,
  DEFAULT_SCRYPT,
  DEFAULT_SEGMENT_SIZE,
  NONCE_PREFIX_LENGTH,
  SALT_LENGTH,
  SEGMENT_LENGTH_PREFIX,
  TAG_LENGTH,
  completeHeader,
  deriveKeys,
  encodeHeaderFields,
  passphraseBytes,
  scryptParamsProblem,
  segmentNonce,
  segmentSizeProblem,
  type HeaderParams,
  type ScryptParams,
} from './format';

export interface EncryptStreamOptions {
  /** Plaintext bytes per segment; 64 KiB to 64 MiB, default 1 MiB. */
  segmentSize?: number;
  /** scrypt cost; default log2N = 15, r = 8, p = 1. Must be readable with default reader limits. */
  scrypt?: ScryptParams;
}

interface Ready {
  key: KeyObject;
  header: Buffer;
}

/**
 * Encrypts a byte stream into the EDMSENC1 format. Memory stays around one segment
 * (plus whatever single chunk the writer hands in); readable backpressure holds
 * back the writer through the ordinary Transform machinery.
 */
class EncryptStream extends Transform {
  private readonly queue = new ByteQueue();
  private readonly params: HeaderParams;
  private passphrase: Buffer;
  private ready: Ready | undefined;
  private counter = 0;

  constructor(passphrase: Buffer, params: HeaderParams) {
    super();
    this.passphrase = passphrase;
    this.params = params;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.queue.append(chunk);
    this.process(false).then(() => callback(), (error: unknown) => callback(error as Error));
  }

  override _flush(callback: TransformCallback): void {
    this.process(true).then(() => callback(), (error: unknown) => callback(error as Error));
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.passphrase.fill(0);
    callback(error);
  }

  private async process(end: boolean): Promise<void> {
    const ready = this.ready ?? (await this.start());
    const { segmentSize } = this.params;
    // A full segment is never the last one: the last segment is always short
    // (possibly empty), so non-final segments can be sealed as soon as they fill.
    while (this.queue.length >= segmentSize) {
      this.pushSegment(ready, this.queue.read(segmentSize), false);
    }
    if (end) this.pushSegment(ready, this.queue.read(this.queue.length), true);
  }

  private async start(): Promise<Ready> {
    const fields = encodeHeaderFields(this.params);
    const { encryptionKey, keyCheck } = await deriveKeys(this.passphrase, this.params, fields);
    this.passphrase.fill(0);
    const ready = { key: encryptionKey, header: completeHeader(fields, keyCheck) };
    this.ready = ready;
    this.push(ready.header);
    return ready;
  }

  private pushSegment(ready: Ready, plaintext: Buffer, final: boolean): void {
    const nonce = segmentNonce(this.params.noncePrefix, this.counter, final);
    const cipher = createCipheriv('aes-256-gcm', ready.key, nonce, { authTagLength: TAG_LENGTH });
    cipher.setAAD(ready.header);
    const length = Buffer.allocUnsafe(SEGMENT_LENGTH_PREFIX);
    length.writeUInt32BE(plaintext.length, 0);
    const body = cipher.update(plaintext);
    const rest = cipher.final();
    const segment = Buffer.concat([length, body, rest, cipher.getAuthTag()]);
    this.counter += 1;
    this.push(segment);
  }
}

/**
 * Creates a Transform that turns plaintext (a `.tar.gz` stream) into an encrypted
 * package. Invalid options throw synchronously (TypeError / RangeError): they are
 * programming errors, not properties of a package.
 */
export function createEncryptStream(passphrase: string, options: EncryptStreamOptions = {}): Transform {
  const segmentSize = options.segmentSize ?? DEFAULT_SEGMENT_SIZE;
  const sizeProblem = segmentSizeProblem(segmentSize);
  if (sizeProblem !== undefined) throw new RangeError(`Invalid encryption option: ${sizeProblem}`);
  const scrypt: ScryptParams = { ...(options.scrypt ?? DEFAULT_SCRYPT) };
  const kdfProblem = scryptParamsProblem(scrypt, DEFAULT_MAX_SCRYPT_LOG2N);
  if (kdfProblem !== undefined) throw new RangeError(`Invalid encryption option: ${kdfProblem}`);
  const secret = passphraseBytes(passphrase);

  return new EncryptStream(secret, {
    scrypt,
    segmentSize,
    salt: randomBytes(SALT_LENGTH),
    noncePrefix: randomBytes(NONCE_PREFIX_LENGTH),
  });
}
