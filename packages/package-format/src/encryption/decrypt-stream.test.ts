import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '@edms/domain';
import { createDecryptStream } from './decrypt-stream';
import { createEncryptStream } from './encrypt-stream';
import { ENCRYPTION_ERROR_CODES, type EncryptionErrorCode } from './errors';
import { HEADER_LENGTH } from './format';
import {
  FAST_SCRYPT,
  PASSPHRASE,
  SEGMENT,
  decryptBuffer,
  encryptBuffer,
  fillWithoutReading,
  flipBit,
  forgeHeader,
  patternBytes,
  segmentSpans,
  seededRandom,
  splitEvery,
  splitRandomly,
  type DecryptOutcome,
} from './test-support/streams';

const codes = ENCRYPTION_ERROR_CODES;

function expectFailure(outcome: DecryptOutcome, code: EncryptionErrorCode): DomainError {
  expect(outcome.error).toBeInstanceOf(DomainError);
  const error = outcome.error as DomainError;
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(10);
  return error;
}

function expectOutputIsPrefix(outcome: DecryptOutcome, plaintext: Buffer, length: number): void {
  expect(outcome.output.length).toBe(length);
  expect(outcome.output.equals(plaintext.subarray(0, length))).toBe(true);
}

describe('createDecryptStream', () => {
  describe('round trip', () => {
    it.each([
      ['empty input', 0],
      ['1 byte', 1],
      ['exactly one segment', SEGMENT],
      ['one segment plus one byte', SEGMENT + 1],
      ['exactly three segments', 3 * SEGMENT],
      ['many segments and a partial one', 7 * SEGMENT + 12345],
    ])('restores %s exactly', async (_name, length) => {
      const plaintext = patternBytes(length);
      const outcome = await decryptBuffer(await encryptBuffer(plaintext));

      expect(outcome.error).toBeUndefined();
      expect(outcome.output.equals(plaintext)).toBe(true);
    });

    it.each([1, 2, 3, 4])('restores input however both sides are chunked (seed %i)', async (seed) => {
      const random = seededRandom(seed);
      const plaintext = patternBytes(9 * SEGMENT + Math.floor(random() * SEGMENT), seed);
      const ciphertext = await encryptBuffer(plaintext, {}, splitRandomly(plaintext, random, 3 * SEGMENT));
      const outcome = await decryptBuffer(
        ciphertext,
        PASSPHRASE,
        {},
        splitRandomly(ciphertext, random, seed % 2 === 0 ? 200 * 1024 : 5000),
      );

      expect(outcome.error).toBeUndefined();
      expect(outcome.output.equals(plaintext)).toBe(true);
    });

    it('restores input fed one byte at a time across the header and segment boundaries', async () => {
      const plaintext = patternBytes(SEGMENT + 40);
      const ciphertext = await encryptBuffer(plaintext);
      const firstBoundary = HEADER_LENGTH + 4 + SEGMENT + 16;
      const chunks = [
        ...splitEvery(ciphertext.subarray(0, 200), 1),
        ciphertext.subarray(200, firstBoundary - 30),
        ...splitEvery(ciphertext.subarray(firstBoundary - 30), 1),
      ];
      const outcome = await decryptBuffer(ciphertext, PASSPHRASE, {}, chunks);

      expect(outcome.error).toBeUndefined();
      expect(outcome.output.equals(plaintext)).toBe(true);
    });

    it('compares passphrases in Unicode NFC form', async () => {
      const plaintext = Buffer.from('data');
      const encrypt = createEncryptStream('caf\u00e9', { segmentSize: SEGMENT, scrypt: FAST_SCRYPT });
      const parts: Buffer[] = [];
      encrypt.on('data', (chunk: Buffer) => parts.push(chunk));
      await pipeline(Readable.from([plaintext]), encrypt);
      const outcome = await decryptBuffer(Buffer.concat(parts), 'cafe\u0301');

      expect(outcome.error).toBeUndefined();
      expect(outcome.output.equals(plaintext)).toBe(true);
    });
  });

  describe('passphrase', () => {
    it('refuses a wrong passphrase with ENCRYPTION_WRONG_PASSPHRASE before releasing any byte', async () => {
      const ciphertext = await encryptBuffer(patternBytes(3 * SEGMENT));
      const outcome = await decryptBuffer(ciphertext, 'not the passphrase');

      expectFailure(outcome, codes.wrongPassphrase);
      expect(outcome.output.length).toBe(0);
    });

    it('refuses an empty passphrase synchronously', () => {
      expect(() => createDecryptStream('')).toThrow(TypeError);
    });
  });

  describe('segment tampering', () => {
    const plaintext = patternBytes(5 * SEGMENT + 1000, 42);
    let ciphertext: Buffer;
    let spans: ReturnType<typeof segmentSpans>;

    beforeAll(async () => {
      ciphertext = await encryptBuffer(plaintext);
      spans = segmentSpans(ciphertext);
      expect(spans.map((span) => span.plaintextLength)).toEqual([
        SEGMENT,
        SEGMENT,
        SEGMENT,
        SEGMENT,
        SEGMENT,
        1000,
      ]);
    });

    const span = (index: number): { start: number; end: number } => spans[index] as { start: number; end: number };
    const bytesOf = (index: number): Buffer => ciphertext.subarray(span(index).start, span(index).end);
    const rebuild = (order: number[]): Buffer =>
      Buffer.concat([ciphertext.subarray(0, HEADER_LENGTH), ...order.map(bytesOf)]);

    it.each([
      ['the first segment', 0],
      ['a middle segment', 2],
      ['the last segment', 5],
    ])(
      'refuses a flipped ciphertext bit in %s with ENCRYPTION_SEGMENT_AUTH_FAILED, releasing only earlier segments',
      async (_name, index) => {
        const outcome = await decryptBuffer(flipBit(ciphertext, span(index).start + 4 + 10, 3));

        expect(expectFailure(outcome, codes.segmentAuthFailed).details).toMatchObject({ segment: index });
        expectOutputIsPrefix(outcome, plaintext, index * SEGMENT);
      },
    );

    it.each([
      ['the first segment', 0],
      ['a middle segment', 2],
      ['the last segment', 5],
    ])('refuses a flipped tag bit in %s with ENCRYPTION_SEGMENT_AUTH_FAILED', async (_name, index) => {
      const outcome = await decryptBuffer(flipBit(ciphertext, span(index).end - 1, 7));

      expectFailure(outcome, codes.segmentAuthFailed);
      expectOutputIsPrefix(outcome, plaintext, index * SEGMENT);
    });

    it('refuses a flipped bit in a segment length prefix with ENCRYPTION_SEGMENT_AUTH_FAILED', async () => {
      for (const bit of [0, 3, 7]) {
        for (const byte of [0, 1, 2, 3]) {
          const outcome = await decryptBuffer(flipBit(ciphertext, span(1).start + byte, bit));
          expectFailure(outcome, codes.segmentAuthFailed);
          expectOutputIsPrefix(outcome, plaintext, SEGMENT);
        }
      }
    });

    it('refuses a dropped middle segment with ENCRYPTION_SEGMENT_AUTH_FAILED', async () => {
      const outcome = await decryptBuffer(rebuild([0, 1, 3, 4, 5]));

      expect(expectFailure(outcome, codes.segmentAuthFailed).details).toMatchObject({ segment: 2 });
      expectOutputIsPrefix(outcome, plaintext, 2 * SEGMENT);
    });

    it('refuses a dropped first segment with ENCRYPTION_SEGMENT_AUTH_FAILED and no output', async () => {
      const outcome = await decryptBuffer(rebuild([1, 2, 3, 4, 5]));

      expectFailure(outcome, codes.segmentAuthFailed);
      expect(outcome.output.length).toBe(0);
    });

    it('refuses a duplicated segment with ENCRYPTION_SEGMENT_AUTH_FAILED', async () => {
      const outcome = await decryptBuffer(rebuild([0, 1, 2, 2, 3, 4, 5]));

      expect(expectFailure(outcome, codes.segmentAuthFailed).details).toMatchObject({ segment: 3 });
      expectOutputIsPrefix(outcome, plaintext, 3 * SEGMENT);
    });

    it('refuses two swapped segments with ENCRYPTION_SEGMENT_AUTH_FAILED', async () => {
      const outcome = await decryptBuffer(rebuild([0, 3, 2, 1, 4, 5]));

      expect(expectFailure(outcome, codes.segmentAuthFailed).details).toMatchObject({ segment: 1 });
      expectOutputIsPrefix(outcome, plaintext, SEGMENT);
    });

    it('refuses the final segment moved before the last full one with ENCRYPTION_SEGMENT_AUTH_FAILED', async () => {
      const outcome = await decryptBuffer(rebuild([0, 1, 2, 3, 5, 4]));

      expectFailure(outcome, codes.segmentAuthFailed);
      expectOutputIsPrefix(outcome, plaintext, 4 * SEGMENT);
    });

    it('refuses segments moved from another package with the same passphrase', async () => {
      const other = await encryptBuffer(plaintext);
      const spliced = Buffer.concat([other.subarray(0, HEADER_LENGTH), ciphertext.subarray(HEADER_LENGTH)]);
      const outcome = await decryptBuffer(spliced);

      expectFailure(outcome, codes.segmentAuthFailed);
      expect(outcome.output.length).toBe(0);
    });

    it('reports ENCRYPTION_TRUNCATED when the final segment is dropped (cut at a segment boundary)', async () => {
      const outcome = await decryptBuffer(ciphertext.subarray(0, span(5).start));

      expectFailure(outcome, codes.truncated);
      expectOutputIsPrefix(outcome, plaintext, 5 * SEGMENT);
    });

    it('reports ENCRYPTION_TRUNCATED when cut at an earlier segment boundary', async () => {
      const outcome = await decryptBuffer(ciphertext.subarray(0, span(3).start));

      expectFailure(outcome, codes.truncated);
      expectOutputIsPrefix(outcome, plaintext, 3 * SEGMENT);
    });

    it('reports ENCRYPTION_TRUNCATED when nothing follows the header', async () => {
      const outcome = await decryptBuffer(ciphertext.subarray(0, HEADER_LENGTH));

      expectFailure(outcome, codes.truncated);
      expect(outcome.output.length).toBe(0);
    });

    it.each([
      ['inside a length prefix', () => span(2).start + 2, 2],
      ['inside a ciphertext', () => span(2).start + 4 + 100, 2],
      ['inside a tag', () => span(2).end - 5, 2],
      ['inside the final segment', () => span(5).end - 1, 5],
    ])('reports ENCRYPTION_TRUNCATED when cut %s, releasing only complete segments', async (_name, cut, complete) => {
      const outcome = await decryptBuffer(ciphertext.subarray(0, cut()));

      expectFailure(outcome, codes.truncated);
      expectOutputIsPrefix(outcome, plaintext, complete * SEGMENT);
    });

    it.each([
      ['one byte', Buffer.from([0])],
      ['a kilobyte', patternBytes(1024, 9)],
      ['a copy of the final segment', Buffer.alloc(0)],
    ])('refuses %s appended after the final segment with ENCRYPTION_TRAILING_DATA', async (name, extra) => {
      const appended = name.startsWith('a copy') ? bytesOf(5) : extra;
      const outcome = await decryptBuffer(Buffer.concat([ciphertext, appended]));

      expectFailure(outcome, codes.trailingData);
      expect(outcome.output.equals(plaintext)).toBe(true);
    });

    it('refuses trailing data after an empty final segment', async () => {
      const exact = patternBytes(2 * SEGMENT);
      const outcome = await decryptBuffer(Buffer.concat([await encryptBuffer(exact), Buffer.from('x')]));

      expectFailure(outcome, codes.trailingData);
    });

    it('reports the same codes however the tampered input is chunked', async () => {
      const random = seededRandom(99);
      const cases: Array<[Buffer, EncryptionErrorCode]> = [
        [flipBit(ciphertext, span(3).start + 500), codes.segmentAuthFailed],
        [rebuild([0, 2, 1, 3, 4, 5]), codes.segmentAuthFailed],
        [ciphertext.subarray(0, span(4).start + 7), codes.truncated],
        [Buffer.concat([ciphertext, Buffer.from('junk')]), codes.trailingData],
      ];
      for (const [input, code] of cases) {
        const outcome = await decryptBuffer(input, PASSPHRASE, {}, splitRandomly(input, random, 30000));
        expectFailure(outcome, code);
      }
    });
  });

  describe('header', () => {
    let ciphertext: Buffer;

    beforeAll(async () => {
      ciphertext = await encryptBuffer(patternBytes(SEGMENT + 10));
    });

    it('refuses every single-bit flip in the header: magic → NOT_ENCRYPTED, version → UNSUPPORTED_VERSION, rest → HEADER_INVALID', async () => {
      const seen = new Map<string, number>();
      for (let byte = 0; byte < HEADER_LENGTH; byte += 1) {
        const expected =
          byte < 8 ? codes.notEncrypted : byte === 8 ? codes.unsupportedVersion : codes.headerInvalid;
        for (let bit = 0; bit < 8; bit += 1) {
          const outcome = await decryptBuffer(flipBit(ciphertext, byte, bit));
          const code = (outcome.error as DomainError | undefined)?.code ?? 'none';
          const key = `${byte < 8 ? 'magic' : byte === 8 ? 'version' : 'other'}:${code}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
          if (code !== expected || outcome.output.length !== 0) {
            throw new Error(`bit ${bit} of header byte ${byte}: got ${code} and ${outcome.output.length} bytes`);
          }
        }
      }
      expect(Object.fromEntries(seen)).toEqual({
        'magic:ENCRYPTION_NOT_ENCRYPTED': 64,
        'version:ENCRYPTION_UNSUPPORTED_VERSION': 8,
        'other:ENCRYPTION_HEADER_INVALID': (HEADER_LENGTH - 9) * 8,
      });
    });

    it.each([
      ['an unknown KDF id', (h: Buffer) => void (h[9] = 2), 'kdf'],
      ['log2N above the default limit of 20', (h: Buffer) => void (h[10] = 21), 'kdf-parameters'],
      ['log2N of 255', (h: Buffer) => void (h[10] = 255), 'kdf-parameters'],
      ['log2N below 10', (h: Buffer) => void (h[10] = 9), 'kdf-parameters'],
      ['r of 0', (h: Buffer) => void (h[11] = 0), 'kdf-parameters'],
      ['r of 255', (h: Buffer) => void (h[11] = 255), 'kdf-parameters'],
      ['p of 255', (h: Buffer) => void (h[12] = 255), 'kdf-parameters'],
      ['memory N·r over budget (2^19 · 32)', (h: Buffer) => void ((h[10] = 19), (h[11] = 32)), 'kdf-parameters'],
      ['work N·r·p over budget (2^20 · 8 · 2)', (h: Buffer) => void ((h[10] = 20), (h[12] = 2)), 'kdf-parameters'],
      ['a segment size above 64 MiB', (h: Buffer) => void h.writeUInt32BE(64 * 1024 * 1024 + 1, 29), 'segment-size'],
      ['a segment size below 64 KiB', (h: Buffer) => void h.writeUInt32BE(1024, 29), 'segment-size'],
      ['a zero segment size', (h: Buffer) => void h.writeUInt32BE(0, 29), 'segment-size'],
    ])('refuses a header declaring %s with ENCRYPTION_HEADER_INVALID', async (_name, edit, reason) => {
      const outcome = await decryptBuffer(forgeHeader(ciphertext, edit));

      expect(expectFailure(outcome, codes.headerInvalid).details).toEqual({ reason });
      expect(outcome.output.length).toBe(0);
    });

    it('refuses KDF parameters above maxScryptLog2N without deriving a key', async () => {
      const costly = await encryptBuffer(Buffer.from('x'), { scrypt: { log2N: 12, r: 8, p: 1 } });
      const crypto = jest.requireActual<typeof import('node:crypto')>('node:crypto');
      const spy = jest.spyOn(crypto, 'scrypt');
      try {
        const refused = await decryptBuffer(costly, PASSPHRASE, { maxScryptLog2N: 11 });
        expectFailure(refused, codes.headerInvalid);
        expect(spy).not.toHaveBeenCalled();

        const accepted = await decryptBuffer(costly, PASSPHRASE, { maxScryptLog2N: 12 });
        expect(accepted.error).toBeUndefined();
        expect(accepted.output.toString()).toBe('x');
        expect(spy).toHaveBeenCalledTimes(1);
      } finally {
        spy.mockRestore();
      }
    });

    it('refuses an invalid maxScryptLog2N option synchronously', () => {
      expect(() => createDecryptStream(PASSPHRASE, { maxScryptLog2N: 9 })).toThrow(RangeError);
      expect(() => createDecryptStream(PASSPHRASE, { maxScryptLog2N: 25 })).toThrow(RangeError);
      expect(() => createDecryptStream(PASSPHRASE, { maxScryptLog2N: 20.5 })).toThrow(RangeError);
    });

    it('refuses a header from a newer format version with ENCRYPTION_UNSUPPORTED_VERSION', async () => {
      const outcome = await decryptBuffer(forgeHeader(ciphertext, (h) => void (h[8] = 2)));

      expect(expectFailure(outcome, codes.unsupportedVersion).details).toMatchObject({ version: 2 });
    });

    it('reports a header altered and re-checksummed as ENCRYPTION_WRONG_PASSPHRASE (indistinguishable without the key)', async () => {
      const outcome = await decryptBuffer(forgeHeader(ciphertext, (h) => void (h[33] = (h[33] as number) ^ 1)));

      expectFailure(outcome, codes.wrongPassphrase);
      expect(outcome.output.length).toBe(0);
    });

    it('refuses a truncated header with ENCRYPTION_HEADER_INVALID', async () => {
      for (const length of [3, 8, 9, 50, HEADER_LENGTH - 1]) {
        const outcome = await decryptBuffer(ciphertext.subarray(0, length));
        expect(expectFailure(outcome, codes.headerInvalid).details).toEqual({ reason: 'truncated' });
      }
    });
  });

  describe('input that is not encrypted', () => {
    it('refuses a gzip stream with ENCRYPTION_NOT_ENCRYPTED', async () => {
      const gzipHead = Buffer.from('1f8b0800000000000003', 'hex');
      const outcome = await decryptBuffer(Buffer.concat([gzipHead, patternBytes(5000)]));

      expectFailure(outcome, codes.notEncrypted);
      expect(outcome.output.length).toBe(0);
    });

    it('refuses empty input with ENCRYPTION_NOT_ENCRYPTED', async () => {
      expectFailure(await decryptBuffer(Buffer.alloc(0)), codes.notEncrypted);
    });

    it('refuses a foreign file from its first bytes, without waiting for the end of the input', async () => {
      const stream = createDecryptStream(PASSPHRASE);
      const failure = new Promise<unknown>((resolve) => stream.on('error', resolve));
      stream.write(Buffer.from('PK'));

      expect(await failure).toMatchObject({ code: codes.notEncrypted });
    });
  });

  describe('bounded memory', () => {
    it('applies backpressure: stops accepting ciphertext while nobody reads the plaintext', async () => {
      const ciphertext = await encryptBuffer(patternBytes(64 * SEGMENT));
      const stream = createDecryptStream(PASSPHRASE);
      const accepted = await fillWithoutReading(stream, ciphertext.length, (offset, size) =>
        ciphertext.subarray(offset, offset + size),
      );

      expect(accepted).toBeLessThan(6 * SEGMENT);
      stream.destroy();
    });

    it('streams a 64 MiB round trip holding only a few segments in flight', async () => {
      const total = 64 * 1024 * 1024;
      const chunkSize = 64 * 1024;
      const block = patternBytes(1024 * 1024, 5);
      const sourceHash = createHash('sha256');
      const sinkHash = createHash('sha256');
      let produced = 0;
      let consumed = 0;
      let maxInFlight = 0;
      const baseline = process.memoryUsage().arrayBuffers;
      let maxArrayBuffers = baseline;

      async function* source(): AsyncGenerator<Buffer> {
        for (let offset = 0; offset < total; offset += chunkSize) {
          const chunk = Buffer.from(block.subarray(offset % block.length, (offset % block.length) + chunkSize));
          chunk.writeUInt32BE(offset, 0);
          sourceHash.update(chunk);
          produced += chunk.length;
          yield chunk;
        }
      }
      const sink = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          consumed += chunk.length;
          maxInFlight = Math.max(maxInFlight, produced - consumed);
          maxArrayBuffers = Math.max(maxArrayBuffers, process.memoryUsage().arrayBuffers);
          sinkHash.update(chunk);
          callback();
        },
      });

      await pipeline(
        source(),
        createEncryptStream(PASSPHRASE, { scrypt: FAST_SCRYPT }),
        createDecryptStream(PASSPHRASE),
        sink,
      );

      expect(consumed).toBe(total);
      expect(sinkHash.digest('hex')).toBe(sourceHash.digest('hex'));
      // Default 1 MiB segments: a handful may sit in stream buffers, never the whole input.
      expect(maxInFlight).toBeLessThan(8 * 1024 * 1024);
      // Loose: garbage collection timing varies (about 30 MiB of uncollected garbage is
      // typical), but holding the input and its ciphertext would need at least 128 MiB.
      expect(maxArrayBuffers - baseline).toBeLessThan(1.5 * total);
    }, 120_000);
  });
});
