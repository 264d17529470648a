/**
 * stagePackage: the restore's validate-and-unpack step (SPEC §5 steps 5 and
 * 10). The package is read ONCE, front to back: while the reader checks every
 * entry (src/reader/entry-checks.ts: types, names, duplicates, limits, order,
 * trailing data), this module checks what the entries hold and writes what the
 * restore needs into a fresh staging directory:
 *
 * - every entry's sha256 equals its SHA256SUMS line; every line has an entry
 *   and every file entry has a line;
 * - manifest.json parses; its per-table rows, bytes and sha256 and its file
 *   count and bytes equal what was read; the entries fit its backupType and the
 *   requested restore type is one the package holds;
 * - only known tables, all of them for FULL and DATABASE packages, before any
 *   files/ entry (SPEC §3 order);
 * - every NDJSON line is a JSON object that, upgraded through
 *   `migrateThrough`, passes `validateRow`; no blank lines; a maximum line
 *   length; primary keys strictly ascending; unique columns unique; references
 *   resolved inside the package; DocumentVersion storage keys safe (row-checks.ts);
 * - in FULL packages every DocumentVersion has its files/<storageKey> entry
 *   with the row's size and sha256, and every files/ entry belongs to a version.
 *
 * Parts the restore type does not need are read and checked all the same but
 * not written. On any failure or abort the staging directory is removed
 * completely before the coded DomainError is thrown; the live system is never
 * touched here. The layout is described in staged-package.ts.
 *
 * Work is spread over three threads of one process: the main thread runs the
 * tar reader, the entry and row checks and hashes the NDJSON tables; zlib
 * inflates on libuv's pool; a writer thread (file-writer.ts) creates, writes
 * and hashes the staged files. The package is pulled on credit (gatedSource)
 * so that a slow disk never lets the reader buffer the package in memory.
 *
 * Durability: staged.json is written last (temp file, fsync, rename, fsync of
 * the directory and its parent). Before it, the staged data is made durable as
 * chosen by `durability`:
 * - 'filesystem' (default): syncfs(2) of the staging file system through
 *   coreutils' `sync -f` — in the background every 128 MiB staged, so the disk
 *   writes while we decompress, and once at the end. One writeback for all
 *   files, covering every directory entry too, instead of a flush per file.
 *   It also flushes other dirty data of that file system (a backup being
 *   written at the same time makes it slower). Without `sync -f` it falls
 *   back to fsyncing every staged file and directory at the end.
 * - 'file': the writer thread fsyncs each file before closing it, then each
 *   directory. Measured about 2× slower than 'filesystem' here (one flush
 *   round trip per file).
 * - 'none': no flush (tests, benchmarks of the read side).
 *
 * Memory is bounded by metadata, never by file contents: per entry its name and
 * sha256 until SHA256SUMS is read; per staged file its index line (sorted in
 * memory at the end: about 150 bytes per file, ~300 MiB for 2 million files);
 * the ids, unique values and storage keys row-checks.ts keeps; at most
 * `maxInFlightBytes` (16 MiB) of file data handed to the writer thread and not
 * yet written; READ_AHEAD_BYTES of package read ahead of the reader. Measured
 * peak RSS (whole process): 168 MiB for a 256 MiB store of 4.7k files, 203 MiB
 * for 1 GiB of 18.6k files — about 2 KiB per file of metadata, counting the
 * reader's duplicate-name map (docs/benchmarks.md).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import {
  BACKUP_TYPES,
  backupTypeIncludesDatabase,
  backupTypeIncludesFiles,
  EXPORTED_TABLES,
  isDomainError,
  isExportedTable,
  resolveRestoreType,
  type BackupType,
  type ExportedTable,
  type PackageManifest,
  type StagedFile,
  type StagePackageRequest,
} from '@edms/domain';
import { DomainError, errnoCode, errorMessage, packageError } from '../errors';
import { resolveLimits, type PackageLimits } from '../limits';
import { FILES_PREFIX, MANIFEST_ENTRY, SUMS_ENTRY, tableEntryPath, tableNameOf } from '../package-layout';
import { DEFAULT_ENTRY_CHECKS } from '../reader/entry-checks';
import { LineSplitter } from '../reader/line-splitter';
import { openPackageFile, type OpenedPackage, type PackageSource } from '../reader/open-package';
import { collectEntry, decodeManifest } from '../reader/read-manifest';
import { readPackage, type EntryConsumer, type PackageEntry } from '../reader/read-package';
import { stagingError } from './errors';
import { StagedFileWriter, writeFailure, type Durability, type StagedFileWriterOptions } from './file-writer';
import { LineFile } from './line-file';
import { DatabaseChecks, type TableChecks, type VersionFile } from './row-checks';
import {
  STAGED_DATABASE_DIR,
  STAGED_FILES_DIR,
  STAGED_FILES_INDEX,
  STAGED_MARKER,
  stagedPackageFrom,
  stagedTablePath,
  type StagedInfo,
  type StagedPackageHandle,
} from './staged-package';
import { isSafeStorageKey } from './storage-key';

export interface StagePackageOptions extends StagePackageRequest {
  /** Reads the package from here instead of the local file `packagePath` (object storage). */
  source?: PackageSource;
  /** Directory to create (it must not exist; its parent is created when missing). */
  stagingDir: string;
  limits?: Partial<PackageLimits>;
  /** Longest NDJSON line accepted, in bytes (default 16 MiB). */
  maxRowBytes?: number;
  /** How staged data is made durable before staged.json is written (default 'filesystem'). */
  durability?: Durability;
  /** Tuning of the file writer (in-flight bytes and files). */
  writer?: Omit<StagedFileWriterOptions, 'fsyncEachFile'>;
}

export const DEFAULT_MAX_ROW_BYTES = 16 * 1024 * 1024;

const SUMS_LINE = /^([0-9a-fA-F]{64}) [ *](.+)$/;
const PROGRESS_INTERVAL_MS = 250;
/** Compressed bytes the source may pull ahead of what the reader consumed, and the size of each pull (see gatedSource). */
const READ_AHEAD_BYTES = 512 * 1024;
const READ_PIECE_BYTES = 256 * 1024;
const STARVED_MS = 20;
/** Durability 'filesystem': a background syncfs after this many staged file bytes. */
const SYNC_EVERY_BYTES = 128 * 1024 * 1024;

function assertRequest(request: StagePackageOptions): void {
  const bad = (field: string, message: string) =>
    new DomainError('RESTORE_STAGING_FAILED', `Invalid staging request: ${field} ${message}`, { details: { field } });
  if (typeof request.stagingDir !== 'string' || request.stagingDir === '') throw bad('stagingDir', 'is required');
  if (typeof request.packagePath !== 'string' || request.packagePath === '') throw bad('packagePath', 'is required');
  if (typeof request.restoreId !== 'string' || request.restoreId === '') throw bad('restoreId', 'is required');
  if (!(BACKUP_TYPES as readonly string[]).includes(request.restoreType)) throw bad('restoreType', `must be one of ${BACKUP_TYPES.join(', ')}`);
  if (!Array.isArray(request.migrateThrough)) throw bad('migrateThrough', 'must be a list');
}

/** Creates the staging directory (mode 0700); it must not exist. */
async function createStagingDir(stagingDir: string): Promise<void> {
  try {
    await mkdir(dirname(stagingDir), { recursive: true, mode: 0o700 });
    await mkdir(stagingDir, { mode: 0o700 });
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') {
      throw stagingError('RESTORE_STAGING_EXISTS', `The staging directory ${stagingDir} already exists`, { stagingDir }, error);
    }
    throw writeFailure(error, stagingDir);
  }
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsyncs paths with bounded parallelism (concurrent fsyncs share the file system's flushes). */
async function fsyncAll(paths: readonly string[], parallel = 16): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < paths.length) await fsyncPath(paths[next++] as string);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, paths.length) }, worker));
}

/** syncfs(2) of the file system holding `path`, through coreutils' `sync -f`; false when unavailable. */
function syncFileSystem(path: string): Promise<boolean> {
  if (process.platform !== 'linux') return Promise.resolve(false);
  return new Promise((resolveSync) => {
    execFile('sync', ['-f', path], { timeout: 10 * 60 * 1000 }, (error) => resolveSync(!error));
  });
}

/** A DomainError for anything thrown while staging. */
function toStagingError(error: unknown, stagingDir: string, signal: AbortSignal | undefined): DomainError {
  if (isDomainError(error)) {
    // The reader reports a gzip stream that ends early as PACKAGE_CORRUPT (reason
    // 'truncated'); for a restore it is the truncated package it is.
    if (error.code === 'PACKAGE_CORRUPT' && error.details?.reason === 'truncated') {
      return packageError('PACKAGE_TRUNCATED', error.message, { ...error.details }, error);
    }
    return error;
  }
  if (signal?.aborted) return packageError('PACKAGE_ABORTED', 'Staging the package was aborted', {}, signal.reason);
  if (errnoCode(error) !== undefined) return writeFailure(error, stagingDir);
  return stagingError('RESTORE_STAGING_FAILED', `Staging the package failed: ${errorMessage(error)}`, { stagingDir }, error);
}

/**
 * Validates the package at `request.packagePath` and unpacks it into
 * `request.stagingDir` (see the module comment). Resolves with the staged
 * package; rejects with a coded DomainError and leaves no staging directory.
 */
export async function stagePackage(request: StagePackageOptions): Promise<StagedPackageHandle> {
  assertRequest(request);
  const stagingDir = resolve(request.stagingDir);
  const signal = request.signal;
  if (signal?.aborted) throw packageError('PACKAGE_ABORTED', 'Staging the package was aborted', {}, signal.reason);
  const opened = await openPackageFile(request.source ?? request.packagePath, { passphrase: request.passphrase });
  try {
    await createStagingDir(stagingDir);
  } catch (error) {
    opened.stream.destroy();
    throw error;
  }
  const stager = new Stager(request, stagingDir, opened);
  try {
    return await stager.run();
  } catch (error) {
    const failure = toStagingError(error, stagingDir, signal);
    await stager.release();
    await rm(stagingDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
    throw failure;
  }
}

class Stager {
  private readonly limits: PackageLimits;
  private readonly maxRowBytes: number;
  private readonly durability: Durability;
  private readonly restoreType: BackupType;
  private readonly filesDir: string;
  private manifest: PackageManifest | undefined;
  private writeDatabase = false;
  private writeFiles = false;
  private database: DatabaseChecks | undefined;
  private writer: StagedFileWriter | undefined;
  private readonly lineFiles = new Set<LineFile>();
  /** sha256 of every file entry read and not yet matched with a SHA256SUMS line. */
  private readonly unlisted = new Map<string, string>();
  private readonly listed = new Set<string>();
  /** Tables read → row count. */
  private readonly tablesRead = new Map<string, number>();
  private readonly stagedTables: Record<string, number> = {};
  private readonly index: StagedFile[] = [];
  private readonly filesRead = { count: 0, bytes: 0 };
  private filesStarted = false;
  private sumsDone = false;
  private lastProgress = 0;
  private currentEntry = '';
  private bytesSinceSync = 0;
  /** Read-ahead credit of the source (see gatedSource). */
  private credit = READ_AHEAD_BYTES;
  private tarBytes = 0;
  private creditWaiter: ((progressed: boolean) => void) | undefined;
  private backgroundSync: Promise<void> | undefined;
  private syncfsUnavailable = false;

  constructor(
    private readonly request: StagePackageOptions,
    private readonly stagingDir: string,
    private readonly opened: OpenedPackage,
  ) {
    this.limits = resolveLimits(request.limits);
    this.maxRowBytes = request.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES;
    this.durability = request.durability ?? 'filesystem';
    this.restoreType = request.restoreType;
    this.filesDir = join(stagingDir, STAGED_FILES_DIR);
  }

  async run(): Promise<StagedPackageHandle> {
    await readPackage(this.gatedSource(), {
      limits: this.limits,
      checks: DEFAULT_ENTRY_CHECKS,
      signal: this.request.signal,
      onProgress: ({ tarBytes }) => {
        this.consumed(tarBytes);
        this.progress(false);
      },
      onEntry: (entry) => this.onEntry(entry),
    });
    this.currentEntry = '';
    this.finalChecks();
    this.checkAbort();

    if (this.writer) await this.writer.drain();
    const syncEach = this.durability === 'file';
    const lineFiles = [...this.lineFiles];
    for (const file of lineFiles) {
      await file.close(syncEach);
      this.lineFiles.delete(file);
    }
    await this.writeIndex(syncEach);
    this.checkAbort();
    await this.makeDurable();

    const info: StagedInfo = {
      restoreId: this.request.restoreId,
      restoreType: this.restoreType,
      manifest: this.manifest as PackageManifest,
      fileCount: this.writeFiles ? this.index.length : 0,
      fileBytes: this.writeFiles ? this.filesRead.bytes : 0,
      tables: this.stagedTables,
    };
    await this.writeMarker(info);
    this.progress(true);
    return stagedPackageFrom(this.stagingDir, info);
  }

  /**
   * The package bytes, handed to the reader no faster than it consumes them.
   *
   * The gunzip stage (src/gzip/strict-gunzip.ts) keeps pulling input after
   * the deflate stream of a gzip member has ended, until its consumer has
   * taken the member's last output; with a consumer waiting for the disk it
   * read the rest of the package into memory (measured: ~580 MiB of a 606 MiB
   * package). So this source hands out READ_PIECE_BYTES at a time, on credit:
   * every decompressed byte the reader consumed earns a byte (at most
   * READ_AHEAD_BYTES are banked), every compressed byte handed out spends one
   * (deflate never makes data larger beyond a few bytes per block, so a
   * reader that keeps up never waits for credit). Nothing is handed out while
   * the file writer is backlogged. What the gunzip stage can read past a
   * member's end is thus about READ_AHEAD_BYTES, less than a member. If the
   * reader makes no progress for STARVED_MS although it has no credit left,
   * one piece is let through, so a stream that needs more input than it
   * yields output can never dead-lock.
   */
  private gatedSource(): Readable {
    const stream = this.opened.stream;
    const stager = this;
    return Readable.from(
      (async function* () {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          for (let offset = 0; offset < chunk.length; offset += READ_PIECE_BYTES) {
            const writer = stager.writer;
            if (writer?.busy) await writer.wait();
            while (stager.credit <= 0 && (await stager.creditOrStarved())) {
              // progress earned credit: check again
            }
            const piece = chunk.subarray(offset, offset + READ_PIECE_BYTES);
            stager.credit -= piece.length;
            yield piece;
          }
        }
      })(),
      { objectMode: false, highWaterMark: READ_PIECE_BYTES },
    );
  }

  /** Called by the reader after each decompressed chunk: earns read-ahead credit. */
  private consumed(tarBytes: number): void {
    const delta = tarBytes - this.tarBytes;
    this.tarBytes = tarBytes;
    this.credit = Math.min(READ_AHEAD_BYTES, this.credit + delta);
    const wake = this.creditWaiter;
    this.creditWaiter = undefined;
    wake?.(true);
  }

  /** Resolves true when the reader made progress, false when it starved for STARVED_MS. */
  private creditOrStarved(): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.creditWaiter = undefined;
        resolve(false);
      }, STARVED_MS);
      this.creditWaiter = (progressed) => {
        clearTimeout(timer);
        resolve(progressed);
      };
    });
  }

  /**
   * Durability 'filesystem': starts a syncfs in the background every
   * SYNC_EVERY_BYTES staged, so the disk writes while we decompress and the
   * final flush has only the tail left.
   */
  private maybeSyncInBackground(bytes: number): void {
    if (this.durability !== 'filesystem' || this.syncfsUnavailable) return;
    this.bytesSinceSync += bytes;
    if (this.bytesSinceSync < SYNC_EVERY_BYTES || this.backgroundSync) return;
    this.bytesSinceSync = 0;
    this.backgroundSync = syncFileSystem(this.stagingDir).then((ok) => {
      if (!ok) this.syncfsUnavailable = true;
      this.backgroundSync = undefined;
    });
  }

  /** Closes whatever is still open after a failure (before the directory is removed). */
  async release(): Promise<void> {
    await this.writer?.settle();
    await this.backgroundSync;
    for (const file of this.lineFiles) await file.discard();
    this.lineFiles.clear();
    if (!this.opened.stream.destroyed) this.opened.stream.destroy();
  }

  private checkAbort(): void {
    const signal = this.request.signal;
    if (signal?.aborted) throw packageError('PACKAGE_ABORTED', 'Staging the package was aborted', {}, signal.reason);
  }

  private progress(force: boolean): void {
    const onProgress = this.request.onProgress;
    if (!onProgress) return;
    const now = Date.now();
    if (!force && now - this.lastProgress < PROGRESS_INTERVAL_MS) return;
    this.lastProgress = now;
    onProgress({
      bytesDone: this.opened.bytesRead(),
      bytesTotal: this.opened.sizeBytes,
      phase: 'stage',
      message: this.currentEntry ? `validating and staging ${this.currentEntry}` : force ? 'staged' : 'validating and staging',
    });
  }

  // -------------------------------------------------------------------------
  // entries

  private onEntry(entry: PackageEntry): EntryConsumer | undefined | Promise<EntryConsumer | undefined> {
    this.currentEntry = entry.path;
    if (entry.type === 'directory') {
      this.checkDirectory(entry);
      return undefined;
    }
    switch (entry.role) {
      case 'manifest':
        return this.manifestConsumer(entry);
      case 'table':
        return this.tableConsumer(entry);
      case 'file':
        return this.fileConsumer(entry);
      case 'sums':
        // Every file's digest must be in before the checksums are compared.
        return this.writer ? this.writer.flush().then(() => this.sumsConsumer()) : this.sumsConsumer();
      default:
        throw packageError('PACKAGE_ENTRY_UNEXPECTED', `Unexpected entry ${entry.path}: not part of the package format`, {
          path: entry.path,
          reason: 'unknown entry',
        });
    }
  }

  /** Directory entries (GNU tar writes them) carry nothing; only the format's own directories are accepted. */
  private checkDirectory(entry: PackageEntry): void {
    const path = entry.path;
    if (path === 'database' || path === 'files' || path.startsWith(FILES_PREFIX)) return;
    throw packageError('PACKAGE_ENTRY_UNEXPECTED', `Unexpected directory entry ${path}`, { path, reason: 'unknown directory' });
  }

  private requireManifest(): PackageManifest {
    // The reader's manifest-first check guarantees manifest.json was the first file.
    return this.manifest as PackageManifest;
  }

  private manifestConsumer(entry: PackageEntry): EntryConsumer {
    if (entry.size > this.limits.maxManifestBytes) {
      throw packageError('PACKAGE_LIMIT_EXCEEDED', `${MANIFEST_ENTRY} is larger than ${this.limits.maxManifestBytes} bytes`, {
        path: entry.path,
        limit: 'maxManifestBytes',
        value: this.limits.maxManifestBytes,
      });
    }
    const collected = collectEntry(this.limits.maxManifestBytes, MANIFEST_ENTRY);
    const hash = createHash('sha256');
    return {
      data: (chunk) => {
        hash.update(chunk);
        collected.consumer.data(chunk);
      },
      end: async () => {
        this.unlisted.set(entry.path, hash.digest('hex'));
        this.manifest = decodeManifest(collected.bytes());
        await this.afterManifest(this.manifest);
      },
    };
  }

  private async afterManifest(manifest: PackageManifest): Promise<void> {
    resolveRestoreType(manifest.backupType, this.restoreType); // RESTORE_TYPE_NOT_IN_PACKAGE
    if (manifest.database) {
      for (const name of Object.keys(manifest.database.tables)) {
        if (!isExportedTable(name)) {
          throw stagingError('PACKAGE_TABLE_UNKNOWN', `The manifest lists table ${name}, which this version does not know`, {
            path: MANIFEST_ENTRY,
            table: name,
            field: `database.tables.${name}`,
          });
        }
      }
      for (const name of EXPORTED_TABLES) {
        if (!Object.prototype.hasOwnProperty.call(manifest.database.tables, name)) {
          throw packageError('PACKAGE_MANIFEST_MISMATCH', `The manifest of a ${manifest.backupType} package lists no ${name} table`, {
            path: MANIFEST_ENTRY,
            table: name,
            field: `database.tables.${name}`,
          });
        }
      }
      this.database = new DatabaseChecks({
        migrateThrough: this.request.migrateThrough,
        collectVersionFiles: manifest.backupType === 'FULL',
      });
    }
    this.writeDatabase = manifest.database !== undefined && backupTypeIncludesDatabase(this.restoreType);
    this.writeFiles = manifest.files !== undefined && backupTypeIncludesFiles(this.restoreType);
    if (this.writeDatabase) await mkdir(join(this.stagingDir, STAGED_DATABASE_DIR), { mode: 0o755 });
    if (this.writeFiles) {
      await mkdir(this.filesDir, { mode: 0o755 });
      this.writer = new StagedFileWriter(this.filesDir, { ...this.request.writer, fsyncEachFile: this.durability === 'file' });
    }
  }

  private async tableConsumer(entry: PackageEntry): Promise<EntryConsumer> {
    const manifest = this.requireManifest();
    const path = entry.path;
    const name = tableNameOf(path) as string;
    if (!manifest.database) {
      throw packageError('PACKAGE_TYPE_MISMATCH', `A ${manifest.backupType} package holds no database entries: ${path}`, {
        path,
        backupType: manifest.backupType,
      });
    }
    if (!isExportedTable(name)) {
      throw stagingError('PACKAGE_TABLE_UNKNOWN', `${path} is not a table this version knows`, { path, table: name });
    }
    if (this.filesStarted) {
      throw packageError('PACKAGE_ENTRY_UNEXPECTED', `${path} follows files/ entries; database entries come first`, { path, reason: 'order' });
    }
    const expected = manifest.database.tables[name];
    if (expected && entry.size !== expected.bytes) {
      throw packageError('PACKAGE_MANIFEST_MISMATCH', `${path}: bytes is ${entry.size}, the manifest says ${expected.bytes}`, {
        path,
        table: name,
        field: 'bytes',
        expected: expected.bytes,
        actual: entry.size,
      });
    }
    const checks = (this.database as DatabaseChecks).table(name);
    const sink = this.writeDatabase ? await this.createLineFile(stagedTablePath(this.stagingDir, name)) : undefined;
    const upgraded = this.request.migrateThrough.length > 0;
    return new TableConsumer(path, name, checks, this.maxRowBytes, sink, (sha256, rows) => {
      if (expected) {
        for (const [field, actual] of [['rows', rows], ['sha256', sha256]] as const) {
          if (actual !== expected[field]) {
            throw packageError('PACKAGE_MANIFEST_MISMATCH', `${path}: ${field} is ${actual}, the manifest says ${expected[field]}`, {
              path,
              table: name,
              field,
              expected: expected[field],
              actual,
            });
          }
        }
      }
      checks.end();
      this.unlisted.set(path, sha256);
      this.tablesRead.set(name, rows);
      if (sink) this.stagedTables[name] = rows;
    }, upgraded);
  }

  private async createLineFile(path: string): Promise<LineFile> {
    const file = await LineFile.create(path);
    this.lineFiles.add(file);
    return file;
  }

  private fileConsumer(entry: PackageEntry): EntryConsumer {
    const manifest = this.requireManifest();
    const path = entry.path;
    if (!manifest.files) {
      throw packageError('PACKAGE_TYPE_MISMATCH', `A ${manifest.backupType} package holds no files: ${path}`, {
        path,
        backupType: manifest.backupType,
      });
    }
    const storageKey = path.slice(FILES_PREFIX.length);
    if (!isSafeStorageKey(storageKey)) {
      throw packageError('PACKAGE_UNSAFE_PATH', `Unsafe entry name ${JSON.stringify(path)}: not a valid storage key`, {
        path,
        reason: 'unsafe storage key',
      });
    }
    if (!this.filesStarted) {
      this.filesStarted = true;
      if (manifest.database) {
        // SPEC §3 order: the database part comes before the files. In a FULL
        // package the DocumentVersion rows say which files to expect.
        for (const name of Object.keys(manifest.database.tables)) {
          if (!this.tablesRead.has(name)) {
            throw packageError('PACKAGE_ENTRY_MISSING', `${tableEntryPath(name)} is missing (database entries come before files/)`, {
              path: tableEntryPath(name),
              table: name,
            });
          }
        }
      }
    }
    let expected: VersionFile | undefined;
    if (manifest.backupType === 'FULL') {
      const versions = (this.database as DatabaseChecks).versionFiles;
      expected = versions.get(storageKey);
      if (!expected) {
        throw packageError('PACKAGE_ENTRY_UNEXPECTED', `${path} belongs to no DocumentVersion of the package`, { path, reason: 'no DocumentVersion' });
      }
      versions.delete(storageKey);
      if (expected.sizeBytes !== entry.size) {
        throw fileMismatch(path, 'sizeBytes', expected, expected.sizeBytes, entry.size);
      }
    }
    this.filesRead.count++;
    this.filesRead.bytes += entry.size;
    const digested = (sha256: string) => {
      if (expected && expected.sha256 !== sha256) throw fileMismatch(path, 'sha256', expected, expected.sha256, sha256);
      this.unlisted.set(path, sha256);
    };
    const writer = this.writeFiles ? this.writer : undefined;
    if (!writer) {
      // Not staged: hashed here, checked all the same.
      const hash = createHash('sha256');
      return {
        data: (chunk) => void hash.update(chunk),
        end: () => digested(hash.digest('hex')),
      };
    }
    // Staged: the writer thread hashes while it writes and reports the digest.
    const sink = writer.begin(storageKey.split('/'), path);
    return {
      data: (chunk) => {
        sink.write(chunk);
        return writer.busy ? writer.wait() : undefined;
      },
      end: () => {
        sink.end((sha256) => {
          digested(sha256);
          this.index.push({ storageKey, sizeBytes: entry.size, sha256 });
        });
        this.maybeSyncInBackground(entry.size);
      },
    };
  }

  private sumsConsumer(): EntryConsumer {
    const splitter = new LineSplitter(
      (line, lineNumber) => {
        const match = SUMS_LINE.exec(isUtf8(line) ? line.toString('utf8') : '');
        if (!match) {
          throw packageError('PACKAGE_CORRUPT', `${SUMS_ENTRY} line ${lineNumber} is malformed`, { path: SUMS_ENTRY, line: lineNumber, reason: 'malformed SHA256SUMS' });
        }
        const expected = (match[1] as string).toLowerCase();
        let listedPath = match[2] as string;
        while (listedPath.startsWith('./')) listedPath = listedPath.slice(2);
        if (this.listed.has(listedPath)) {
          throw packageError('PACKAGE_CORRUPT', `${SUMS_ENTRY} lists ${listedPath} twice`, { path: SUMS_ENTRY, entry: listedPath, line: lineNumber, reason: 'listed twice' });
        }
        this.listed.add(listedPath);
        const actual = this.unlisted.get(listedPath);
        if (actual === undefined) {
          throw packageError('PACKAGE_ENTRY_MISSING', `${listedPath} is listed in ${SUMS_ENTRY} but not in the package`, {
            path: listedPath,
            line: lineNumber,
          });
        }
        this.unlisted.delete(listedPath);
        if (actual !== expected) {
          throw packageError('PACKAGE_CHECKSUM_MISMATCH', `Checksum mismatch for ${listedPath}: ${SUMS_ENTRY} says ${expected}, the entry hashes to ${actual}`, {
            path: listedPath,
            expected,
            actual,
          });
        }
      },
      this.limits.maxPathBytes + 80,
      (lineNumber) => {
        throw packageError('PACKAGE_CORRUPT', `${SUMS_ENTRY} line ${lineNumber} is too long`, { path: SUMS_ENTRY, line: lineNumber, reason: 'line too long' });
      },
    );
    return {
      data: (chunk) => splitter.push(chunk),
      end: () => {
        splitter.end();
        this.sumsDone = true;
      },
    };
  }

  // -------------------------------------------------------------------------
  // after the last entry

  private finalChecks(): void {
    const manifest = this.requireManifest();
    if (!this.sumsDone) {
      throw packageError('PACKAGE_TRUNCATED', `The package has no ${SUMS_ENTRY}`, { reason: 'no SHA256SUMS' });
    }
    for (const path of this.unlisted.keys()) {
      throw packageError('PACKAGE_ENTRY_UNEXPECTED', `${path} is not listed in ${SUMS_ENTRY}`, { path, reason: 'not in SHA256SUMS' });
    }
    if (manifest.database) {
      for (const name of Object.keys(manifest.database.tables)) {
        if (!this.tablesRead.has(name)) {
          throw packageError('PACKAGE_ENTRY_MISSING', `${tableEntryPath(name)} is missing`, { path: tableEntryPath(name), table: name });
        }
      }
    }
    if (manifest.backupType === 'FULL') {
      for (const [storageKey, version] of (this.database as DatabaseChecks).versionFiles) {
        throw packageError(
          'PACKAGE_ENTRY_MISSING',
          `${FILES_PREFIX}${storageKey} is missing: database/DocumentVersion.ndjson line ${version.line} refers to it`,
          { path: `${FILES_PREFIX}${storageKey}`, table: 'DocumentVersion', line: version.line, column: 'storageKey' },
        );
      }
    }
    if (manifest.files) {
      for (const field of ['count', 'bytes'] as const) {
        if (this.filesRead[field] !== manifest.files[field]) {
          throw packageError('PACKAGE_MANIFEST_MISMATCH', `files: ${field} is ${this.filesRead[field]}, the manifest says ${manifest.files[field]}`, {
            path: MANIFEST_ENTRY,
            field: `files.${field}`,
            expected: manifest.files[field],
            actual: this.filesRead[field],
          });
        }
      }
    }
  }

  /** files.ndjson, sorted by storage key (UTF-16 code unit order, like the rest of the system's string sorts). */
  private async writeIndex(sync: boolean): Promise<void> {
    this.index.sort((a, b) => (a.storageKey < b.storageKey ? -1 : a.storageKey > b.storageKey ? 1 : 0));
    const file = await this.createLineFile(join(this.stagingDir, STAGED_FILES_INDEX));
    for (const item of this.index) {
      if (file.push(`${JSON.stringify({ storageKey: item.storageKey, sizeBytes: item.sizeBytes, sha256: item.sha256 })}\n`)) await file.flush();
    }
    await file.close(sync);
    this.lineFiles.delete(file);
  }

  private async makeDurable(): Promise<void> {
    await this.backgroundSync;
    if (this.durability === 'none') return;
    if (this.durability === 'filesystem' && !this.syncfsUnavailable && (await syncFileSystem(this.stagingDir))) return;
    const paths: string[] = [];
    if (this.durability === 'filesystem') {
      // No syncfs: fsync every staged file now (files and tables were not synced when closed).
      for (const item of this.index) paths.push(join(this.filesDir, ...item.storageKey.split('/')));
      for (const name of Object.keys(this.stagedTables)) paths.push(stagedTablePath(this.stagingDir, name));
      paths.push(join(this.stagingDir, STAGED_FILES_INDEX));
    }
    if (this.durability === 'filesystem' && this.writeFiles) {
      const directories = new Set<string>([this.filesDir]);
      for (const item of this.index) {
        const segments = item.storageKey.split('/');
        for (let i = 1; i < segments.length; i++) directories.add(join(this.filesDir, ...segments.slice(0, i)));
      }
      paths.push(...directories);
    }
    // Durability 'file': the writer synced each file and directory under files/ already.
    if (this.writeDatabase) paths.push(join(this.stagingDir, STAGED_DATABASE_DIR));
    await fsyncAll(paths);
  }

  /** staged.json: temp file, fsync, rename, fsync of the directory and its parent. */
  private async writeMarker(info: StagedInfo): Promise<void> {
    const final = join(this.stagingDir, STAGED_MARKER);
    const temp = `${final}.tmp`;
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(info, null, 2)}\n`, 'utf8');
      if (this.durability !== 'none') await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, final);
    if (this.durability !== 'none') {
      await fsyncPath(this.stagingDir);
      await fsyncPath(dirname(this.stagingDir));
    }
  }
}

function fileMismatch(path: string, field: 'sizeBytes' | 'sha256', version: VersionFile, expected: unknown, actual: unknown): DomainError {
  return stagingError(
    'PACKAGE_FILE_MISMATCH',
    `${path}: ${field} is ${String(actual)}, but database/DocumentVersion.ndjson line ${version.line} says ${String(expected)}`,
    { path, field, expected, actual, table: 'DocumentVersion', line: version.line },
  );
}

/** Reads one table entry line by line: checks each row and stages it when the restore needs the database part. */
class TableConsumer implements EntryConsumer {
  private readonly hash = createHash('sha256');
  private readonly splitter: LineSplitter;

  constructor(
    private readonly path: string,
    private readonly table: ExportedTable,
    private readonly checks: TableChecks,
    private readonly maxRowBytes: number,
    private readonly sink: LineFile | undefined,
    private readonly onDone: (sha256: string, rows: number) => void,
    upgraded: boolean,
  ) {
    this.splitter = new LineSplitter(
      (line, lineNumber) => {
        const row = checks.acceptLine(line, lineNumber);
        // Without upgrades the row is exactly what the line parses to: stage the line's own bytes.
        if (sink) {
          if (upgraded) sink.push(`${JSON.stringify(row)}\n`);
          else sink.pushLine(line);
        }
      },
      maxRowBytes,
      (lineNumber) => {
        throw packageError('PACKAGE_LIMIT_EXCEEDED', `${this.path} line ${lineNumber} is longer than ${this.maxRowBytes} bytes`, {
          path: this.path,
          table: this.table,
          line: lineNumber,
          limit: 'maxRowBytes',
          value: this.maxRowBytes,
        });
      },
    );
  }

  data(chunk: Buffer): void | Promise<void> {
    this.hash.update(chunk);
    this.splitter.push(chunk);
    if (this.sink?.shouldFlush) return this.sink.flush();
    return undefined;
  }

  async end(): Promise<void> {
    this.splitter.end();
    if (this.sink) await this.sink.flush();
    this.onDone(this.hash.digest('hex'), this.checks.rows);
  }
}
