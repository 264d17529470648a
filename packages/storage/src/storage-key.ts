import { DomainError } from '@edms/domain';

/**
 * A storage key is a relative path with forward slashes. Anything that could
 * escape the store root or mean different things on different systems is refused.
 */
export function assertSafeStorageKey(key: string): void {
  const segments = key.split('/');
  const unsafe =
    key.length === 0 ||
    key.length > 1024 ||
    key.startsWith('/') ||
    key.includes('\\') ||
    key.includes('\0') ||
    /^[a-zA-Z]:/.test(key) ||
    segments.some((s) => s === '' || s === '.' || s === '..' || s.length > 255);
  if (unsafe) {
    throw new DomainError('STORAGE_KEY_INVALID', `storage key "${key}" is not a safe relative path`, { details: { key } });
  }
}
