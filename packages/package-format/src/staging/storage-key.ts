/**
 * The storage-key rule of the file store (packages/storage/src/storage-key.ts,
 * `assertSafeStorageKey`), repeated here so that the package format does not
 * depend on the storage package: a relative path with forward slashes, no
 * empty, `.` or `..` segment, no backslash, NUL or drive letter, at most 1024
 * characters and 255 per segment.
 */
export function isSafeStorageKey(key: string): boolean {
  if (key.length === 0 || key.length > 1024) return false;
  if (key.startsWith('/') || key.includes('\\') || key.includes('\0') || /^[a-zA-Z]:/.test(key)) return false;
  for (const segment of key.split('/')) {
    if (segment === '' || segment === '.' || segment === '..' || segment.length > 255) return false;
  }
  return true;
}
