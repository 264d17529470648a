/**
 * The streaming package reader: gunzip → tar → safety checks → entries.
 *
 * It reads a `.tar.gz` byte stream once, front to back, with bounded memory,
 * and hands each accepted entry with its bytes to `handlers.onEntry`. Nothing
 * is written anywhere and no stored owner, mode or time is ever applied.
 * Every entry passes the check list (see entry-checks.ts) before its first
 * byte is delivered; stream-level rules (decompression ratio, trailing data,
 * end of archive, SHA256SUMS present) are enforced here.
 */
import type { Readable } from 'node:stream';
import { isDomainError } from '@edms/domain';
import { DomainError, packageError } from '../errors';
import { GunzipError, strictGunzip, type GunzipProgress } from '../gzip/strict-gunzip';
import { resolveLimits, type PackageLimits } from '../limits';
import { entryRole, MANIFEST_ENTRY, SUMS_ENTRY, type EntryRole } from '../package-layout';
import {
  BLOCK_SIZE,
  decodeHeader,
  isZeroBlock,
  paddingFor,
  parsePaxRecords,
  TarFormatError,
  type DecodedHeader,
} from '../tar/tar-header';
import {
  DEFAULT_ENTRY_CHECKS,
  newReaderState,
  recordEntry,
  type CandidateEntry,
  type EntryCheck,
  type ReaderState,
} from './entry-checks';

export interface PackageEntry {
  /** 0-based position among the package's entries (directories included). */
  readonly index: number;
  readonly path: string;
  readonly type: 'file' | 'directory';
  readonly role: EntryRole;
  readonly size: number;
  /** As stored; informational only, never applied. */
  readonly mode: number;
  readonly mtime: number;
}

/** Receives one entry's bytes. A returned promise holds the reader (backpressure). */
export interface EntryConsumer {
  data(chunk: Buffer): void | Promise<void>;
  end(): void | Promise<void>;
}

export interface ReadControl {
  /** Stops reading after the current entry; readPackage then resolves with `stopped: true`. */
  stop(): void;
}

export interface ReadPackageHandlers {
  /** Called for every accepted entry, in order; return a consumer to receive its bytes. */
  onEntry?(entry: PackageEntry, control: ReadControl): EntryConsumer | void | Promise<EntryConsumer | void>;
  /** Called as compressed input is consumed (for progress). */
  onProgress?(progress: { compressedBytes: number; tarBytes: number }): void;
  limits?: Partial<PackageLimits>;
  /** Entry checks; default DEFAULT_ENTRY_CHECKS. */
  checks?: readonly EntryCheck[];
  signal?: AbortSignal;
}

export interface ReadPackageSummary {
  entries: number;
  files: number;
  directories: number;
  /** Sum of entry sizes. */
  payloadBytes: number;
  /** Decompressed tar bytes. */
  tarBytes: number;
  /** Compressed bytes read from the source. */
  compressedBytes: number;
  /** True when a handler stopped the reader early. */
  stopped: boolean;
}

const enum Mode {
  Header,
  Meta,
  Body,
  Padding,
  End,
}

interface PendingMeta {
  path?: string;
  size?: number;
}

/** Awaiting only real promises keeps the per-chunk path synchronous for synchronous consumers. */
function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

function corrupt(message: string, details: Record<string, unknown> = {}, cause?: unknown): DomainError {
  return packageError('PACKAGE_CORRUPT', message, details, cause);
}

function fromGunzipError(error: GunzipError, state: ReaderState, tarEnded: boolean): DomainError {
  switch (error.reason) {
    case 'not-gzip':
      return packageError('PACKAGE_FORMAT_UNSUPPORTED', 'Not a gzip-compressed package', { reason: 'not gzip' }, error);
    case 'trailing-data':
      return packageError(
        'PACKAGE_TRAILING_DATA',
        'Data follows the end of the gzip stream',
        { offset: error.offset, afterArchiveEnd: tarEnded, sumsSeen: state.sumsSeen },
        error,
      );
    case 'truncated':
      return corrupt('The package is truncated (gzip stream ends early)', { reason: 'truncated', offset: error.offset }, error);
    default:
      return corrupt(`The package is corrupt: ${error.message}`, { reason: 'gzip', offset: error.offset }, error);
  }
}

/**
 * Reads a gzip-compressed package stream to its end (or until a handler stops
 * it) and resolves with a summary; rejects with the first DomainError.
 */
export async function readPackage(source: Readable, handlers: ReadPackageHandlers = {}): Promise<ReadPackageSummary> {
  const limits = resolveLimits(handlers.limits);
  const checks = handlers.checks ?? DEFAULT_ENTRY_CHECKS;
  const state = newReaderState();
  const context = { limits, state };
  const gunzipProgress: GunzipProgress = { compressedBytes: 0, members: 0 };
  const signal = handlers.signal;

  let mode: Mode = Mode.Header;
  const header = Buffer.alloc(BLOCK_SIZE);
  let headerFill = 0;
  let meta: PendingMeta = {};
  let metaType = '';
  let metaBody: Buffer[] = [];
  let remaining = 0; // bytes left in the current body / meta body / padding
  let padding = 0;
  let consumer: EntryConsumer | undefined;
  let tarBytes = 0;
  let stopRequested = false;
  let tarEnded = false;
  let trailingAt: number | undefined;
  const control: ReadControl = {
    stop() {
      stopRequested = true;
    },
  };

  const checkAbort = () => {
    if (signal?.aborted) throw packageError('PACKAGE_ABORTED', 'Reading the package was aborted', {}, signal.reason);
  };

  const startEntry = async (decoded: DecodedHeader): Promise<void> => {
    let rawPath = meta.path ?? decoded.name;
    const size = meta.size ?? decoded.size;
    meta = {};
    let typeflag = decoded.typeflag;
    if (typeflag === '0' && rawPath.endsWith('/')) typeflag = '5'; // pre-POSIX directory convention
    let path = rawPath;
    while (path.startsWith('./')) path = path.slice(2);
    if (typeflag === '5') {
      if (path.endsWith('/')) path = path.slice(0, -1);
      if (path === '' || path === '.') {
        // The archive root ("./"): nothing to check or report.
        if (size !== 0) throw packageError('PACKAGE_UNSAFE_ENTRY', 'Root directory entry carries data', { path: rawPath });
        mode = Mode.Header;
        return;
      }
    }
    const candidate: CandidateEntry = {
      index: state.entries,
      path,
      rawPath,
      typeflag,
      size,
      mode: decoded.mode,
      mtime: decoded.mtime,
      linkname: decoded.linkname,
    };
    for (const check of checks) check.check(candidate, context);
    recordEntry(candidate, state);
    rawPath = '';

    const entry: PackageEntry = {
      index: candidate.index,
      path,
      type: typeflag === '0' ? 'file' : 'directory',
      role: typeflag === '0' ? entryRole(path) : 'other',
      size: typeflag === '0' ? size : 0,
      mode: decoded.mode,
      mtime: decoded.mtime,
    };
    const returned = handlers.onEntry ? handlers.onEntry(entry, control) : undefined;
    consumer = (isThenable(returned) ? await returned : returned) ?? undefined;
    remaining = entry.size;
    padding = paddingFor(entry.size);
    if (remaining === 0) await finishBody();
    else mode = Mode.Body;
  };

  const finishBody = async (): Promise<void> => {
    const current = consumer;
    consumer = undefined;
    if (current) {
      const result = current.end();
      if (isThenable(result)) await result;
    }
    mode = padding > 0 ? Mode.Padding : Mode.Header;
    remaining = padding;
  };

  const finishMeta = (): void => {
    const body = Buffer.concat(metaBody);
    metaBody = [];
    try {
      if (metaType === 'x' || metaType === 'g') {
        const records = parsePaxRecords(body);
        for (const key of records.keys()) {
          if (key.startsWith('GNU.sparse.')) {
            throw packageError('PACKAGE_UNSAFE_ENTRY', 'Package contains a sparse file', { type: 'GNU sparse file' });
          }
        }
        if (metaType === 'g') {
          // Global headers may carry comments or charsets; one that changes names or
          // sizes of later entries would be read differently by different tools.
          for (const key of ['path', 'size', 'linkpath']) {
            if (records.has(key)) {
              throw packageError('PACKAGE_UNSAFE_ENTRY', `Global pax header sets ${key}`, { type: 'global pax header' });
            }
          }
        } else {
          const path = records.get('path');
          if (path !== undefined) meta.path = path;
          const size = records.get('size');
          if (size !== undefined) {
            if (!/^\d{1,16}$/.test(size) || !Number.isSafeInteger(Number(size))) throw corrupt('Invalid pax size record');
            meta.size = Number(size);
          }
        }
      } else if (metaType === 'L') {
        const end = body.indexOf(0);
        const name = (end === -1 ? body : body.subarray(0, end)).toString('utf8');
        if (Buffer.byteLength(name) !== (end === -1 ? body.length : end)) {
          throw packageError('PACKAGE_UNSAFE_PATH', 'GNU long name is not valid UTF-8', { reason: 'invalid UTF-8' });
        }
        meta.path = name;
      }
      // 'K' (GNU long link name) is accepted and ignored: the link it names is rejected.
    } catch (error) {
      if (error instanceof TarFormatError) throw corrupt(`Invalid extended header: ${error.message}`, { reason: error.reason });
      throw error;
    }
    remaining = padding;
    mode = padding > 0 ? Mode.Padding : Mode.Header;
  };

  const onHeaderBlock = async (block: Buffer): Promise<void> => {
    if (isZeroBlock(block)) {
      if (meta.path !== undefined || meta.size !== undefined) throw corrupt('Extended header not followed by an entry');
      mode = Mode.End;
      tarEnded = true;
      return;
    }
    let decoded: DecodedHeader;
    try {
      decoded = decodeHeader(block);
    } catch (error) {
      if (error instanceof TarFormatError) {
        if (error.reason === 'invalid-utf8') {
          throw packageError('PACKAGE_UNSAFE_PATH', `Entry name is not valid UTF-8`, { reason: 'invalid UTF-8' }, error);
        }
        throw corrupt(`Invalid tar header at offset ${tarBytes}: ${error.message}`, { reason: error.reason, offset: tarBytes }, error);
      }
      throw error;
    }
    const type = decoded.typeflag;
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      if (decoded.size > limits.maxMetadataBytes) {
        throw packageError('PACKAGE_LIMIT_EXCEEDED', `Extended header larger than ${limits.maxMetadataBytes} bytes`, {
          limit: 'maxMetadataBytes',
          value: limits.maxMetadataBytes,
        });
      }
      metaType = type;
      metaBody = [];
      remaining = decoded.size;
      padding = paddingFor(decoded.size);
      if (remaining === 0) finishMeta();
      else mode = Mode.Meta;
      return;
    }
    await startEntry(decoded);
  };

  const processChunk = async (chunk: Buffer): Promise<void> => {
    let offset = 0;
    const length = chunk.length;
    while (offset < length) {
      if (stopRequested && mode === Mode.Header) return;
      switch (mode) {
        case Mode.Header: {
          if (headerFill === 0 && length - offset >= BLOCK_SIZE) {
            const block = chunk.subarray(offset, offset + BLOCK_SIZE);
            offset += BLOCK_SIZE;
            tarBytes += BLOCK_SIZE;
            await onHeaderBlock(block);
          } else {
            const n = Math.min(BLOCK_SIZE - headerFill, length - offset);
            chunk.copy(header, headerFill, offset, offset + n);
            headerFill += n;
            offset += n;
            tarBytes += n;
            if (headerFill === BLOCK_SIZE) {
              headerFill = 0;
              await onHeaderBlock(header);
            }
          }
          break;
        }
        case Mode.Body: {
          const n = Math.min(remaining, length - offset);
          const piece = chunk.subarray(offset, offset + n);
          offset += n;
          tarBytes += n;
          remaining -= n;
          if (consumer) {
            const result = consumer.data(piece);
            if (isThenable(result)) await result;
          }
          if (remaining === 0) await finishBody();
          break;
        }
        case Mode.Meta: {
          const n = Math.min(remaining, length - offset);
          metaBody.push(Buffer.from(chunk.subarray(offset, offset + n)));
          offset += n;
          tarBytes += n;
          remaining -= n;
          if (remaining === 0) finishMeta();
          break;
        }
        case Mode.Padding: {
          const n = Math.min(remaining, length - offset);
          offset += n;
          tarBytes += n;
          remaining -= n;
          if (remaining === 0) mode = Mode.Header;
          break;
        }
        case Mode.End: {
          // After the end-of-archive block only zero padding may follow. Non-zero
          // bytes are reported once the gzip stream has been read to its end: if
          // the compressed data is corrupt, that is the error to report.
          if (trailingAt === undefined) {
            for (let i = offset; i < length; i++) {
              if (chunk[i] !== 0) {
                trailingAt = tarBytes + (i - offset);
                break;
              }
            }
          }
          tarBytes += length - offset;
          offset = length;
          break;
        }
      }
    }
  };

  let iterator: AsyncGenerator<Buffer, void, undefined> | undefined;
  try {
    checkAbort();
    iterator = strictGunzip(source, gunzipProgress);
    try {
      for await (const chunk of iterator) {
        checkAbort();
        await processChunk(chunk);
        if (
          tarBytes > limits.ratioGraceBytes &&
          tarBytes > limits.maxCompressionRatio * Math.max(1, gunzipProgress.compressedBytes)
        ) {
          throw packageError('PACKAGE_LIMIT_EXCEEDED', `Decompression ratio exceeds ${limits.maxCompressionRatio}:1`, {
            limit: 'maxCompressionRatio',
            value: limits.maxCompressionRatio,
          });
        }
        handlers.onProgress?.({ compressedBytes: gunzipProgress.compressedBytes, tarBytes });
        if (stopRequested && mode === Mode.Header) break;
      }
    } catch (error) {
      if (error instanceof GunzipError) throw fromGunzipError(error, state, tarEnded);
      throw error;
    }
    checkAbort();
    if (stopRequested && (mode === Mode.Header || mode === Mode.End)) {
      return summary(true);
    }
    if (!tarEnded) {
      if (mode === Mode.Header && headerFill === 0 && state.sumsSeen) {
        throw packageError('PACKAGE_TRUNCATED', 'The tar archive has no end-of-archive marker', { reason: 'no end marker' });
      }
      throw packageError(
        'PACKAGE_TRUNCATED',
        state.sumsSeen ? 'The package ends inside an entry' : `The package ends before ${SUMS_ENTRY}`,
        { reason: 'ends early', entries: state.entries },
      );
    }
    if (trailingAt !== undefined) {
      throw packageError('PACKAGE_TRAILING_DATA', 'Data follows the end of the tar archive', { offset: trailingAt });
    }
    if (state.firstFile === undefined) {
      throw packageError('PACKAGE_MANIFEST_MISSING', `The package holds no ${MANIFEST_ENTRY}`, {});
    }
    if (!state.sumsSeen) {
      throw packageError('PACKAGE_TRUNCATED', `The package has no ${SUMS_ENTRY} (it must be the last entry)`, {
        reason: 'no SHA256SUMS',
      });
    }
    return summary(false);
  } catch (error) {
    if (isDomainError(error)) throw error;
    if (signal?.aborted) throw packageError('PACKAGE_ABORTED', 'Reading the package was aborted', {}, signal.reason);
    throw packageError('PACKAGE_READ_FAILED', `Reading the package failed: ${(error as Error).message}`, {}, error);
  } finally {
    await iterator?.return();
    if (!source.destroyed) source.destroy();
  }

  function summary(stopped: boolean): ReadPackageSummary {
    return {
      entries: state.entries,
      files: state.files,
      directories: state.directories,
      payloadBytes: state.totalBytes,
      tarBytes,
      compressedBytes: gunzipProgress.compressedBytes,
      stopped,
    };
  }
}
