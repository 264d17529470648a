import { DEFAULT_MAX_UPLOAD_BYTES, isUploadId, parseMaxUploadBytes } from './upload-limit';

describe('parseMaxUploadBytes', () => {
  it('uses the default when unset', () => {
    expect(parseMaxUploadBytes(undefined)).toBe(DEFAULT_MAX_UPLOAD_BYTES);
    expect(parseMaxUploadBytes(' ')).toBe(DEFAULT_MAX_UPLOAD_BYTES);
  });

  it('reads bytes and binary units', () => {
    expect(parseMaxUploadBytes('1048576')).toBe(1024 * 1024);
    expect(parseMaxUploadBytes('512MiB')).toBe(512 * 1024 * 1024);
    expect(parseMaxUploadBytes('2 gib')).toBe(2 * 1024 ** 3);
  });

  it.each([['0'], ['-5'], ['ten'], ['1.5GiB'], ['5 GB']])('refuses %p', (value) => {
    expect(() => parseMaxUploadBytes(value)).toThrow(RangeError);
  });
});

describe('isUploadId', () => {
  it('accepts only server-made UUIDs', () => {
    expect(isUploadId('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(true);
    expect(isUploadId('../../etc/passwd')).toBe(false);
    expect(isUploadId('0F8FAD5B-D9CB-469F-A165-70867728950E')).toBe(false);
    expect(isUploadId(42)).toBe(false);
  });
});
