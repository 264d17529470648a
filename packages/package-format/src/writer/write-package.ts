/**
 * Package writer, format v1 (SPEC §3, §4).
 *
 * Pipeline (memory stays flat whatever the store size):
 *   1. scan      stat every file (bounded concurrency): sizes for the manifest
 *                and tar headers; missing or resized files become findings.
 *   2. export    each table's rows → NDJSON spool file next to the destination,
 *                counting rows/bytes and hashing, so that manifest.json — which
 *                carries those numbers — can be the first entry.
 *   3. archive   tar stream built here (portable headers, fixed mtime):
 *                manifest.json, database/<Model>.ndjson, files/<storageKey>,
 *                SHA256SUMS; small files read many at a time, large files
 *                streamed into the compressor's blocks; every file hashed as it
 *                is archived and compared with its expected sha256.
 *                Compression: ParallelGzip (worker threads, one gzip member per
 *                block, incompressible data stored) → [encryption] → temporary
 *                file `.<name>.partial-<random>`, hashed as written.
 *   4. finalize  fsync, rename to the final name (never over an existing
 *                file), fsync the directory.
 * With a PackageTarget (object storage) the compressed bytes stream into the
 * target's upload instead of the temporary file, and finalize completes the
 * upload; the spool files stay in destinationDir, a local working directory.
 * Any error or abort removes the temporary and spool files and throws a
 * DomainError with a stable BACKUP_* code; a file under the final name is
 * always complete.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { link, mkdir, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import {
  backupTypeIncludesDatabase,
  backupTypeIncludesFiles,
  isDomainError,
  PACKAGE_FORMAT,
  PACKAGE_FORMAT_VERSION,
  parseManifest,
  TABLE_NAME_PATTERN,
  type PackageManifest,
  type PackageTableSummary,
} from '@edms/domain';
import { createEncryptStream, ENCRYPTED_SUFFIX } from '../encryption-stage';
import { backupError, DomainError, errnoCode, errorMessage, type BackupErrorCode } from '../errors';
import { ParallelGzip } from '../gzip/parallel-gzip';
import { DEFAULT_PACKAGE_LIMITS } from '../limits';
import {
  checkEntryPath,
  fileEntryPath,
  foldPath,
  MANIFEST_ENTRY,
  SUMS_ENTRY,
  tableEntryPath,
} from '../package-layout';
import { encodeArchiveEnd, encodeFileHeader, paddingFor } from '../tar/tar-header';
import { FileSink, StagedOutput, UploadSink, type ByteSink } from './output-sink';
import {
  AdaptiveReadMode,
  mapConcurrent,
  SMALL_FILE_LIMIT,
  SmallFilePrefetcher,
  SourceChangedError,
  statFile,
} from './source-files';
import type {
  WritePackageFile,
  WritePackageFinding,
  WritePackageOptions,
  WritePackagePhase,
  WritePackageResult,
  PackageUpload,
} from './types';

const SPOOL_FLUSH_CHARS = 256 * 1024;
const STAT_CONCURRENCY = 64;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

interface SpooledTable {
  name: string;
  path: string;
  summary: PackageTableSummary;
}

function invalidInput(message: string, details: Record<string, unknown> = {}, cause?: unknown): DomainError {
  return backupError('BACKUP_INVALID_INPUT', message, details, cause);
}

function validateOptions(options: WritePackageOptions): void {
  if (typeof options.destinationDir !== 'string' || options.destinationDir === '') {
    throw invalidInput('destinationDir is required', { field: 'destinationDir' });
  }
  const name = options.fileName;
  if (typeof name !== 'string' || name === '' || basename(name) !== name || name === '.' || name === '..' || name.startsWith('.') || name.includes('\0')) {
    throw invalidInput(`Invalid package file name ${JSON.stringify(name)}`, { field: 'fileName' });
  }
  const level = options.compressionLevel ?? 6;
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw invalidInput(`compressionLevel must be an integer 0..9, got ${String(level)}`, { field: 'compressionLevel' });
  }
  if (options.encryption && (typeof options.encryption.passphrase !== 'string' || options.encryption.passphrase === '')) {
    throw invalidInput('An encryption passphrase must not be empty', { field: 'encryption.passphrase' });
  }
  const type = options.manifest?.backupType;
  if (type !== undefined && !backupTypeIncludesDatabase(type) && options.tables.length > 0) {
    throw invalidInput(`A ${type} package holds no database tables`, { field: 'tables' });
  }
  if (type !== undefined && !backupTypeIncludesFiles(type) && options.files.length > 0) {
    throw invalidInput(`A ${type} package holds no files`, { field: 'files' });
  }
  const tableNames = new Set<string>();
  for (const table of options.tables) {
    if (!TABLE_NAME_PATTERN.test(table.name)) throw invalidInput(`Invalid table name ${JSON.stringify(table.name)}`, { field: 'tables', table: table.name });
    if (tableNames.has(table.name.toLowerCase())) throw invalidInput(`Table ${table.name} is listed twice`, { field: 'tables', table: table.name });
    tableNames.add(table.name.toLowerCase());
  }
  const keys = new Set<string>();
  for (const file of options.files) {
    const key = file.storageKey;
    try {
      checkEntryPath(fileEntryPath(key), DEFAULT_PACKAGE_LIMITS);
    } catch (error) {
      throw invalidInput(`Storage key ${JSON.stringify(key)} cannot be archived safely: ${errorMessage(error)}`, { field: 'files', storageKey: key }, error);
    }
    // Readers refuse names that collide after NFC normalisation and case folding
    // (they would collide on restore to such a file system): refuse them here.
    const folded = foldPath(key);
    if (keys.has(folded)) throw invalidInput(`Storage key ${JSON.stringify(key)} collides with another key`, { field: 'files', storageKey: key });
    keys.add(folded);
    if (typeof file.absolutePath !== 'string' || file.absolutePath === '') {
      throw invalidInput(`absolutePath missing for ${key}`, { field: 'files', storageKey: key });
    }
    if (file.expectedSha256 !== undefined && !SHA256_HEX.test(file.expectedSha256)) {
      throw invalidInput(`expectedSha256 of ${key} is not a sha256`, { field: 'files', storageKey: key });
    }
    if (file.expectedSize !== undefined && (!Number.isSafeInteger(file.expectedSize) || file.expectedSize < 0)) {
      throw invalidInput(`expectedSize of ${key} is not a size`, { field: 'files', storageKey: key });
    }
  }
  // No key may lie under another key (a file used as a directory).
  for (const folded of keys) {
    for (let i = folded.indexOf('/'); i !== -1; i = folded.indexOf('/', i + 1)) {
      if (keys.has(folded.slice(0, i))) {
        throw invalidInput(`Storage key ${JSON.stringify(folded)} lies under another file's key`, { field: 'files', storageKey: folded });
      }
    }
  }
}

function buildManifest(
  options: WritePackageOptions,
  tables: Record<string, PackageTableSummary>,
  files: { count: number; bytes: number },
): PackageManifest {
  const input = options.manifest;
  const draft: Record<string, unknown> = {
    format: PACKAGE_FORMAT,
    formatVersion: PACKAGE_FORMAT_VERSION,
    packageId: input.packageId,
    createdAt: input.createdAt,
    backupType: input.backupType,
    source: input.source,
    schemaVersion: input.schemaVersion,
    configuration: input.configuration,
  };
  if (input.format !== undefined) draft.format = input.format;
  if (input.formatVersion !== undefined) draft.formatVersion = input.formatVersion;
  if (backupTypeIncludesDatabase(input.backupType)) draft.database = { tables };
  if (backupTypeIncludesFiles(input.backupType)) draft.files = files;
  try {
    return parseManifest(draft);
  } catch (error) {
    throw invalidInput(`Invalid manifest: ${errorMessage(error)}`, { field: 'manifest', ...(isDomainError(error) ? error.details : {}) }, error);
  }
}

/** Maps whatever went wrong to the writer's stable error codes. */
function toBackupError(error: unknown, signal: AbortSignal | undefined): DomainError {
  if (signal?.aborted) {
    if (isDomainError(error) && error.code === 'BACKUP_ABORTED') return error;
    return backupError('BACKUP_ABORTED', 'The backup was aborted', {}, signal.reason ?? error);
  }
  if (isDomainError(error) && error.code.startsWith('BACKUP_')) return error;
  const errno = errnoCode(error);
  if (errno === 'ENOSPC' || errno === 'EDQUOT') {
    return backupError('BACKUP_NO_SPACE', `No space left on the backup destination: ${errorMessage(error)}`, { errno }, error);
  }
  return backupError('BACKUP_FAILED', `The backup failed: ${errorMessage(error)}`, errno ? { errno } : {}, error);
}

function destinationError(error: unknown, path: string): DomainError {
  const errno = errnoCode(error);
  if (errno === 'ENOSPC' || errno === 'EDQUOT') {
    return backupError('BACKUP_NO_SPACE', `No space left on the backup destination: ${errorMessage(error)}`, { errno, path }, error);
  }
  return backupError('BACKUP_DESTINATION_UNWRITABLE', `Cannot write to the backup destination: ${errorMessage(error)}`, { errno, path }, error);
}

function sourceError(error: unknown, storageKey: string): DomainError {
  if (error instanceof SourceChangedError) {
    return backupError(
      'BACKUP_SOURCE_FILE_CHANGED',
      `${storageKey} changed while it was being archived`,
      { storageKey, expectedSize: error.expectedSize, actualSize: error.actualSize ?? null },
      error,
    );
  }
  const errno = errnoCode(error);
  if (errno === 'ENOENT' || errno === 'ENOTDIR') {
    return backupError('BACKUP_SOURCE_FILE_MISSING', `${storageKey} disappeared while the backup was running`, { storageKey, errno }, error);
  }
  return backupError('BACKUP_FAILED', `Cannot read ${storageKey}: ${errorMessage(error)}`, { storageKey, errno }, error);
}

function findingCause(finding: WritePackageFinding, statError?: unknown): Error {
  if (typeof statError === 'object' && statError !== null) return statError as Error;
  switch (finding.code) {
    case 'FILE_MISSING':
      return new Error(`${finding.storageKey}: no such file`);
    case 'FILE_SIZE_CHANGED':
      return new Error(`${finding.storageKey}: size ${String(finding.actual)}, the catalog says ${String(finding.expected)}`);
    default:
      return new Error(`${finding.storageKey}: sha256 ${String(finding.actual)}, the catalog says ${String(finding.expected)}`);
  }
}

function findingsError(findings: WritePackageFinding[], causes: Map<WritePackageFinding, unknown>): DomainError {
  const missing = findings.some((finding) => finding.code === 'FILE_MISSING');
  const code: BackupErrorCode = missing ? 'BACKUP_SOURCE_FILE_MISSING' : 'BACKUP_SOURCE_FILE_CHANGED';
  const first = findings[0] as WritePackageFinding;
  const what = missing ? 'missing' : 'changed (size or sha256 differs from the catalog)';
  return backupError(
    code,
    `${findings.length} document file${findings.length === 1 ? '' : 's'} ${findings.length === 1 ? 'is' : 'are'} ${what}, first: ${first.storageKey}`,
    { findings: findings.slice(0, 1000), findingCount: findings.length },
    findings.length === 1
      ? findingCause(first, causes.get(first))
      : new AggregateError(findings.slice(0, 100).map((finding) => findingCause(finding, causes.get(finding))), `${findings.length} findings`),
  );
}

function existsError(path: string): DomainError {
  const cause = Object.assign(new Error(`EEXIST: file already exists, '${path}'`), { code: 'EEXIST', path });
  return backupError('BACKUP_DESTINATION_UNWRITABLE', `${path} already exists; a package is never overwritten`, { path, errno: 'EEXIST' }, cause);
}

async function removeQuietly(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch {
    // already gone, or never created
  }
}

async function fsyncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some file systems cannot fsync a directory; the rename is still atomic there.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Moves the finished temporary file to its final name, never replacing an existing file. */
async function publish(partialPath: string, finalPath: string): Promise<void> {
  try {
    await link(partialPath, finalPath);
    await unlink(partialPath).catch(() => undefined);
    return;
  } catch (error) {
    const errno = errnoCode(error);
    if (errno === 'EEXIST') throw destinationError(error, finalPath);
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK'].includes(errno ?? '')) throw error;
  }
  // File systems without hard links: check, then rename.
  const exists = await stat(finalPath).then(
    () => true,
    () => false,
  );
  if (exists) throw existsError(finalPath);
  await rename(partialPath, finalPath);
}

/** Writes a package; see the module comment. */
export async function writePackage(options: WritePackageOptions): Promise<WritePackageResult> {
  validateOptions(options);
  const signal = options.signal;
  const failOnFindings = options.failOnFindings ?? true;
  const level = options.compressionLevel ?? 6;
  const destinationDir = resolve(options.destinationDir);
  const encrypted = options.encryption !== undefined;
  const finalName = encrypted && !options.fileName.endsWith(ENCRYPTED_SUFFIX) ? `${options.fileName}${ENCRYPTED_SUFFIX}` : options.fileName;
  const target = options.target;
  const finalPath = target ? target.location(finalName) : join(destinationDir, finalName);
  const token = randomBytes(6).toString('hex');
  const partialPath = join(destinationDir, `.${finalName}.partial-${token}`);
  const mtime = Math.floor(Date.parse(options.manifest.createdAt) / 1000);
  // Catch manifest mistakes before any work (numbers are placeholders here).
  buildManifest(options, {}, { count: 0, bytes: 0 });
  if (!Number.isFinite(mtime)) throw invalidInput('manifest.createdAt is not a timestamp', { field: 'createdAt' });

  const findings: WritePackageFinding[] = [];
  const findingCauses = new Map<WritePackageFinding, unknown>();
  const temporaryFiles: string[] = [];
  let gzip: ParallelGzip | undefined;
  let staged: StagedOutput | undefined;
  let sink: ByteSink | undefined;
  let upload: PackageUpload | undefined;
  let published = false;
  let sumsSpool: SumsSpool | undefined;

  let phase: WritePackagePhase = 'prepare';
  let bytesDone = 0;
  let bytesTotal = 0;
  let lastProgress = 0;
  const progress = (message: string, force = false) => {
    if (!options.onProgress) return;
    const now = Date.now();
    if (!force && now - lastProgress < 200) return;
    lastProgress = now;
    options.onProgress({ bytesDone, bytesTotal, phase, message });
  };
  const setPhase = (next: WritePackagePhase, message: string) => {
    phase = next;
    progress(message, true);
  };
  const addFinding = (finding: WritePackageFinding) => {
    findings.push(finding);
    options.onFinding?.(finding);
  };
  const throwIfAborted = () => {
    if (signal?.aborted) throw backupError('BACKUP_ABORTED', 'The backup was aborted', {}, signal.reason);
  };
  const onAbort = () => {
    void gzip?.destroy(new Error('aborted'));
    staged?.destroy();
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  try {
    throwIfAborted();
    setPhase('prepare', 'checking the destination');
    try {
      await mkdir(destinationDir, { recursive: true });
    } catch (error) {
      throw destinationError(error, destinationDir);
    }
    if (target) {
      let exists: boolean;
      try {
        exists = await target.exists(finalName);
      } catch (error) {
        throw isDomainError(error) ? error : destinationError(error, finalPath);
      }
      if (exists) throw existsError(finalPath);
    } else if (await stat(finalPath).then(() => true, () => false)) throw existsError(finalPath);

    // ---- 1. scan
    setPhase('scan', `checking ${options.files.length} files`);
    // sizes[i]: size of options.files[i] from stat, or -1 when it is left out (missing).
    const sizes = await scanFiles(options.files, addFinding, findingCauses, () => signal?.aborted === true);
    throwIfAborted();
    if (failOnFindings && findings.length > 0) throw findingsError(findings, findingCauses);
    const filesSummary = { count: 0, bytes: 0 };
    for (const size of sizes) {
      if (size < 0) continue;
      filesSummary.count++;
      filesSummary.bytes += size;
    }

    // ---- 2. export
    setPhase('export', 'exporting the database');
    const spooled: SpooledTable[] = [];
    for (let t = 0; t < options.tables.length; t++) {
      const table = options.tables[t] as (typeof options.tables)[number];
      const spoolPath = join(destinationDir, `.${finalName}.spool-${token}-${t}.ndjson`);
      temporaryFiles.push(spoolPath);
      const summary = await spoolTable(table.name, table.rows, spoolPath, throwIfAborted, (rows) => {
        bytesDone = rows;
        progress(`exporting ${table.name}: ${rows} rows`);
      });
      spooled.push({ name: table.name, path: spoolPath, summary });
    }
    const tableSummaries: Record<string, PackageTableSummary> = {};
    for (const table of spooled) tableSummaries[table.name] = table.summary;
    const manifest = buildManifest(options, tableSummaries, filesSummary);

    // ---- 3. archive
    bytesDone = 0;
    bytesTotal = filesSummary.bytes + spooled.reduce((sum, table) => sum + table.summary.bytes, 0);
    setPhase('archive', 'writing the package');
    if (target) {
      try {
        upload = await target.create(finalName, bytesTotal);
      } catch (error) {
        throw isDomainError(error) ? error : destinationError(error, finalPath);
      }
      sink = new UploadSink(upload, (error) => (isDomainError(error) ? error : destinationError(error, finalPath)));
    } else {
      let output: FileHandle;
      try {
        output = await open(partialPath, 'wx', 0o600);
      } catch (error) {
        throw destinationError(error, partialPath);
      }
      temporaryFiles.push(partialPath);
      sink = new FileSink(output);
    }
    const fileSink = sink;
    if (options.encryption) staged = new StagedOutput(createEncryptStream(options.encryption.passphrase), fileSink);
    const stage = staged;
    const compressor = new ParallelGzip({
      level,
      workers: options.workers,
      onOutput: stage ? (member) => stage.write(member) : (member) => fileSink.write(member),
      // The sink's write resolves once the bytes are in the file (or copied by the upload); the encryption stage may still hold them.
      recycleOutput: !stage,
    });
    gzip = compressor;
    if (signal?.aborted) onAbort();

    let tarBytes = 0;
    let entries = 0;
    const sumsPath = join(destinationDir, `.${finalName}.sums-${token}`);
    temporaryFiles.push(sumsPath);
    let sums: SumsSpool;
    try {
      sums = new SumsSpool(sumsPath);
    } catch (error) {
      throw destinationError(error, sumsPath);
    }
    sumsSpool = sums;
    const put = async (bytes: Buffer) => {
      tarBytes += bytes.length;
      await compressor.write(bytes);
    };
    const pad = async (size: number) => {
      const padding = paddingFor(size);
      if (padding > 0) {
        tarBytes += padding;
        await compressor.writeZeros(padding);
      }
    };
    const putEntry = async (entryPath: string, data: Buffer) => {
      await put(encodeFileHeader(entryPath, data.length, mtime));
      await put(data);
      await pad(data.length);
      entries++;
      return createHash('sha256').update(data).digest('hex');
    };
    /**
     * Streams `size` bytes of a file into the compressor; returns its sha256.
     * Errors of the source file go through `sourceFailure`, the compressor's pass unchanged.
     */
    const streamEntry = async (
      entryPath: string,
      path: string,
      size: number,
      sourceFailure: (error: unknown) => DomainError,
    ): Promise<string> => {
      const fromSource = <T>(promise: Promise<T>): Promise<T> =>
        promise.catch((error: unknown) => {
          throw sourceFailure(error);
        });
      const handle = await fromSource(open(path, 'r'));
      const hash = createHash('sha256');
      try {
        await put(encodeFileHeader(entryPath, size, mtime));
        let position = 0;
        while (position < size) {
          const space = await compressor.space();
          const want = Math.min(space.length, size - position);
          const { bytesRead } = await fromSource(handle.read(space, 0, want, position));
          if (bytesRead === 0) throw sourceFailure(new SourceChangedError(path, size, position));
          hash.update(space.subarray(0, bytesRead));
          await compressor.commit(bytesRead);
          position += bytesRead;
          tarBytes += bytesRead;
          bytesDone += bytesRead;
          progress(`archiving ${entryPath}`);
        }
        const probe = await fromSource(handle.read(Buffer.alloc(1), 0, 1, size));
        if (probe.bytesRead > 0) throw sourceFailure(new SourceChangedError(path, size, undefined));
      } finally {
        await handle.close().catch(() => undefined);
      }
      await pad(size);
      entries++;
      return hash.digest('hex');
    };

    /**
     * Like streamEntry, with synchronous reads straight into the compressor's
     * block: on a warm page cache a small file costs three system calls instead
     * of several thread-pool round trips (about 4x less CPU per file here, which
     * matters when deflate already keeps both cores busy). The caller yields to
     * the event loop between slices of such reads and switches to the
     * asynchronous path when reads turn out to be slow (cold cache, network
     * file system).
     */
    const syncEntry = async (
      entryPath: string,
      path: string,
      size: number,
      sourceFailure: (error: unknown) => DomainError,
    ): Promise<string> => {
      let fd: number;
      let ioStarted = performance.now();
      try {
        fd = openSync(path, 'r');
      } catch (error) {
        throw sourceFailure(error);
      }
      let ioMs = performance.now() - ioStarted;
      const hash = createHash('sha256');
      try {
        await put(encodeFileHeader(entryPath, size, mtime));
        let position = 0;
        while (position < size) {
          const space = await compressor.space();
          const want = Math.min(space.length, size - position);
          let bytesRead: number;
          ioStarted = performance.now();
          try {
            bytesRead = readSync(fd, space, 0, want, position);
          } catch (error) {
            throw sourceFailure(error);
          }
          ioMs += performance.now() - ioStarted;
          if (bytesRead === 0) throw sourceFailure(new SourceChangedError(path, size, position));
          hash.update(space.subarray(0, bytesRead));
          await compressor.commit(bytesRead);
          position += bytesRead;
          tarBytes += bytesRead;
          bytesDone += bytesRead;
        }
        let grown: number;
        try {
          grown = readSync(fd, probe, 0, 1, size);
        } catch (error) {
          throw sourceFailure(error);
        }
        if (grown > 0) throw sourceFailure(new SourceChangedError(path, size, undefined));
      } finally {
        closeSync(fd);
      }
      lastReadMs = ioMs;
      await pad(size);
      entries++;
      progress(`archiving ${entryPath}`);
      return hash.digest('hex');
    };
    const probe = Buffer.alloc(1);
    /** Time the last syncEntry spent in open/read system calls (not waiting for the compressor). */
    let lastReadMs = 0;

    const manifestSha = await putEntry(MANIFEST_ENTRY, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    sums.add(manifestSha, MANIFEST_ENTRY);

    for (const table of spooled) {
      throwIfAborted();
      const entryPath = tableEntryPath(table.name);
      const sha = await syncEntry(entryPath, table.path, table.summary.bytes, (error) =>
        backupError('BACKUP_FAILED', `Reading back the export of ${table.name} failed: ${errorMessage(error)}`, { table: table.name }, error),
      );
      if (sha !== table.summary.sha256) {
        throw backupError('BACKUP_FAILED', `The export of ${table.name} changed on disk before it was archived`, { table: table.name });
      }
      sums.add(sha, entryPath);
      await removeQuietly(table.path);
    }

    const reader = new AdaptiveReadMode();
    if (options.readMode === 'async') reader.async = true;
    if (options.readMode === 'sync') reader.pinned = true;
    let prefetcher: SmallFilePrefetcher | undefined;
    const prefetchItem = (index: number) => {
      const size = sizes[index] as number;
      return size < 0 ? undefined : { path: (options.files[index] as WritePackageFile).absolutePath, size };
    };
    for (let i = 0; i < options.files.length; i++) {
      const size = sizes[i] as number;
      if (size < 0) continue;
      throwIfAborted();
      const file = options.files[i] as WritePackageFile;
      const entryPath = fileEntryPath(file.storageKey);
      const sourceFailure = (error: unknown) => sourceError(error, file.storageKey);
      let sha: string;
      if (!reader.async) {
        sha = await syncEntry(entryPath, file.absolutePath, size, sourceFailure);
        reader.record(lastReadMs, size);
        if (reader.shouldYield()) await new Promise<void>((resolveYield) => setImmediate(resolveYield));
      } else if (size <= SMALL_FILE_LIMIT) {
        prefetcher ??= new SmallFilePrefetcher(options.files.length, prefetchItem, (item) => item.size <= SMALL_FILE_LIMIT);
        const data = await prefetcher.take(i).catch((error: unknown) => {
          throw sourceFailure(error);
        });
        sha = await putEntry(entryPath, data);
        bytesDone += data.length;
        progress(`archiving ${entryPath}`);
      } else {
        sha = await streamEntry(entryPath, file.absolutePath, size, sourceFailure);
      }
      const expected = file.expectedSha256?.toLowerCase();
      if (expected !== undefined && expected !== sha) {
        addFinding({ code: 'FILE_CHECKSUM_MISMATCH', storageKey: file.storageKey, expected, actual: sha });
      }
      sums.add(sha, entryPath);
    }
    throwIfAborted();

    const sumsBytes = sums.finish();
    const payloadDone = bytesDone; // SHA256SUMS is not part of the payload progress counts
    await syncEntry(SUMS_ENTRY, sumsPath, sumsBytes, (error) =>
      backupError('BACKUP_FAILED', `Reading back ${SUMS_ENTRY} failed: ${errorMessage(error)}`, {}, error),
    );
    bytesDone = payloadDone;
    await put(encodeArchiveEnd(tarBytes));
    setPhase('finalize', 'flushing the package to disk');
    await compressor.end();
    if (stage) await stage.end();
    const sha256 = await fileSink.finish();
    const sizeBytes = fileSink.bytes;
    throwIfAborted();
    if (failOnFindings && findings.length > 0) throw findingsError(findings, findingCauses);

    try {
      if (upload) await upload.complete();
      else await publish(partialPath, finalPath);
    } catch (error) {
      throw isDomainError(error) ? error : destinationError(error, finalPath);
    }
    published = true;
    if (!upload) await fsyncDirectory(destinationDir);
    bytesDone = bytesTotal;
    setPhase('finalize', `package written: ${finalName}`);
    return {
      path: finalPath,
      sizeBytes,
      sha256,
      manifest,
      findings,
      entries,
      encrypted,
      stats: {
        tarBytes,
        storedBytes: compressor.stats.storedBytes,
        deflatedBytes: compressor.stats.deflatedBytes,
        members: compressor.stats.members,
      },
    };
  } catch (error) {
    throw toBackupError(error, signal);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await gzip?.destroy().catch(() => undefined);
    staged?.destroy();
    await sink?.close().catch(() => undefined);
    if (upload && !published) await upload.abort().catch(() => undefined);
    sumsSpool?.close();
    for (const path of temporaryFiles) {
      if (path === partialPath && published) continue;
      await removeQuietly(path);
    }
  }
}

/**
 * Stats every file (bounded concurrency). Returns sizes[i] for options.files[i],
 * -1 for a file that is missing; findings are reported through `addFinding`.
 */
async function scanFiles(
  files: readonly WritePackageFile[],
  addFinding: (finding: WritePackageFinding) => void,
  causes: Map<WritePackageFinding, unknown>,
  aborted: () => boolean,
): Promise<Float64Array> {
  const results = await mapConcurrent(files, STAT_CONCURRENCY, (file) => statFile(file.absolutePath), aborted);
  const sizes = new Float64Array(files.length);
  if (aborted()) return sizes; // the caller throws BACKUP_ABORTED; unscanned files are not findings
  for (let i = 0; i < files.length; i++) {
    const file = files[i] as WritePackageFile;
    const result = results[i];
    if (!result || result.error || !result.isFile) {
      const errno = result?.error?.code;
      if (result?.error && errno !== 'ENOENT' && errno !== 'ENOTDIR') {
        throw backupError('BACKUP_FAILED', `Cannot read ${file.storageKey}: ${result.error.message}`, { storageKey: file.storageKey, errno }, result.error);
      }
      const finding: WritePackageFinding = {
        code: 'FILE_MISSING',
        storageKey: file.storageKey,
        ...(result?.isFile === false ? { actual: 'not a regular file' } : {}),
      };
      if (result?.error) causes.set(finding, result.error);
      addFinding(finding);
      sizes[i] = -1;
      continue;
    }
    const size = result.size as number;
    if (file.expectedSize !== undefined && file.expectedSize !== size) {
      addFinding({ code: 'FILE_SIZE_CHANGED', storageKey: file.storageKey, expected: file.expectedSize, actual: size });
    }
    sizes[i] = size;
  }
  return sizes;
}

/**
 * SHA256SUMS lines, collected in a temporary file instead of memory (one line
 * per entry would otherwise grow with the number of files).
 */
class SumsSpool {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingChars = 0;
  private bytes = 0;
  private closed = false;

  constructor(path: string) {
    this.fd = openSync(path, 'wx', 0o600);
  }

  add(sha256: string, entryPath: string): void {
    const line = `${sha256}  ${entryPath}\n`;
    this.pending.push(line);
    this.pendingChars += line.length;
    if (this.pendingChars >= 256 * 1024) this.flush();
  }

  /** Flushes and returns the size of the file. */
  finish(): number {
    this.flush();
    this.close();
    return this.bytes;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const buffer = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingChars = 0;
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(this.fd, buffer, offset, buffer.length - offset);
    this.bytes += buffer.length;
  }
}

/** Exports one table to an NDJSON spool file; returns its rows, bytes and sha256. */
async function spoolTable(
  name: string,
  rows: () => AsyncIterable<Record<string, unknown>>,
  spoolPath: string,
  throwIfAborted: () => void,
  onRows: (rows: number) => void,
): Promise<PackageTableSummary> {
  let handle: FileHandle;
  try {
    handle = await open(spoolPath, 'wx', 0o600);
  } catch (error) {
    throw destinationError(error, spoolPath);
  }
  const hash = createHash('sha256');
  let count = 0;
  let bytes = 0;
  let parts: string[] = [];
  let pendingChars = 0;
  const flush = async () => {
    if (parts.length === 0) return;
    const buffer = Buffer.from(parts.join(''), 'utf8');
    parts = [];
    pendingChars = 0;
    hash.update(buffer);
    bytes += buffer.length;
    let offset = 0;
    while (offset < buffer.length) {
      const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
      offset += bytesWritten;
    }
  };
  const exportFailed = (message: string, cause?: unknown) =>
    backupError('BACKUP_DATABASE_EXPORT_FAILED', `Exporting ${name} failed at row ${count + 1}: ${message}`, { table: name, row: count + 1 }, cause);

  let iterator: AsyncIterator<Record<string, unknown>> | undefined;
  let finished = false;
  try {
    try {
      iterator = rows()[Symbol.asyncIterator]();
    } catch (error) {
      throw exportFailed(errorMessage(error), error);
    }
    for (;;) {
      let next: IteratorResult<Record<string, unknown>>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw exportFailed(errorMessage(error), error);
      }
      if (next.done) break;
      const row: unknown = next.value;
      if (typeof row !== 'object' || row === null || Array.isArray(row)) throw exportFailed('a row must be a JSON object', new TypeError(`row is ${Array.isArray(row) ? 'an array' : row === null ? 'null' : typeof row}`));
      let line: string | undefined;
      try {
        line = JSON.stringify(row);
      } catch (error) {
        throw exportFailed(`cannot serialise the row: ${errorMessage(error)}`, error);
      }
      parts.push(line, '\n');
      pendingChars += line.length + 1;
      count++;
      if (pendingChars >= SPOOL_FLUSH_CHARS) {
        throwIfAborted();
        await flush();
        onRows(count);
      }
    }
    finished = true;
    await flush();
    onRows(count);
  } finally {
    if (!finished) await Promise.resolve(iterator?.return?.()).catch(() => undefined);
    await handle.close().catch(() => undefined);
  }
  return { rows: count, bytes, sha256: hash.digest('hex') };
}
