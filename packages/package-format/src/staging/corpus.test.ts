/**
 * The corpus of broken and malicious packages (issue 4 item 3, SPEC §5 step
 * 5). Every package is built here, byte by byte where GNU tar would refuse to
 * make it, and each must be refused by stagePackage with its own code, with
 * details naming what is wrong, and leave no staging directory behind.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { isDomainError, type BackupType, type DomainError } from '@edms/domain';
import { createEncryptStream } from '../encryption-stage';
import type { PackageLimits } from '../limits';
import { paxRecord } from '../tar/tar-header';
import { tempDir } from '../test-support/fixtures';
import { stagePackage } from './stage-package';
import {
  buildPackage,
  encodeTar,
  gzip,
  ndjson,
  sampleData,
  sampleSpec,
  setRows,
  setTable,
  sha256,
  specEntries,
  userRow,
  uuid,
  type PackageSpec,
  type Row,
  type TarEntrySpec,
} from './test-support/package-builder';

interface CorpusCase {
  name: string;
  build: () => Buffer | Promise<Buffer>;
  code: string;
  /** Expected subset of error.details. */
  details?: Record<string, unknown>;
  restoreType?: BackupType;
  limits?: Partial<PackageLimits>;
  maxRowBytes?: number;
  passphrase?: string;
}

const data = () => sampleData();
const rows = (table: string): Row[] => structuredClone(data().tables[table] as Row[]);
const firstKey = () => Object.keys(data().files)[0] as string;

function withExtra(spec: PackageSpec, extra: TarEntrySpec[], options: Parameters<typeof buildPackage>[1] = {}): Buffer {
  return buildPackage(spec, { ...options, extra });
}

/** A FILES package holding exactly these files. */
function filesPackage(files: Array<{ key: string; content: Buffer | string }>, options: Parameters<typeof buildPackage>[1] = {}): Buffer {
  const spec = sampleSpec('FILES');
  spec.files = files.map((file) => ({ key: file.key, content: Buffer.from(file.content) }));
  return buildPackage(spec, options);
}

function flip(data: Buffer, index: number): Buffer {
  const copy = Buffer.from(data);
  copy[index] = (copy[index] as number) ^ 0xff;
  return copy;
}

const CASES: CorpusCase[] = [
  // ---- compression and framing
  { name: 'truncated gzip (cut in half)', build: () => { const p = buildPackage(sampleSpec()); return p.subarray(0, Math.floor(p.length / 2)); }, code: 'PACKAGE_TRUNCATED' },
  { name: 'truncated gzip (trailer cut)', build: () => { const p = buildPackage(sampleSpec()); return p.subarray(0, p.length - 4); }, code: 'PACKAGE_TRUNCATED' },
  { name: 'corrupted gzip (flipped CRC-32 byte)', build: () => { const p = buildPackage(sampleSpec()); return flip(p, p.length - 6); }, code: 'PACKAGE_CORRUPT', details: { reason: 'gzip' } },
  { name: 'corrupted gzip (flipped compression method byte)', build: () => flip(buildPackage(sampleSpec()), 2), code: 'PACKAGE_CORRUPT' },
  { name: 'corrupted tar header (checksum)', build: () => { const tar = encodeTar(specEntries(sampleSpec())); tar[512 * 4 + 20] = 0x41; return gzip(tar); }, code: 'PACKAGE_CORRUPT' },
  { name: 'trailing garbage after the gzip stream', build: () => Buffer.concat([buildPackage(sampleSpec()), Buffer.from('#!/bin/sh\nrm -rf /\n')]), code: 'PACKAGE_TRAILING_DATA', details: { afterArchiveEnd: true } },
  {
    name: 'a second tar archive after the end-of-archive marker inside the gzip',
    build: () => gzip(Buffer.concat([encodeTar(specEntries(sampleSpec())), encodeTar([{ name: 'files/smuggled.pdf', content: 'evil' }])])),
    code: 'PACKAGE_TRAILING_DATA',
  },
  { name: 'not gzip at all (a zip file)', build: () => Buffer.from('PK\u0003\u0004 this is a zip'), code: 'PACKAGE_FORMAT_UNSUPPORTED' },
  { name: 'empty file', build: () => Buffer.alloc(0), code: 'PACKAGE_FORMAT_UNSUPPORTED' },

  // ---- entry names
  { name: 'path traversal ../x', build: () => withExtra(sampleSpec(), [{ name: '../x', content: 'x' }]), code: 'PACKAGE_UNSAFE_PATH', details: { path: '../x' } },
  { name: 'path traversal files/../../x', build: () => withExtra(sampleSpec(), [{ name: 'files/../../x', content: 'x' }]), code: 'PACKAGE_UNSAFE_PATH', details: { path: 'files/../../x' } },
  { name: 'absolute path /etc/x', build: () => withExtra(sampleSpec(), [{ name: '/etc/x', content: 'x' }]), code: 'PACKAGE_UNSAFE_PATH', details: { reason: 'absolute path' } },
  { name: 'backslash traversal files\\..\\x', build: () => withExtra(sampleSpec(), [{ name: 'files\\..\\..\\x', content: 'x' }]), code: 'PACKAGE_UNSAFE_PATH', details: { reason: 'backslash' } },
  { name: 'drive letter C:/x', build: () => withExtra(sampleSpec(), [{ name: 'C:/Windows/x', content: 'x' }]), code: 'PACKAGE_UNSAFE_PATH', details: { reason: 'drive letter' } },
  { name: 'NUL inside a name (pax path)', build: () => withExtra(sampleSpec(), [{ name: 'files/a.pdf', pax: { path: 'files/a.pdf\u0000.txt' }, content: 'x' }]), code: 'PACKAGE_UNSAFE_PATH', details: { reason: 'NUL character' } },
  { name: '"." segments files/./././x', build: () => withExtra(sampleSpec(), [{ name: 'files/./././x', content: 'x' }]), code: 'PACKAGE_UNSAFE_PATH', details: { reason: '"." path segment' } },
  { name: './/-prefixed absolute name', build: () => withExtra(sampleSpec(), [{ name: './/etc/x', content: 'x' }]), code: 'PACKAGE_UNSAFE_PATH' },
  {
    name: 'pax header whose path escapes (innocent ustar name)',
    build: () => withExtra(sampleSpec(), [{ name: 'files/innocent.pdf', pax: { path: '../../etc/cron.d/evil' }, content: '* * * * * root sh' }]),
    code: 'PACKAGE_UNSAFE_PATH',
    details: { path: '../../etc/cron.d/evil' },
  },
  { name: 'control character in a name', build: () => withExtra(sampleSpec(), [{ name: 'files/a\u001b[31m.pdf', content: 'x' }]), code: 'PACKAGE_UNSAFE_PATH', details: { reason: 'control character' } },

  // ---- entry types
  { name: 'symbolic link', build: () => withExtra(sampleSpec(), [{ name: 'files/link.pdf', type: '2', linkname: '/etc/passwd' }]), code: 'PACKAGE_UNSAFE_ENTRY', details: { type: 'symbolic link', linkname: '/etc/passwd' } },
  { name: 'hard link', build: () => withExtra(sampleSpec(), [{ name: 'files/hard.pdf', type: '1', linkname: 'manifest.json' }]), code: 'PACKAGE_UNSAFE_ENTRY', details: { type: 'hard link' } },
  { name: 'character device', build: () => withExtra(sampleSpec(), [{ name: 'files/null', type: '3' }]), code: 'PACKAGE_UNSAFE_ENTRY', details: { type: 'character device' } },
  { name: 'block device', build: () => withExtra(sampleSpec(), [{ name: 'files/sda', type: '4' }]), code: 'PACKAGE_UNSAFE_ENTRY', details: { type: 'block device' } },
  { name: 'FIFO', build: () => withExtra(sampleSpec(), [{ name: 'files/pipe', type: '6' }]), code: 'PACKAGE_UNSAFE_ENTRY', details: { type: 'FIFO' } },
  { name: 'GNU sparse file', build: () => withExtra(sampleSpec(), [{ name: 'files/sparse', type: 'S', content: 'x' }]), code: 'PACKAGE_UNSAFE_ENTRY', details: { type: 'GNU sparse file' } },
  { name: 'directory entry carrying data', build: () => withExtra(sampleSpec(), [{ name: 'files/dir/', type: '5', content: 'hidden' }]), code: 'PACKAGE_UNSAFE_ENTRY' },
  {
    name: 'global pax header renaming later entries',
    build: () => gzip(Buffer.concat([encodeTar([{ name: 'g', type: 'g', content: paxRecord('path', 'files/evil.pdf') }], { end: false }), encodeTar(specEntries(sampleSpec()))])),
    code: 'PACKAGE_UNSAFE_ENTRY',
  },

  // ---- duplicates and collisions
  { name: 'duplicate entry', build: () => withExtra(sampleSpec(), [{ name: `files/${firstKey()}`, content: 'second copy' }]), code: 'PACKAGE_DUPLICATE_ENTRY', details: { reason: 'same name' } },
  {
    name: 'names colliding after NFC normalisation (e + U+0301 vs U+00E9)',
    build: () => filesPackage([{ key: 'caf\u00e9.pdf', content: 'nfc' }, { key: 'cafe\u0301.pdf', content: 'nfd' }]),
    restoreType: 'FILES',
    code: 'PACKAGE_DUPLICATE_ENTRY',
    details: { path: 'files/cafe\u0301.pdf' },
  },
  {
    name: 'names colliding after case folding',
    build: () => filesPackage([{ key: 'Reports/Q1.pdf', content: 'a' }, { key: 'reports/q1.PDF', content: 'b' }]),
    restoreType: 'FILES',
    code: 'PACKAGE_DUPLICATE_ENTRY',
    details: { path: 'files/reports/q1.PDF' },
  },
  { name: 'a file that is also a directory', build: () => filesPackage([{ key: 'a', content: 'file' }, { key: 'a/b', content: 'under' }]), restoreType: 'FILES', code: 'PACKAGE_DUPLICATE_ENTRY' },
  { name: 'manifest.json duplicated', build: () => withExtra(sampleSpec(), [{ name: 'manifest.json', content: '{}' }]), code: 'PACKAGE_DUPLICATE_ENTRY', details: { path: 'manifest.json' } },

  // ---- limits
  { name: 'excessive depth', build: () => filesPackage([{ key: `${'d/'.repeat(40)}f.pdf`, content: 'deep' }]), restoreType: 'FILES', code: 'PACKAGE_LIMIT_EXCEEDED', details: { limit: 'maxDepth' } },
  {
    name: 'too many entries',
    build: () => filesPackage(Array.from({ length: 30 }, (_, i) => ({ key: `many/${i}.txt`, content: `${i}` }))),
    limits: { maxEntries: 20 },
    restoreType: 'FILES',
    code: 'PACKAGE_LIMIT_EXCEEDED',
    details: { limit: 'maxEntries' },
  },
  {
    name: 'decompression bomb (16 MiB of zeros)',
    build: () => filesPackage([{ key: 'bomb.pdf', content: Buffer.alloc(16 * 1024 * 1024) }]),
    limits: { maxCompressionRatio: 100, ratioGraceBytes: 1024 * 1024 },
    restoreType: 'FILES',
    code: 'PACKAGE_LIMIT_EXCEEDED',
    details: { limit: 'maxCompressionRatio' },
  },
  {
    name: 'total size over the limit',
    build: () => filesPackage([{ key: 'big.pdf', content: Buffer.alloc(64 * 1024, 1) }]),
    limits: { maxTotalBytes: 32 * 1024 },
    restoreType: 'FILES',
    code: 'PACKAGE_LIMIT_EXCEEDED',
    details: { limit: 'maxTotalBytes' },
  },
  { name: 'name segment longer than 255 bytes', build: () => filesPackage([{ key: `${'n'.repeat(300)}.pdf`, content: 'x' }]), restoreType: 'FILES', code: 'PACKAGE_LIMIT_EXCEEDED', details: { limit: 'maxSegmentBytes' } },

  // ---- manifest
  {
    name: 'manifest missing (no manifest.json at all)',
    build: () => gzip(encodeTar(specEntries(sampleSpec()).filter((entry) => entry.name !== 'manifest.json'))),
    code: 'PACKAGE_MANIFEST_MISSING',
    details: { path: 'database/User.ndjson' },
  },
  {
    name: 'manifest not first',
    build: () => {
      const entries = specEntries(sampleSpec());
      const [manifest, first, ...rest] = entries as [TarEntrySpec, TarEntrySpec, ...TarEntrySpec[]];
      return gzip(encodeTar([first, manifest, ...rest]));
    },
    code: 'PACKAGE_MANIFEST_MISSING',
  },
  { name: 'manifest is invalid JSON', build: () => buildPackage(sampleSpec(), { manifestText: '{"format": "edms-backup", "formatVersion": 1,' }), code: 'MANIFEST_INVALID' },
  { name: 'manifest with a prototype key', build: () => buildPackage(sampleSpec(), { manifest: (m) => Object.defineProperty(m, '__proto__', { value: { polluted: true }, enumerable: true }) }), code: 'MANIFEST_INVALID' },
  {
    name: 'manifest oversized (over 1 MiB)',
    build: () => buildPackage(sampleSpec(), { manifestText: `${JSON.stringify({ format: 'edms-backup' })}${' '.repeat(2 * 1024 * 1024)}` }),
    code: 'PACKAGE_LIMIT_EXCEEDED',
    details: { limit: 'maxManifestBytes', path: 'manifest.json' },
  },
  { name: 'unknown formatVersion', build: () => buildPackage(sampleSpec(), { manifest: (m) => (m.formatVersion = 2) }), code: 'PACKAGE_FORMAT_UNSUPPORTED', details: { field: 'formatVersion' } },
  { name: 'not an edms-backup manifest', build: () => buildPackage(sampleSpec(), { manifest: (m) => (m.format = 'other-backup') }), code: 'PACKAGE_FORMAT_UNSUPPORTED', details: { field: 'format' } },
  {
    name: 'unknown table name in the manifest and entries (a newer schema)',
    build: () => {
      const spec = sampleSpec();
      spec.tables.push({ name: 'Session', text: '{"id":"s1"}\n' });
      return buildPackage(spec);
    },
    code: 'PACKAGE_TABLE_UNKNOWN',
    details: { table: 'Session' },
  },
  {
    name: 'unknown table entry not in the manifest',
    build: () => withExtra(sampleSpec('DATABASE'), [{ name: 'database/Session.ndjson', content: '{"id":"s1"}\n' }]),
    restoreType: 'DATABASE',
    code: 'PACKAGE_TABLE_UNKNOWN',
    details: { path: 'database/Session.ndjson' },
  },
  {
    name: 'a table missing from the manifest',
    build: () => buildPackage(sampleSpec(), { manifest: (m) => delete (m.database as { tables: Record<string, unknown> }).tables.AuditEvent }),
    code: 'PACKAGE_MANIFEST_MISMATCH',
    details: { table: 'AuditEvent' },
  },
  {
    name: 'a table listed in the manifest but missing',
    build: () => {
      const spec = sampleSpec('DATABASE');
      const manifestSpec = sampleSpec('DATABASE');
      spec.tables = spec.tables.filter((table) => table.name !== 'BackupConfiguration');
      const manifest = specEntries(manifestSpec)[0]?.content as string;
      return buildPackage(spec, { manifestText: manifest });
    },
    restoreType: 'DATABASE',
    code: 'PACKAGE_ENTRY_MISSING',
    details: { table: 'BackupConfiguration' },
  },
  {
    name: 'type mismatch: a DATABASE package holding files/',
    build: () => withExtra(sampleSpec('DATABASE'), [{ name: 'files/extra.pdf', content: 'x' }]),
    restoreType: 'DATABASE',
    code: 'PACKAGE_TYPE_MISMATCH',
    details: { path: 'files/extra.pdf', backupType: 'DATABASE' },
  },
  {
    name: 'type mismatch: a FILES package holding database/',
    build: () => withExtra(sampleSpec('FILES'), [{ name: 'database/User.ndjson', content: ndjson(rows('User')) }]),
    restoreType: 'FILES',
    code: 'PACKAGE_TYPE_MISMATCH',
    details: { path: 'database/User.ndjson' },
  },
  { name: 'restore type the package does not hold', build: () => buildPackage(sampleSpec('FILES')), restoreType: 'DATABASE', code: 'RESTORE_TYPE_NOT_IN_PACKAGE' },
  { name: 'unexpected top-level entry', build: () => withExtra(sampleSpec(), [{ name: 'README.txt', content: 'hi' }]), code: 'PACKAGE_ENTRY_UNEXPECTED', details: { path: 'README.txt' } },
  { name: 'unexpected directory entry', build: () => withExtra(sampleSpec(), [{ name: 'etc/', type: '5' }]), code: 'PACKAGE_ENTRY_UNEXPECTED', details: { path: 'etc' } },
  {
    name: 'a database entry after files/ (SPEC order)',
    build: () => {
      const entries = specEntries(sampleSpec());
      const user = entries.findIndex((entry) => entry.name === 'database/User.ndjson');
      const [moved] = entries.splice(user, 1);
      entries.splice(entries.length - 1, 0, moved as TarEntrySpec);
      return gzip(encodeTar(entries));
    },
    code: 'PACKAGE_ENTRY_MISSING',
    details: { table: 'User' },
  },

  // ---- SHA256SUMS
  { name: 'SHA256SUMS missing (truncated package)', build: () => buildPackage(sampleSpec(), { noSums: true }), code: 'PACKAGE_TRUNCATED' },
  { name: 'tar without end-of-archive marker', build: () => gzip(encodeTar(specEntries(sampleSpec()), { end: false })), code: 'PACKAGE_TRUNCATED' },
  {
    name: 'checksum mismatch of a file',
    build: () => filesPackage([{ key: 'a.pdf', content: 'aaa' }, { key: 'b.pdf', content: 'bbb' }], { sumsOverride: { 'files/b.pdf': sha256('tampered') } }),
    restoreType: 'FILES',
    code: 'PACKAGE_CHECKSUM_MISMATCH',
    details: { path: 'files/b.pdf', expected: sha256('tampered'), actual: sha256('bbb') },
  },
  {
    name: 'checksum mismatch of a table',
    build: () => buildPackage(sampleSpec('DATABASE'), { sumsOverride: { 'database/AuditEvent.ndjson': sha256('x') } }),
    restoreType: 'DATABASE',
    code: 'PACKAGE_CHECKSUM_MISMATCH',
    details: { path: 'database/AuditEvent.ndjson' },
  },
  {
    name: 'entry missing from SHA256SUMS (an extra entry)',
    build: () => filesPackage([{ key: 'a.pdf', content: 'a' }, { key: 'extra.pdf', content: 'smuggled' }], { unlisted: ['files/extra.pdf'] }),
    restoreType: 'FILES',
    code: 'PACKAGE_ENTRY_UNEXPECTED',
    details: { path: 'files/extra.pdf', reason: 'not in SHA256SUMS' },
  },
  {
    name: 'entry listed in SHA256SUMS but missing',
    build: () => filesPackage([{ key: 'a.pdf', content: 'a' }], { extraSums: [`${sha256('ghost')}  files/ghost.pdf\n`] }),
    restoreType: 'FILES',
    code: 'PACKAGE_ENTRY_MISSING',
    details: { path: 'files/ghost.pdf' },
  },
  { name: 'malformed SHA256SUMS line', build: () => filesPackage([{ key: 'a.pdf', content: 'a' }], { extraSums: ['not a checksum line\n'] }), restoreType: 'FILES', code: 'PACKAGE_CORRUPT', details: { path: 'SHA256SUMS', line: 3 } },

  // ---- manifest numbers
  {
    name: 'manifest row count disagrees with the rows',
    build: () => buildPackage(sampleSpec(), { manifest: (m) => ((m.database as { tables: Record<string, { rows: number }> }).tables.User!.rows = 5) }),
    code: 'PACKAGE_MANIFEST_MISMATCH',
    details: { table: 'User', field: 'rows', expected: 5, actual: 2 },
  },
  {
    name: 'manifest table bytes disagree',
    build: () => buildPackage(sampleSpec(), { manifest: (m) => ((m.database as { tables: Record<string, { bytes: number }> }).tables.Document!.bytes += 1) }),
    code: 'PACKAGE_MANIFEST_MISMATCH',
    details: { table: 'Document', field: 'bytes' },
  },
  {
    name: 'manifest file count disagrees',
    build: () => buildPackage(sampleSpec(), { manifest: (m) => ((m.files as { count: number }).count = 4) }),
    code: 'PACKAGE_MANIFEST_MISMATCH',
    details: { field: 'files.count', expected: 4, actual: 3 },
  },

  // ---- NDJSON rows
  {
    name: 'malformed NDJSON line',
    build: () => buildPackage(setTable(sampleSpec(), 'User', `${ndjson(rows('User').slice(0, 1))}{"id": "00000000-0000-4000-8000-000000000101",\n`)),
    code: 'PACKAGE_ROW_INVALID',
    details: { table: 'User', line: 2, reason: 'not valid JSON' },
  },
  {
    name: 'blank NDJSON line',
    build: () => { const users = rows('User'); return buildPackage(setTable(sampleSpec(), 'User', `${JSON.stringify(users[0])}\n\n${JSON.stringify(users[1])}\n`)); },
    code: 'PACKAGE_ROW_INVALID',
    details: { table: 'User', line: 2, reason: 'blank line' },
  },
  {
    name: 'NDJSON line that is an array',
    build: () => buildPackage(setTable(sampleSpec(), 'BackupConfiguration', '["id", "name"]\n')),
    code: 'PACKAGE_ROW_INVALID',
    details: { table: 'BackupConfiguration', line: 1, reason: 'not a JSON object' },
  },
  {
    name: 'oversized NDJSON line',
    build: () => { const users = rows('User'); users[1]!.displayName = 'x'.repeat(8192); return buildPackage(setRows(sampleSpec(), 'User', users)); },
    maxRowBytes: 4096,
    code: 'PACKAGE_LIMIT_EXCEEDED',
    details: { table: 'User', line: 2, limit: 'maxRowBytes' },
  },
  {
    name: 'unknown column',
    build: () => { const users = rows('User'); users[1]!.isSuperuser = true; return buildPackage(setRows(sampleSpec(), 'User', users)); },
    code: 'PACKAGE_ROW_INVALID',
    details: { table: 'User', line: 2, column: 'isSuperuser' },
  },
  {
    name: 'wrong type',
    build: () => { const users = rows('User'); users[0]!.isActive = 'yes'; return buildPackage(setRows(sampleSpec(), 'User', users)); },
    code: 'PACKAGE_ROW_INVALID',
    details: { table: 'User', line: 1, column: 'isActive' },
  },
  {
    name: 'missing column',
    build: () => { const docs = rows('Document'); delete docs[1]!.title; return buildPackage(setRows(sampleSpec(), 'Document', docs)); },
    code: 'PACKAGE_ROW_INVALID',
    details: { table: 'Document', line: 2, column: 'title' },
  },
  {
    name: '__proto__ key in a row',
    build: () => {
      const [admin, ann] = rows('User') as [Row, Row];
      const hostile = `{"__proto__":{"role":"ADMIN"},${JSON.stringify(ann).slice(1)}`;
      return buildPackage(setTable(sampleSpec(), 'User', `${JSON.stringify(admin)}\n${hostile}\n`));
    },
    code: 'PACKAGE_ROW_INVALID',
    details: { table: 'User', line: 2, column: '__proto__' },
  },
  {
    name: 'invalid UTF-8 in a row',
    build: () => { const text = Buffer.from(ndjson(rows('BackupConfiguration'))); text[20] = 0xff; return buildPackage(setTable(sampleSpec(), 'BackupConfiguration', text.toString('latin1'))); },
    code: 'PACKAGE_ROW_INVALID',
    details: { table: 'BackupConfiguration', line: 1 },
  },
  {
    name: 'dangling reference (Document.ownerId)',
    build: () => { const docs = rows('Document'); docs[1]!.ownerId = uuid(0x999); return buildPackage(setRows(sampleSpec(), 'Document', docs)); },
    code: 'PACKAGE_ROW_DANGLING_REFERENCE',
    details: { table: 'Document', line: 2, column: 'ownerId', target: 'User', value: uuid(0x999) },
  },
  {
    name: 'dangling reference resolved late (DocumentVersion.documentId, tables re-ordered)',
    build: () => {
      const spec = sampleSpec('DATABASE');
      const versions = rows('DocumentVersion');
      versions[2]!.documentId = uuid(0x998);
      setRows(spec, 'DocumentVersion', versions);
      spec.tables.sort((a, b) => (a.name === 'DocumentVersion' ? -1 : b.name === 'DocumentVersion' ? 1 : 0));
      return buildPackage(spec);
    },
    restoreType: 'DATABASE',
    code: 'PACKAGE_ROW_DANGLING_REFERENCE',
    details: { table: 'DocumentVersion', line: 3, column: 'documentId', target: 'Document' },
  },
  {
    name: 'duplicate primary key',
    build: () => { const [admin, ann] = rows('User') as [Row, Row]; return buildPackage(setRows(sampleSpec(), 'User', [admin, { ...ann, id: admin.id }])); },
    code: 'PACKAGE_ROW_DUPLICATE_KEY',
    details: { table: 'User', line: 2, column: 'id' },
  },
  {
    name: 'duplicate unique column (User.username)',
    build: () => { const [admin] = rows('User') as [Row]; return buildPackage(setRows(sampleSpec(), 'User', [admin, userRow(0x101, 'admin')])); },
    code: 'PACKAGE_ROW_DUPLICATE_KEY',
    details: { table: 'User', line: 2, column: 'username' },
  },
  {
    name: 'duplicate (documentId, version)',
    build: () => { const versions = rows('DocumentVersion'); versions[1]!.version = 1; return buildPackage(setRows(sampleSpec('DATABASE'), 'DocumentVersion', versions)); },
    restoreType: 'DATABASE',
    code: 'PACKAGE_ROW_DUPLICATE_KEY',
    details: { table: 'DocumentVersion', line: 2, column: '(documentId, version)' },
  },
  {
    name: 'unsorted primary keys',
    build: () => { const [admin, ann] = rows('User') as [Row, Row]; return buildPackage(setRows(sampleSpec(), 'User', [ann, admin])); },
    code: 'PACKAGE_ROW_ORDER',
    details: { table: 'User', line: 2, column: 'id' },
  },
  {
    name: 'unsorted AuditEvent sequences',
    build: () => { const events = rows('AuditEvent'); return buildPackage(setRows(sampleSpec(), 'AuditEvent', [events[0]!, events[2]!, events[1]!])); },
    code: 'PACKAGE_ROW_ORDER',
    details: { table: 'AuditEvent', line: 3, column: 'sequence', value: 2, previous: 3 },
  },
  {
    name: 'storageKey escaping the file store (DATABASE package)',
    build: () => { const versions = rows('DocumentVersion'); versions[0]!.storageKey = '../../etc/passwd'; return buildPackage(setRows(sampleSpec('DATABASE'), 'DocumentVersion', versions)); },
    restoreType: 'DATABASE',
    code: 'PACKAGE_UNSAFE_PATH',
    details: { table: 'DocumentVersion', line: 1, column: 'storageKey', storageKey: '../../etc/passwd' },
  },
  {
    name: 'absolute storageKey',
    build: () => { const versions = rows('DocumentVersion'); versions[2]!.storageKey = '/etc/shadow'; return buildPackage(setRows(sampleSpec('DATABASE'), 'DocumentVersion', versions)); },
    restoreType: 'DATABASE',
    code: 'PACKAGE_UNSAFE_PATH',
    details: { table: 'DocumentVersion', line: 3, column: 'storageKey' },
  },

  // ---- FULL packages: rows and files agree
  {
    name: 'FULL package whose file sha256 differs from its DocumentVersion row',
    build: () => { const versions = rows('DocumentVersion'); versions[1]!.sha256 = sha256('something else'); return buildPackage(setRows(sampleSpec('FULL'), 'DocumentVersion', versions)); },
    code: 'PACKAGE_FILE_MISMATCH',
    details: { field: 'sha256', table: 'DocumentVersion', line: 2 },
  },
  {
    name: 'FULL package whose file size differs from its DocumentVersion row',
    build: () => { const versions = rows('DocumentVersion'); versions[0]!.sizeBytes = 1; return buildPackage(setRows(sampleSpec('FULL'), 'DocumentVersion', versions)); },
    code: 'PACKAGE_FILE_MISMATCH',
    details: { field: 'sizeBytes', expected: 1, line: 1 },
  },
  {
    name: 'FULL package missing the file of a DocumentVersion',
    build: () => { const spec = sampleSpec('FULL'); spec.files.pop(); return buildPackage(spec); },
    code: 'PACKAGE_ENTRY_MISSING',
    details: { table: 'DocumentVersion', line: 3, column: 'storageKey' },
  },
  {
    name: 'FULL package with a file no DocumentVersion owns',
    build: () => { const spec = sampleSpec('FULL'); spec.files.push({ key: 'orphans/evil.pdf', content: Buffer.from('x') }); return buildPackage(spec); },
    code: 'PACKAGE_ENTRY_UNEXPECTED',
    details: { path: 'files/orphans/evil.pdf', reason: 'no DocumentVersion' },
  },

  // ---- encryption
  {
    name: 'wrong passphrase on an encrypted package',
    build: async () => {
      const plain = buildPackage(sampleSpec());
      return buffer(Readable.from([plain]).pipe(createEncryptStream('the right one', { scrypt: { log2N: 10, r: 8, p: 1 } })));
    },
    passphrase: 'the wrong one',
    code: 'ENCRYPTION_WRONG_PASSPHRASE',
  },
];

describe('stagePackage refuses the malicious and broken package corpus', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('edms-corpus-');
  });
  afterAll(() => tmp.cleanup());

  it('has at least 30 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it('the unmodified sample packages stage fine (so every refusal below is caused by its one defect)', async () => {
    for (const type of ['FULL', 'DATABASE', 'FILES'] as const) {
      const path = join(tmp.path, `good-${type}.tar.gz`);
      writeFileSync(path, buildPackage(sampleSpec(type)));
      const staged = await stagePackage({ restoreId: `good-${type}`, packagePath: path, restoreType: type, migrateThrough: [], stagingDir: join(tmp.path, 'staging', `good-${type}`), durability: 'none' });
      expect(staged.manifest.backupType).toBe(type);
    }
  });

  it.each(CASES.map((c, i) => [i + 1, c.name, c] as const))('#%i %s', async (index, _name, corpusCase) => {
    const packagePath = join(tmp.path, `case-${index}.tar.gz`);
    writeFileSync(packagePath, await corpusCase.build());
    const stagingDir = join(tmp.path, 'staging', `case-${index}`);
    let error: DomainError | undefined;
    try {
      await stagePackage({
        restoreId: `case-${index}`,
        packagePath,
        passphrase: corpusCase.passphrase,
        restoreType: corpusCase.restoreType ?? 'FULL',
        migrateThrough: [],
        stagingDir,
        limits: corpusCase.limits,
        maxRowBytes: corpusCase.maxRowBytes,
        durability: 'none',
      });
    } catch (caught) {
      if (!isDomainError(caught)) throw caught;
      error = caught;
    }
    expect(error).toBeDefined();
    expect({ code: error?.code, message: error?.message }).toEqual({ code: corpusCase.code, message: expect.any(String) });
    if (corpusCase.details) expect(error?.details).toMatchObject(corpusCase.details);
    expect(existsSync(stagingDir)).toBe(false);
  });
});
