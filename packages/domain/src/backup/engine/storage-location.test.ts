import { formatObjectStorageLocation, foreignStorageScheme, isObjectStorageLocation, parseObjectStorageLocation, StorageLocationError } from './storage-location';
import { validateStoragePath } from '../../configurations/configuration-rules';
import { DomainError } from '../../shared/domain-error';

describe('object storage locations', () => {
  it.each([
    ['s3://edms-backups', { bucket: 'edms-backups', prefix: '' }],
    ['s3://edms-backups/', { bucket: 'edms-backups', prefix: '' }],
    ['s3://edms-backups/nightly', { bucket: 'edms-backups', prefix: 'nightly' }],
    ['s3://edms-backups/site-a/nightly//', { bucket: 'edms-backups', prefix: 'site-a/nightly' }],
    ['  S3://abc/x  ', { bucket: 'abc', prefix: 'x' }],
    ['s3://a.b-c/x y/ü', { bucket: 'a.b-c', prefix: 'x y/ü' }],
    [`s3://${'a'.repeat(63)}/p`, { bucket: 'a'.repeat(63), prefix: 'p' }],
  ])('parses %j', (input, expected) => {
    expect(isObjectStorageLocation(input)).toBe(true);
    expect(parseObjectStorageLocation(input)).toEqual(expected);
  });

  it.each([
    ['s3://', 'not a valid bucket name'],
    ['s3://ab', 'not a valid bucket name'],
    [`s3://${'a'.repeat(64)}`, 'not a valid bucket name'],
    ['s3://Upper', 'not a valid bucket name'],
    ['s3://-abc', 'not a valid bucket name'],
    ['s3://abc-', 'not a valid bucket name'],
    ['s3://a..b', 'not a valid bucket name'],
    ['s3://a_b_c', 'not a valid bucket name'],
    ['s3://192.168.1.10', 'not a valid bucket name'],
    ['s3://bucket/a//b', 'segments'],
    ['s3://bucket/a/../b', 'segments'],
    ['s3://bucket/./b', 'segments'],
    ['s3://bucket/a\\b', 'backslashes'],
    ['s3://bucket/a\u0001b', 'control characters'],
    [`s3://bucket/${'p'.repeat(769)}`, 'longer than 768 bytes'],
    ['/var/backups', 'not an s3:// location'],
  ])('refuses %j', (input, message) => {
    expect(() => parseObjectStorageLocation(input)).toThrow(StorageLocationError);
    expect(() => parseObjectStorageLocation(input)).toThrow(message);
  });

  it('accepts a prefix of exactly 768 bytes', () => {
    expect(parseObjectStorageLocation(`s3://bucket/${'p'.repeat(768)}`).prefix).toHaveLength(768);
  });

  it('formats bucket, prefix and file name', () => {
    expect(formatObjectStorageLocation({ bucket: 'b-1', prefix: '' })).toBe('s3://b-1');
    expect(formatObjectStorageLocation({ bucket: 'b-1', prefix: '' }, 'x.tar.gz')).toBe('s3://b-1/x.tar.gz');
    expect(formatObjectStorageLocation({ bucket: 'b-1', prefix: 'a/b' }, 'x.tar.gz')).toBe('s3://b-1/a/b/x.tar.gz');
  });

  it('names foreign schemes', () => {
    expect(foreignStorageScheme('gs://bucket')).toBe('gs://');
    expect(foreignStorageScheme('file:///var/x')).toBe('file://');
    expect(foreignStorageScheme('s3://bucket')).toBeUndefined();
    expect(foreignStorageScheme('backups/nightly')).toBeUndefined();
    expect(foreignStorageScheme('/var/backups:2026')).toBeUndefined();
  });
});

describe('validateStoragePath', () => {
  const codeOf = (value: string): string | undefined => {
    try {
      validateStoragePath(value);
      return undefined;
    } catch (error) {
      return error instanceof DomainError ? `${error.code}:${String(error.details?.field)}` : 'other';
    }
  };

  it.each(['backups/nightly', '/mnt/nas/edms', 's3://edms-backups', 's3://edms-backups/site-a/nightly'])('accepts %j', (value) => {
    expect(codeOf(value)).toBeUndefined();
  });

  it.each(['', '   ', '../elsewhere', 'a/../../b', 's3://x', 's3://bucket/../x', 'gs://bucket/x', 'https://example.com/backups'])('refuses %j as CONFIG_INVALID', (value) => {
    expect(codeOf(value)).toBe('CONFIG_INVALID:storagePath');
  });
});
