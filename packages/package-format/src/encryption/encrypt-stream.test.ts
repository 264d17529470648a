import { createDecryptStream } from './decrypt-stream';
import { createEncryptStream } from './encrypt-stream';
import { ENCRYPTION_MAGIC, HEADER_LENGTH, SEGMENT_LENGTH_PREFIX, TAG_LENGTH } from './format';
import {
  FAST_SCRYPT,
  PASSPHRASE,
  SEGMENT,
  encryptBuffer,
  fillWithoutReading,
  patternBytes,
  segmentSpans,
} from './test-support/streams';

describe('createEncryptStream', () => {
  it('writes a 101-byte header with magic, version, KDF id and parameters, salt, segment size and nonce prefix', async () => {
    const ciphertext = await encryptBuffer(Buffer.from('hello'), { scrypt: { log2N: 11, r: 4, p: 2 } });
    const header = ciphertext.subarray(0, HEADER_LENGTH);

    expect(header.subarray(0, 8).toString('ascii')).toBe('EDMSENC1');
    expect(header.subarray(0, 8).equals(ENCRYPTION_MAGIC)).toBe(true);
    expect(header[8]).toBe(1);
    expect(header[9]).toBe(1);
    expect([header[10], header[11], header[12]]).toEqual([11, 4, 2]);
    expect(header.readUInt32BE(29)).toBe(SEGMENT);
  });

  it('uses a fresh random salt and nonce prefix for every package', async () => {
    const plaintext = Buffer.from('same input');
    const first = await encryptBuffer(plaintext);
    const second = await encryptBuffer(plaintext);

    expect(first.subarray(13, 29).equals(second.subarray(13, 29))).toBe(false);
    expect(first.subarray(33, 37).equals(second.subarray(33, 37))).toBe(false);
    expect(first.subarray(HEADER_LENGTH).equals(second.subarray(HEADER_LENGTH))).toBe(false);
  });

  it('defaults to 1 MiB segments and scrypt N = 2^15, r = 8, p = 1', async () => {
    const stream = createEncryptStream(PASSPHRASE);
    const parts: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => parts.push(chunk));
    const done = new Promise((resolve, reject) => stream.on('end', resolve).on('error', reject));
    stream.end(Buffer.alloc(10));
    await done;
    const header = Buffer.concat(parts).subarray(0, HEADER_LENGTH);

    expect(header.readUInt32BE(29)).toBe(1024 * 1024);
    expect([header[10], header[11], header[12]]).toEqual([15, 8, 1]);
  });

  it('seals full segments as non-final and always ends with a shorter final segment', async () => {
    const exact = await encryptBuffer(patternBytes(2 * SEGMENT));
    expect(segmentSpans(exact).map((span) => span.plaintextLength)).toEqual([SEGMENT, SEGMENT, 0]);

    const partial = await encryptBuffer(patternBytes(2 * SEGMENT + 5));
    expect(segmentSpans(partial).map((span) => span.plaintextLength)).toEqual([SEGMENT, SEGMENT, 5]);

    const empty = await encryptBuffer(Buffer.alloc(0));
    expect(empty.length).toBe(HEADER_LENGTH + SEGMENT_LENGTH_PREFIX + TAG_LENGTH);
    expect(segmentSpans(empty).map((span) => span.plaintextLength)).toEqual([0]);
  });

  it('produces the same ciphertext layout however the input writes are chunked', async () => {
    const plaintext = patternBytes(3 * SEGMENT + 17);
    const whole = await encryptBuffer(plaintext);
    const bytewise = await encryptBuffer(plaintext, {}, [
      ...Array.from({ length: 300 }, (_, i) => plaintext.subarray(i, i + 1)),
      plaintext.subarray(300),
    ]);

    expect(segmentSpans(bytewise)).toEqual(segmentSpans(whole));
  });

  it('refuses invalid options synchronously', () => {
    expect(() => createEncryptStream('')).toThrow(TypeError);
    expect(() => createEncryptStream(PASSPHRASE, { segmentSize: 64 * 1024 - 1 })).toThrow(RangeError);
    expect(() => createEncryptStream(PASSPHRASE, { segmentSize: 64 * 1024 * 1024 + 1 })).toThrow(RangeError);
    expect(() => createEncryptStream(PASSPHRASE, { segmentSize: 64 * 1024 + 0.5 })).toThrow(RangeError);
    expect(() => createEncryptStream(PASSPHRASE, { scrypt: { log2N: 21, r: 8, p: 1 } })).toThrow(RangeError);
    expect(() => createEncryptStream(PASSPHRASE, { scrypt: { log2N: 9, r: 8, p: 1 } })).toThrow(RangeError);
    expect(() => createEncryptStream(PASSPHRASE, { scrypt: { log2N: 15, r: 0, p: 1 } })).toThrow(RangeError);
    expect(() => createEncryptStream(PASSPHRASE, { scrypt: { log2N: 20, r: 8, p: 2 } })).toThrow(RangeError);
  });

  it('applies backpressure: stops accepting input while nobody reads the output', async () => {
    const stream = createEncryptStream(PASSPHRASE, { segmentSize: SEGMENT, scrypt: FAST_SCRYPT });
    const accepted = await fillWithoutReading(stream, 256 * SEGMENT);

    expect(accepted).toBeLessThan(4 * SEGMENT);
    stream.destroy();
  });

  it('only ever emits output that decrypts back to the input', async () => {
    const plaintext = patternBytes(SEGMENT + 3, 7);
    const encrypt = createEncryptStream(PASSPHRASE, { segmentSize: SEGMENT, scrypt: FAST_SCRYPT });
    const decrypt = createDecryptStream(PASSPHRASE);
    const parts: Buffer[] = [];
    decrypt.on('data', (chunk: Buffer) => parts.push(chunk));
    const done = new Promise((resolve, reject) => decrypt.on('end', resolve).on('error', reject));
    encrypt.on('error', (error) => decrypt.destroy(error));
    encrypt.pipe(decrypt);
    encrypt.end(plaintext);
    await done;

    expect(Buffer.concat(parts).equals(plaintext)).toBe(true);
  });
});
