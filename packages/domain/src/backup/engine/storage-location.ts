/**
 * Where a configuration keeps its packages (its storagePath): a local
 * directory (relative paths are under the data directory) or an S3-compatible
 * bucket and key prefix, `s3://<bucket>[/<prefix>]`. The object store itself
 * (endpoint, region, credentials) is set once per installation.
 */

export const S3_SCHEME = 's3://';

export interface ObjectStorageLocation {
  bucket: string;
  /** Key prefix without leading or trailing slashes; '' for the bucket's top level. */
  prefix: string;
}

/** Bucket names as S3 accepts them for path-style and virtual-host access. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;
/** S3 keys are at most 1024 bytes; leave room for the package file name. */
const MAX_PREFIX_BYTES = 768;

export class StorageLocationError extends Error {}

export function isObjectStorageLocation(storagePath: string): boolean {
  return storagePath.trim().toLowerCase().startsWith(S3_SCHEME);
}

/**
 * Parses `s3://bucket/prefix`; throws StorageLocationError with a sentence
 * saying what is wrong. Trailing slashes are dropped; empty, `.` and `..`
 * segments, backslashes and control characters are refused.
 */
export function parseObjectStorageLocation(storagePath: string): ObjectStorageLocation {
  const trimmed = storagePath.trim();
  if (!trimmed.toLowerCase().startsWith(S3_SCHEME)) throw new StorageLocationError(`"${storagePath}" is not an s3:// location`);
  const rest = trimmed.slice(S3_SCHEME.length).replace(/\/+$/, '');
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const prefix = slash < 0 ? '' : rest.slice(slash + 1);
  if (!BUCKET.test(bucket) || bucket.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(bucket)) {
    throw new StorageLocationError(`"${bucket}" is not a valid bucket name (3–63 lowercase letters, digits, dots and hyphens)`);
  }
  if (prefix !== '') {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f\\]/.test(prefix)) throw new StorageLocationError('the key prefix must not hold control characters or backslashes');
    if (prefix.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
      throw new StorageLocationError('the key prefix must not hold empty, "." or ".." segments');
    }
    if (new TextEncoder().encode(prefix).length > MAX_PREFIX_BYTES) {
      throw new StorageLocationError(`the key prefix is longer than ${MAX_PREFIX_BYTES} bytes`);
    }
  }
  return { bucket, prefix };
}

export function formatObjectStorageLocation(location: ObjectStorageLocation, fileName?: string): string {
  const key = [location.prefix, fileName].filter((part) => part !== undefined && part !== '').join('/');
  return `${S3_SCHEME}${location.bucket}${key ? `/${key}` : ''}`;
}

/** The `scheme://` of a storage path that names some other kind of storage (not supported). */
export function foreignStorageScheme(storagePath: string): string | undefined {
  const trimmed = storagePath.trim();
  if (isObjectStorageLocation(trimmed)) return undefined;
  return SCHEME.exec(trimmed)?.[0];
}
