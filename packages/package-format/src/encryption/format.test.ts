import {
  ENCRYPTION_MAGIC,
  HEADER_LENGTH,
  isEncryptedPackageHead,
  scryptParamsProblem,
  segmentNonce,
} from './format';
import { encryptBuffer } from './test-support/streams';

describe('isEncryptedPackageHead', () => {
  it('recognises the head of an encrypted package', async () => {
    const ciphertext = await encryptBuffer(Buffer.from('data'));

    expect(isEncryptedPackageHead(ciphertext)).toBe(true);
    expect(isEncryptedPackageHead(ciphertext.subarray(0, HEADER_LENGTH))).toBe(true);
    expect(isEncryptedPackageHead(Buffer.from('EDMSENC1'))).toBe(true);
  });

  it('rejects other files and heads shorter than the magic', () => {
    expect(isEncryptedPackageHead(Buffer.from('1f8b0800', 'hex'))).toBe(false);
    expect(isEncryptedPackageHead(Buffer.from('EDMSENC2xxxx'))).toBe(false);
    expect(isEncryptedPackageHead(Buffer.from('EDMSENC'))).toBe(false);
    expect(isEncryptedPackageHead(Buffer.alloc(0))).toBe(false);
  });

  it('accepts a plain Uint8Array', () => {
    expect(isEncryptedPackageHead(new Uint8Array(Buffer.from('EDMSENC1\u0001')))).toBe(true);
  });

  it('is not affected by a caller mutating the exported ENCRYPTION_MAGIC', () => {
    const saved = Buffer.from(ENCRYPTION_MAGIC);
    ENCRYPTION_MAGIC[0] = 0;
    try {
      expect(isEncryptedPackageHead(Buffer.from('EDMSENC1'))).toBe(true);
    } finally {
      saved.copy(ENCRYPTION_MAGIC);
    }
  });
});

describe('segmentNonce', () => {
  const prefix = Buffer.from('a1b2c3d4', 'hex');

  it('is the 4-byte prefix, a 7-byte big-endian counter and a final flag byte', () => {
    expect(segmentNonce(prefix, 0, false).toString('hex')).toBe('a1b2c3d4' + '00000000000000' + '00');
    expect(segmentNonce(prefix, 1, true).toString('hex')).toBe('a1b2c3d4' + '00000000000001' + '01');
    expect(segmentNonce(prefix, 0x0102030405, false).toString('hex')).toBe('a1b2c3d4' + '00000102030405' + '00');
    expect(segmentNonce(prefix, 2 ** 50 + 7, false).toString('hex')).toBe('a1b2c3d4' + '04000000000007' + '00');
  });

  it('refuses counters outside exact integer range', () => {
    expect(() => segmentNonce(prefix, -1, false)).toThrow(RangeError);
    expect(() => segmentNonce(prefix, 2 ** 53, false)).toThrow(RangeError);
  });
});

describe('scryptParamsProblem', () => {
  it('accepts the defaults and the test cost', () => {
    expect(scryptParamsProblem({ log2N: 15, r: 8, p: 1 }, 20)).toBeUndefined();
    expect(scryptParamsProblem({ log2N: 10, r: 8, p: 1 }, 20)).toBeUndefined();
    expect(scryptParamsProblem({ log2N: 20, r: 8, p: 1 }, 20)).toBeUndefined();
  });

  it('refuses parameters whose memory or work exceed what log2N = max with r = 8, p = 1 costs', () => {
    expect(scryptParamsProblem({ log2N: 21, r: 8, p: 1 }, 20)).toMatch(/log2N/);
    expect(scryptParamsProblem({ log2N: 19, r: 32, p: 1 }, 20)).toMatch(/memory/);
    expect(scryptParamsProblem({ log2N: 18, r: 16, p: 4 }, 20)).toMatch(/work/);
    expect(scryptParamsProblem({ log2N: 15, r: 33, p: 1 }, 20)).toMatch(/ r /);
    expect(scryptParamsProblem({ log2N: 15, r: 8, p: 17 }, 20)).toMatch(/ p /);
  });
});
