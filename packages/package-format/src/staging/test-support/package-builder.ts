/**
 * Builds packages byte by byte for the staging tests, including what GNU tar
 * would refuse to make: links, devices, FIFOs, names with `..`, NUL or
 * backslashes, duplicate and colliding names, pax headers that rename an
 * entry, data after the end of the archive, wrong checksums and manifests.
 *
 * Regular files use the package writer's own header encoder (src/tar); every
 * other entry gets a hand-made ustar header.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { PackageBackupType } from '@edms/domain';
import { encodeArchiveEnd, encodeFileHeader, paddingFor, paxRecord } from '../../tar/tar-header';

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

// ---------------------------------------------------------------------------
// tar

export interface TarEntrySpec {
  name: string;
  /** Tar type flag; default '0' (regular file). */
  type?: string;
  content?: Buffer | string;
  linkname?: string;
  /** Stored mode; default 0644 (files) / 0755 (directories). */
  mode?: number;
  /** Stored owner (id and name). */
  uid?: number;
  uname?: string;
  /** Size field override (a directory that claims data, …). */
  size?: number;
  /** Records of a pax 'x' header put before the entry. */
  pax?: Record<string, string>;
}

const MTIME = 1795000000;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** A ustar header with any name, type and owner (no validation at all). */
export function rawHeader(spec: { name: string; type: string; size: number; mode: number; linkname?: string; uid?: number; uname?: string }): Buffer {
  const block = Buffer.alloc(512);
  block.write(spec.name, 0, 100, 'utf8');
  block.write(octal(spec.mode, 8), 100, 'ascii');
  block.write(octal(spec.uid ?? 0, 8), 108, 'ascii');
  block.write(octal(spec.uid ?? 0, 8), 116, 'ascii');
  block.write(octal(spec.size, 12), 124, 'ascii');
  block.write(octal(MTIME, 12), 136, 'ascii');
  block.write(spec.type, 156, 1, 'latin1');
  block.write(spec.linkname ?? '', 157, 100, 'utf8');
  block.write('ustar\u000000', 257, 'ascii');
  if (spec.uname) {
    block.write(spec.uname, 265, 32, 'ascii');
    block.write(spec.uname, 297, 32, 'ascii');
  }
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (block[i] as number);
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

function pad(data: Buffer): Buffer {
  return Buffer.concat([data, Buffer.alloc(paddingFor(data.length))]);
}

function isPlainFile(entry: TarEntrySpec): boolean {
  return (
    (entry.type ?? '0') === '0' &&
    entry.linkname === undefined &&
    entry.mode === undefined &&
    entry.uid === undefined &&
    entry.uname === undefined &&
    entry.size === undefined &&
    entry.pax === undefined
  );
}

/** An uncompressed tar stream; `end: false` leaves out the end-of-archive marker. */
export function encodeTar(entries: readonly TarEntrySpec[], options: { end?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  let length = 0;
  const push = (data: Buffer) => {
    parts.push(data);
    length += data.length;
  };
  for (const entry of entries) {
    const content = entry.content === undefined ? Buffer.alloc(0) : Buffer.from(entry.content);
    if (isPlainFile(entry)) {
      push(encodeFileHeader(entry.name, content.length, MTIME));
    } else {
      const type = entry.type ?? '0';
      if (entry.pax) {
        const body = Buffer.from(Object.entries(entry.pax).map(([key, value]) => paxRecord(key, value)).join(''), 'utf8');
        push(rawHeader({ name: 'PaxHeader/entry', type: 'x', size: body.length, mode: 0o644 }));
        push(pad(body));
      }
      push(
        rawHeader({
          name: entry.name,
          type,
          size: entry.size ?? content.length,
          mode: entry.mode ?? (type === '5' ? 0o755 : 0o644),
          linkname: entry.linkname,
          uid: entry.uid,
          uname: entry.uname,
        }),
      );
    }
    if (content.length > 0) push(pad(content));
  }
  if (options.end !== false) push(encodeArchiveEnd(length));
  return Buffer.concat(parts);
}

export function gzip(data: Buffer): Buffer {
  return gzipSync(data, { level: 6 });
}

// ---------------------------------------------------------------------------
// a schema-valid data set

export type Row = Record<string, unknown>;

export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

const AT = '2026-11-01T10:00:00.000Z';

export function userRow(n: number, username: string, role = 'VIEWER'): Row {
  return {
    id: uuid(n),
    username,
    email: `${username}@example.test`,
    displayName: username.toUpperCase(),
    role,
    passwordHash: `scrypt$${sha256(username)}`,
    isActive: true,
    createdAt: AT,
  };
}

export function documentRow(n: number, number: string, ownerId: string): Row {
  return { id: uuid(n), number, title: `Document ${number}`, status: 'EFFECTIVE', ownerId, createdAt: AT, updatedAt: AT };
}

export function versionRow(n: number, documentId: string, version: number, storageKey: string, content: Buffer, createdById: string): Row {
  return {
    id: uuid(n),
    documentId,
    version,
    fileName: storageKey.slice(storageKey.lastIndexOf('/') + 1),
    storageKey,
    sizeBytes: content.length,
    sha256: sha256(content),
    mimeType: 'application/pdf',
    createdById,
    createdAt: AT,
    note: version === 1 ? null : 'revised',
  };
}

export function configurationRow(n: number, name: string): Row {
  return {
    id: uuid(n),
    name,
    description: '',
    backupType: 'FULL',
    frequency: 'DAILY',
    scheduleTime: '02:00',
    dayOfWeek: null,
    dayOfMonth: null,
    storagePath: '/var/backups/edms',
    keepLast: 7,
    keepDaily: 7,
    keepWeekly: 4,
    keepMonthly: 12,
    compressionLevel: 6,
    encrypt: false,
    isEnabled: true,
    isTemporary: false,
    createdById: null,
    createdAt: AT,
    updatedAt: AT,
  };
}

export function auditRow(sequence: number, previous: string): Row {
  const row: Row = {
    sequence,
    at: AT,
    actor: 'admin',
    action: 'document.create',
    targetType: 'Document',
    targetId: uuid(0x200),
    outcome: 'SUCCESS',
    details: JSON.stringify({ note: `event ${sequence} ünïcode\nline` }),
    prevHash: previous,
    hash: '',
  };
  row.hash = sha256(`${previous}${sequence}`);
  return row;
}

export interface PackageData {
  tables: Record<string, Row[]>;
  /** storageKey → bytes (the files of the DocumentVersion rows). */
  files: Record<string, Buffer>;
}

/** A small, consistent EDMS data set: 2 users, 2 documents, 3 versions with files, 1 configuration, 3 audit events. */
export function sampleData(): PackageData {
  const admin = userRow(0x100, 'admin', 'ADMIN');
  const ann = userRow(0x101, 'ann');
  const d1 = documentRow(0x200, 'SOP-0001', admin.id as string);
  const d2 = documentRow(0x201, 'SOP-0002', ann.id as string);
  const files: Record<string, Buffer> = {
    [`documents/${d1.id as string}/1/cleaning.pdf`]: Buffer.from('%PDF-1.7 cleaning procedure\n'.repeat(300)),
    [`documents/${d1.id as string}/2/cleaning.pdf`]: Buffer.from('%PDF-1.7 cleaning procedure, revised\n'.repeat(200)),
    [`documents/${d2.id as string}/1/Prüfung é.pdf`]: Buffer.from('%PDF-1.7 inspection\n'),
  };
  const keys = Object.keys(files);
  const versions = [
    versionRow(0x300, d1.id as string, 1, keys[0] as string, files[keys[0] as string] as Buffer, admin.id as string),
    versionRow(0x301, d1.id as string, 2, keys[1] as string, files[keys[1] as string] as Buffer, ann.id as string),
    versionRow(0x302, d2.id as string, 1, keys[2] as string, files[keys[2] as string] as Buffer, ann.id as string),
  ];
  const a1 = auditRow(1, '0'.repeat(64));
  const a2 = auditRow(2, a1.hash as string);
  const a3 = auditRow(3, a2.hash as string);
  return {
    tables: {
      User: [admin, ann],
      Document: [d1, d2],
      DocumentVersion: versions,
      BackupConfiguration: [configurationRow(0x400, 'daily-full')],
      AuditEvent: [a1, a2, a3],
    },
    files,
  };
}

export function ndjson(rows: readonly Row[]): string {
  return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
}

// ---------------------------------------------------------------------------
// packages

/** What a package holds, as text and bytes, before it is encoded; mutate it to break it. */
export interface PackageSpec {
  backupType: PackageBackupType;
  /** Table entries in order: name → NDJSON text (FULL and DATABASE). */
  tables: Array<{ name: string; text: string }>;
  /** File entries in order (FULL and FILES). */
  files: Array<{ key: string; content: Buffer }>;
}

export function sampleSpec(backupType: PackageBackupType = 'FULL', data: PackageData = sampleData()): PackageSpec {
  const withDatabase = backupType !== 'FILES';
  const withFiles = backupType !== 'DATABASE';
  return {
    backupType,
    tables: withDatabase ? Object.entries(data.tables).map(([name, rows]) => ({ name, text: ndjson(rows) })) : [],
    files: withFiles ? Object.entries(data.files).map(([key, content]) => ({ key, content })) : [],
  };
}

/** The manifest object a spec's content implies. */
export function manifestFor(spec: PackageSpec): Record<string, unknown> {
  const manifest: Record<string, unknown> = {
    format: 'edms-backup',
    formatVersion: 1,
    packageId: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    createdAt: '2026-11-26T02:00:00.000Z',
    backupType: spec.backupType,
    source: { instanceId: 'instance-1', hostname: 'edms-test', appVersion: '0.1.0', databaseProvider: 'sqlite' },
    schemaVersion: '20261101000000_init',
    configuration: { name: 'daily-full' },
  };
  if (spec.backupType !== 'FILES') {
    const tables: Record<string, unknown> = {};
    for (const table of spec.tables) {
      const text = Buffer.from(table.text);
      tables[table.name] = { rows: table.text.split('\n').filter((line, i, all) => i < all.length - 1 || line !== '').length, bytes: text.length, sha256: sha256(text) };
    }
    manifest.database = { tables };
  }
  if (spec.backupType !== 'DATABASE') {
    manifest.files = { count: spec.files.length, bytes: spec.files.reduce((sum, file) => sum + file.content.length, 0) };
  }
  return manifest;
}

export interface EntriesOptions {
  /** Change the computed manifest object. */
  manifest?: (manifest: Record<string, unknown>) => void;
  /** Use this text as manifest.json instead. */
  manifestText?: string;
  /** Entries put between the files and SHA256SUMS (they are listed in SHA256SUMS unless named in `unlisted`). */
  extra?: TarEntrySpec[];
  /** Entries left out of SHA256SUMS. */
  unlisted?: string[];
  /** Lines appended to SHA256SUMS. */
  extraSums?: string[];
  /** Change an entry's listed sha256. */
  sumsOverride?: Record<string, string>;
  /** Leave SHA256SUMS out. */
  noSums?: boolean;
}

/** The tar entries of a spec: manifest.json, database/*, files/*, extras, SHA256SUMS. */
export function specEntries(spec: PackageSpec, options: EntriesOptions = {}): TarEntrySpec[] {
  let manifestText = options.manifestText;
  if (manifestText === undefined) {
    const manifest = manifestFor(spec);
    options.manifest?.(manifest);
    manifestText = JSON.stringify(manifest, null, 2);
  }
  const entries: TarEntrySpec[] = [{ name: 'manifest.json', content: manifestText }];
  for (const table of spec.tables) entries.push({ name: `database/${table.name}.ndjson`, content: table.text });
  for (const file of spec.files) entries.push({ name: `files/${file.key}`, content: file.content });
  entries.push(...(options.extra ?? []));
  if (!options.noSums) {
    const unlisted = new Set(options.unlisted ?? []);
    const lines = entries
      .filter((entry) => (entry.type ?? '0') === '0' && !unlisted.has(entry.name))
      .map((entry) => `${options.sumsOverride?.[entry.name] ?? sha256(Buffer.from(entry.content ?? ''))}  ${entry.name}\n`);
    lines.push(...(options.extraSums ?? []));
    entries.push({ name: 'SHA256SUMS', content: lines.join('') });
  }
  return entries;
}

/** A gzip-compressed package of a spec. */
export function buildPackage(spec: PackageSpec, options: EntriesOptions = {}): Buffer {
  return gzip(encodeTar(specEntries(spec, options)));
}

/** Replaces a table's NDJSON text. */
export function setTable(spec: PackageSpec, name: string, text: string): PackageSpec {
  const table = spec.tables.find((t) => t.name === name);
  if (!table) throw new Error(`no table ${name}`);
  table.text = text;
  return spec;
}

/** Replaces a table's rows. */
export function setRows(spec: PackageSpec, name: string, rows: readonly Row[]): PackageSpec {
  return setTable(spec, name, ndjson(rows));
}
