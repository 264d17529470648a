import { createHash } from 'node:crypto';
import { Readable, type Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDecryptStream, type DecryptStreamOptions } from '../decrypt-stream';
import { createEncryptStream, type EncryptStreamOptions } from '../encrypt-stream';
import { HEADER_LENGTH, SEGMENT_LENGTH_PREFIX, TAG_LENGTH } from '../format';

export const PASSPHRASE = 'correct horse battery staple';
/** Cheap scrypt for tests. */
export const FAST_SCRYPT = { log2N: 10, r: 8, p: 1 } as const;
export const SEGMENT = 64 * 1024;

/** Deterministic PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Deterministic pseudo-random bytes. */
export function patternBytes(length: number, seed = 1): Buffer {
  const out = Buffer.alloc(length);
  let block = Buffer.alloc(0);
  for (let offset = 0, counter = 0; offset < length; counter += 1) {
    block = createHash('sha256').update(`${seed}:${counter}`).digest();
    offset += block.copy(out, offset);
  }
  return out;
}

/** Splits `data` into chunks of 1..maxChunk bytes chosen by `random`. */
export function splitRandomly(data: Buffer, random: () => number, maxChunk: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < data.length; ) {
    const size = 1 + Math.floor(random() * maxChunk);
    chunks.push(data.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

export function splitEvery(data: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += size) chunks.push(data.subarray(offset, offset + size));
  return chunks;
}

async function run(stream: Transform, chunks: Buffer[]): Promise<{ output: Buffer; error: unknown }> {
  const parts: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => parts.push(chunk));
  let error: unknown;
  try {
    await pipeline(Readable.from(chunks), stream);
  } catch (caught) {
    error = caught;
  }
  return { output: Buffer.concat(parts), error };
}

export async function encryptBuffer(
  plaintext: Buffer,
  options: EncryptStreamOptions = {},
  chunks: Buffer[] = [plaintext],
): Promise<Buffer> {
  const { output, error } = await run(
    createEncryptStream(PASSPHRASE, { segmentSize: SEGMENT, scrypt: FAST_SCRYPT, ...options }),
    chunks,
  );
  if (error !== undefined) throw error;
  return output;
}

export interface DecryptOutcome {
  /** Everything the decrypt stream released before it ended or failed. */
  output: Buffer;
  error: unknown;
}

export function decryptBuffer(
  ciphertext: Buffer,
  passphrase = PASSPHRASE,
  options: DecryptStreamOptions = {},
  chunks: Buffer[] = [ciphertext],
): Promise<DecryptOutcome> {
  return run(createDecryptStream(passphrase, options), chunks);
}

export interface SegmentSpan {
  start: number;
  end: number;
  plaintextLength: number;
}

/** Where each segment of a well-formed package lies (for tampering tests). */
export function segmentSpans(ciphertext: Buffer): SegmentSpan[] {
  const spans: SegmentSpan[] = [];
  let offset = HEADER_LENGTH;
  while (offset < ciphertext.length) {
    const plaintextLength = ciphertext.readUInt32BE(offset);
    const end = offset + SEGMENT_LENGTH_PREFIX + plaintextLength + TAG_LENGTH;
    spans.push({ start: offset, end, plaintextLength });
    offset = end;
  }
  return spans;
}

export function flipBit(data: Buffer, byteIndex: number, bit = 0): Buffer {
  const copy = Buffer.from(data);
  copy[byteIndex] = (copy[byteIndex] as number) ^ (1 << bit);
  return copy;
}

/** Overwrites header bytes and recomputes the header checksum, as a deliberate forger would. */
export function forgeHeader(ciphertext: Buffer, edit: (header: Buffer) => void): Buffer {
  const copy = Buffer.from(ciphertext);
  const header = copy.subarray(0, HEADER_LENGTH);
  edit(header);
  createHash('sha256').update(header.subarray(0, HEADER_LENGTH - 32)).digest().copy(header, HEADER_LENGTH - 32);
  return copy;
}

/**
 * Writes 16 KiB chunks into `stream` without ever reading its output, waiting for
 * 'drain' whenever write() says so (giving up after `idleMs` without one). Returns
 * how many bytes the stream accepted: bounded if it honours backpressure.
 */
export async function fillWithoutReading(
  stream: Writable,
  limit: number,
  source: (offset: number, size: number) => Buffer = (_offset, size) => Buffer.alloc(size),
  idleMs = 250,
): Promise<number> {
  const size = 16 * 1024;
  let accepted = 0;
  while (accepted < limit) {
    const chunk = source(accepted, size);
    accepted += chunk.length;
    if (chunk.length === 0) break;
    if (!stream.write(chunk)) {
      const drained = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          stream.off('drain', onDrain);
          resolve(false);
        }, idleMs);
        const onDrain = (): void => {
          clearTimeout(timer);
          resolve(true);
        };
        stream.once('drain', onDrain);
      });
      if (!drained) break;
    }
  }
  return accepted;
}
