import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { PackageBackupType } from '@edms/domain';
import type { WritePackageFile, WritePackageManifest, WritePackageOptions, WritePackageTable } from '../writer/types';

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A fresh directory under the OS temp dir; remove it with `cleanup()`. */
export function tempDir(prefix = 'edms-pf-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export function manifestInput(backupType: PackageBackupType = 'FULL', overrides: Partial<WritePackageManifest> = {}): WritePackageManifest {
  return {
    packageId: randomUUID(),
    createdAt: '2026-11-26T02:00:00.000Z',
    backupType,
    source: { instanceId: 'instance-1', hostname: 'edms-test', appVersion: '0.1.0', databaseProvider: 'sqlite' },
    schemaVersion: '20261101000000_init',
    configuration: { name: 'daily-full' },
    ...overrides,
  };
}

/** Writes files under `<root>/store` and returns them as writer input (with expected sha256 and size). */
export function makeStore(root: string, files: Record<string, Buffer | string>): WritePackageFile[] {
  const store = join(root, 'store');
  mkdirSync(store, { recursive: true });
  return Object.entries(files).map(([storageKey, content]) => {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const absolutePath = join(store, storageKey);
    mkdirSync(dirname(absolutePath), { recursive: true });
    writeFileSync(absolutePath, data);
    return { storageKey, absolutePath, expectedSha256: sha256(data), expectedSize: data.length };
  });
}

export function table(name: string, rows: Array<Record<string, unknown>>): WritePackageTable {
  return {
    name,
    rows: async function* () {
      for (const row of rows) yield row;
    },
  };
}

export function sampleTables(): WritePackageTable[] {
  return [
    table('User', [
      { id: 'u1', username: 'admin', role: 'ADMIN', createdAt: '2026-01-01T00:00:00.000Z' },
      { id: 'u2', username: 'ann', role: 'OPERATOR', createdAt: '2026-01-02T00:00:00.000Z' },
    ]),
    table('Document', [{ id: 'd1', number: 'SOP-0001', title: 'Cleaning', status: 'EFFECTIVE', ownerId: 'u1' }]),
    table('DocumentVersion', [{ id: 'v1', documentId: 'd1', version: 1, storageKey: 'docs/sop-0001/v1.pdf' }]),
    table('BackupConfiguration', []),
    table('AuditEvent', [{ sequence: 1, action: 'user.create', details: { note: 'line\nbreak ünïcode' } }]),
  ];
}

export function baseOptions(destinationDir: string, overrides: Partial<WritePackageOptions> = {}): WritePackageOptions {
  return {
    destinationDir,
    fileName: 'daily-full_20261126T020000Z_1a2b3c4d.tar.gz',
    manifest: manifestInput('FULL'),
    tables: sampleTables(),
    files: [],
    workers: 2,
    ...overrides,
  };
}

// ---------------------------------------------------------------------------
// Hand-crafted tar streams for the reader's safety checks

export interface RawEntry {
  name: string;
  /** Tar type flag; default '0'. */
  type?: string;
  content?: Buffer | string;
  linkname?: string;
  /** Override the size field (e.g. a directory with data). */
  size?: number;
  /** Pax records to put in an 'x' header before the entry. */
  pax?: Record<string, string>;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bytes = Buffer.byteLength(body);
  let digits = 1;
  while (String(bytes + digits).length !== digits) digits++;
  return `${bytes + digits}${body}`;
}

function rawHeader(name: string, type: string, size: number, linkname = ''): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, 'utf8');
  block.write(octal(0o644, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(1795000000, 12), 136, 'ascii');
  block.write(type, 156, 1, 'latin1');
  block.write(linkname, 157, 100, 'utf8');
  block.write('ustar\u000000', 257, 'ascii');
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (block[i] as number);
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

function padded(data: Buffer): Buffer {
  const rest = data.length % 512;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(512 - rest)]);
}

/** An uncompressed tar stream built entry by entry, with any header content. */
export function rawTar(entries: RawEntry[], options: { end?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    if (entry.pax) {
      const body = Buffer.from(Object.entries(entry.pax).map(([k, v]) => paxRecord(k, v)).join(''));
      parts.push(rawHeader('PaxHeader/x', 'x', body.length), padded(body));
    }
    const content = entry.content === undefined ? Buffer.alloc(0) : Buffer.from(entry.content);
    parts.push(rawHeader(entry.name, entry.type ?? '0', entry.size ?? content.length, entry.linkname));
    if (content.length > 0) parts.push(padded(content));
  }
  if (options.end !== false) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function gzipTar(entries: RawEntry[], options: { end?: boolean } = {}): Buffer {
  return gzipSync(rawTar(entries, options));
}

/** A minimal valid manifest.json body for hand-crafted packages. */
export function manifestJson(backupType: PackageBackupType = 'FILES', files = { count: 0, bytes: 0 }): string {
  return JSON.stringify({
    format: 'edms-backup',
    formatVersion: 1,
    packageId: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    createdAt: '2026-11-26T02:00:00.000Z',
    backupType,
    source: { instanceId: 'i', hostname: 'h', appVersion: '1', databaseProvider: 'sqlite' },
    schemaVersion: 's',
    configuration: { name: 'c' },
    ...(backupType === 'FILES' ? { files } : { database: { tables: {} }, ...(backupType === 'FULL' ? { files } : {}) }),
  });
}

/** SHA256SUMS text for the given entries. */
export function sumsFor(entries: Array<{ name: string; content: Buffer | string }>): string {
  return entries.map((entry) => `${sha256(Buffer.from(entry.content))}  ${entry.name}\n`).join('');
}

export { writeFileSync };
