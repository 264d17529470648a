/**
 * Entry names of package format v1 (SPEC §3) and the path rules shared by the
 * writer (so it never writes what a reader refuses) and the reader.
 */
import { TABLE_NAME_PATTERN } from '@edms/domain';
import { packageError } from './errors';
import type { PackageLimits } from './limits';

export const MANIFEST_ENTRY = 'manifest.json';
export const SUMS_ENTRY = 'SHA256SUMS';
export const DATABASE_PREFIX = 'database/';
export const FILES_PREFIX = 'files/';
export const NDJSON_SUFFIX = '.ndjson';

export function tableEntryPath(table: string): string {
  return `${DATABASE_PREFIX}${table}${NDJSON_SUFFIX}`;
}

export function fileEntryPath(storageKey: string): string {
  return `${FILES_PREFIX}${storageKey}`;
}

/** The table name of `database/<Name>.ndjson`, or undefined for any other path. */
export function tableNameOf(path: string): string | undefined {
  if (!path.startsWith(DATABASE_PREFIX) || !path.endsWith(NDJSON_SUFFIX)) return undefined;
  const name = path.slice(DATABASE_PREFIX.length, -NDJSON_SUFFIX.length);
  return TABLE_NAME_PATTERN.test(name) ? name : undefined;
}

export type EntryRole = 'manifest' | 'sums' | 'table' | 'file' | 'other';

export function entryRole(path: string): EntryRole {
  if (path === MANIFEST_ENTRY) return 'manifest';
  if (path === SUMS_ENTRY) return 'sums';
  if (path.startsWith(FILES_PREFIX) && path.length > FILES_PREFIX.length) return 'file';
  if (tableNameOf(path) !== undefined) return 'table';
  return 'other';
}

export type PathRules = Pick<PackageLimits, 'maxDepth' | 'maxPathBytes' | 'maxSegmentBytes'>;

/**
 * Throws PACKAGE_UNSAFE_PATH for names that could escape or confuse an
 * extraction directory (absolute, `..`, `.`, empty segments, backslashes,
 * drive letters, NUL and other control characters) and PACKAGE_LIMIT_EXCEEDED
 * for names that are too long or too deep.
 */
export function checkEntryPath(path: string, rules: PathRules): void {
  const unsafe = (reason: string) =>
    packageError('PACKAGE_UNSAFE_PATH', `Unsafe entry name ${JSON.stringify(path)}: ${reason}`, { path, reason });
  if (path.length === 0) throw unsafe('empty name');
  if (path.startsWith('/')) throw unsafe('absolute path');
  if (/^[A-Za-z]:/.test(path)) throw unsafe('drive letter');
  if (path.includes('\\')) throw unsafe('backslash');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) throw unsafe(path.includes('\u0000') ? 'NUL character' : 'control character');
  if (Buffer.byteLength(path) > rules.maxPathBytes) {
    throw packageError('PACKAGE_LIMIT_EXCEEDED', `Entry name longer than ${rules.maxPathBytes} bytes`, {
      path,
      limit: 'maxPathBytes',
    });
  }
  const segments = path.split('/');
  for (const segment of segments) {
    if (segment === '') throw unsafe('empty path segment');
    if (segment === '.' || segment === '..') throw unsafe(`"${segment}" path segment`);
    if (Buffer.byteLength(segment) > rules.maxSegmentBytes) {
      throw packageError('PACKAGE_LIMIT_EXCEEDED', `Entry name segment longer than ${rules.maxSegmentBytes} bytes`, {
        path,
        limit: 'maxSegmentBytes',
      });
    }
  }
  if (segments.length > rules.maxDepth) {
    throw packageError('PACKAGE_LIMIT_EXCEEDED', `Entry name deeper than ${rules.maxDepth} levels`, {
      path,
      limit: 'maxDepth',
    });
  }
}

/**
 * The key two names collide under on a case-insensitive or normalising file
 * system: Unicode NFC, then lower case.
 */
export function foldPath(path: string): string {
  return path.normalize('NFC').toLowerCase();
}
