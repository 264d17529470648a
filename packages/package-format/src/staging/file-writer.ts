/**
 * Writes staged files on a worker thread, so that creating thousands of files
 * (the kernel's work, the bulk of an extraction) and hashing their bytes run
 * in parallel with the main thread's decompression, tar parsing and row
 * validation. The main thread pays one memcpy per chunk instead of an
 * event-loop round trip per open, write and close.
 *
 * The main thread batches operations (open, write, close) and copies file
 * data into a batch buffer whose ArrayBuffer is transferred, not cloned, to
 * the worker and handed back for reuse; the worker runs the operations with
 * synchronous system calls, hashes every file (sha256) as it writes it and
 * reports the digest when the file is closed. Memory is bounded by
 * `maxInFlightBytes`: batches posted and not yet written make `busy` true.
 *
 * Files are created with O_CREAT | O_EXCL | O_NOFOLLOW and mode 0644 (minus the
 * umask): never over an existing name, never through a link, never with the
 * archive's mode or owner. Directories are created with mode 0755 below a
 * staging root that only we can enter (0700); an existing name on the way
 * that is not a real directory (a file, a link) fails the write. With
 * `fsyncEachFile` every file is fsynced before it is closed and every created
 * directory at `drain()`.
 */
import { isAbsolute, join, relative, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DomainError } from '@edms/domain';
import { errnoCode, errorMessage, packageError } from '../errors';
import { stagingError } from './errors';

export type Durability = 'file' | 'filesystem' | 'none';

export interface StagedFileWriterOptions {
  /** File bytes handed to the writer and not yet written before `busy` turns true (default 16 MiB). */
  maxInFlightBytes?: number;
  /** Bytes per batch posted to the worker (default 1 MiB). */
  batchBytes?: number;
  /** fsync each file before closing it, and each created directory at drain() (durability 'file'). */
  fsyncEachFile?: boolean;
}

/** Maps an errno from writing staged data to a coded error naming the entry. */
export function writeFailure(error: unknown, entry: string): DomainError {
  const code = errnoCode(error);
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return stagingError('RESTORE_STAGING_NO_SPACE', `No space left for the staging directory while writing ${entry}`, { path: entry, errno: code }, error);
    case 'EEXIST':
    case 'ENOTDIR':
    case 'EISDIR':
      return packageError('PACKAGE_DUPLICATE_ENTRY', `Duplicate entry ${entry} (it collides with another name on this file system)`, {
        path: entry,
        reason: 'collides on disk',
        errno: code,
      });
    case 'ELOOP':
      return packageError('PACKAGE_UNSAFE_PATH', `Unsafe entry name ${JSON.stringify(entry)}: a link is in the way`, { path: entry, reason: 'link' });
    default:
      return stagingError(
        'RESTORE_STAGING_FAILED',
        `Cannot write ${entry} into the staging directory: ${errorMessage(error)}`,
        { path: entry, errno: code ?? null },
        error,
      );
  }
}

/** One file being written: chunks are queued, never awaited by the caller. */
export interface StagedFileSink {
  write(chunk: Buffer): void;
  /** Ends the file; `onDigest` receives its sha256 once it is written (it may throw to fail the writer). */
  end(onDigest?: (sha256: string) => void): void;
}

const OP_OPEN = 0;
const OP_WRITE = 1;
const OP_CLOSE = 2;
const OPS_PER_BATCH = 512;

interface WorkerMessage {
  t: 'ack' | 'error' | 'drained' | 'aborted';
  bytes?: number;
  data?: ArrayBuffer;
  /** Flat [id, hex, id, hex, …] of files closed in the batch. */
  digests?: Array<number | string>;
  seq?: number;
  id?: number;
  path?: string;
  code?: string;
  message?: string;
}

const WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const C = fs.constants;
const FLAGS = C.O_WRONLY | C.O_CREAT | C.O_EXCL | (C.O_NOFOLLOW || 0);
const root = workerData.root;
const fsyncEach = workerData.fsyncEachFile;
const known = new Set([root]);
const created = [];
const files = new Map(); // id -> { fd, hash } ; fd -1 after a failure
let failed = false;

function ensureDir(dir) {
  if (known.has(dir)) return;
  ensureDir(path.dirname(dir));
  try {
    fs.mkdirSync(dir, 0o755);
  } catch (error) {
    // Only a real directory that already exists is fine; a link is never followed.
    if (error.code !== 'EEXIST') throw error;
    const info = fs.lstatSync(dir);
    if (info.isSymbolicLink()) throw Object.assign(new Error('a symbolic link is in the way: ' + dir), { code: 'ELOOP' });
    if (!info.isDirectory()) throw error;
  }
  known.add(dir);
  created.push(dir);
}

function fail(id, where, error) {
  if (failed) return;
  failed = true;
  parentPort.postMessage({ t: 'error', id, path: where, code: error && error.code, message: String((error && error.message) || error) });
}

function closeQuietly(file) {
  if (file.fd >= 0) {
    try { fs.closeSync(file.fd); } catch {}
    file.fd = -1;
  }
}

parentPort.on('message', (msg) => {
  if (msg.t === 'batch') {
    const data = msg.data ? Buffer.from(msg.data) : null;
    const ops = msg.ops;
    const digests = [];
    for (let i = 0; i < msg.count * 4; i += 4) {
      const kind = ops[i];
      const id = ops[i + 1];
      if (kind === 0) {
        const file = { fd: -1, hash: createHash('sha256') };
        files.set(id, file);
        if (failed) continue;
        const target = msg.paths[ops[i + 2]];
        try {
          ensureDir(path.dirname(target));
          file.fd = fs.openSync(target, FLAGS, 0o644);
        } catch (error) {
          fail(id, target, error);
        }
      } else if (kind === 1) {
        const file = files.get(id);
        if (!file || file.fd < 0) continue;
        const start = ops[i + 2];
        const end = start + ops[i + 3];
        file.hash.update(data.subarray(start, end));
        try {
          let offset = start;
          while (offset < end) offset += fs.writeSync(file.fd, data, offset, end - offset);
        } catch (error) {
          closeQuietly(file);
          fail(id, null, error);
        }
      } else {
        const file = files.get(id);
        files.delete(id);
        if (!file || file.fd < 0) continue;
        try {
          if (fsyncEach) fs.fsyncSync(file.fd);
          fs.closeSync(file.fd);
          file.fd = -1;
          digests.push(id, file.hash.digest('hex'));
        } catch (error) {
          closeQuietly(file);
          fail(id, null, error);
        }
      }
    }
    // The batch buffer goes back to the main thread for reuse (no garbage per batch).
    const transfer = msg.data ? [msg.data] : [];
    parentPort.postMessage({ t: 'ack', bytes: msg.bytes, data: msg.data, digests }, transfer);
  } else if (msg.t === 'drain') {
    if (msg.fsyncDirs && !failed) {
      for (const dir of created.concat([root])) {
        try {
          const fd = fs.openSync(dir, 'r');
          try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
        } catch (error) {
          fail(-1, dir, error);
          break;
        }
      }
    }
    parentPort.postMessage({ t: 'drained', seq: msg.seq });
  } else if (msg.t === 'abort') {
    for (const file of files.values()) closeQuietly(file);
    files.clear();
    parentPort.postMessage({ t: 'aborted' });
  }
});
`;

export class StagedFileWriter {
  private readonly maxInFlightBytes: number;
  private readonly batchBytes: number;
  private readonly fsyncEachFile: boolean;
  private worker: Worker | undefined;
  private nextId = 0;
  private ops = new Float64Array(OPS_PER_BATCH * 4);
  private count = 0;
  private paths: string[] = [];
  private buffer: Buffer | undefined;
  private used = 0;
  /** Batch buffers returned by the worker, reused for the next batches. */
  private readonly pool: ArrayBuffer[] = [];
  /** Bytes copied into batches and not yet acknowledged as written. */
  private inFlightBytes = 0;
  /** Files begun and not yet reported closed: id → entry name and digest callback. */
  private readonly pending = new Map<number, { entry: string; onDigest?: (sha256: string) => void }>();
  private failure: DomainError | undefined;
  private waiters: Array<() => void> = [];
  private drainSeq = 0;
  private readonly drained = new Map<number, () => void>();
  private aborted: (() => void) | undefined;
  private closed = false;

  constructor(
    readonly root: string,
    options: StagedFileWriterOptions = {},
  ) {
    this.maxInFlightBytes = options.maxInFlightBytes ?? 16 * 1024 * 1024;
    this.batchBytes = options.batchBytes ?? 1024 * 1024;
    this.fsyncEachFile = options.fsyncEachFile ?? false;
  }

  /** The absolute path of a key below the root; throws PACKAGE_UNSAFE_PATH if it would leave the root. */
  pathOf(segments: readonly string[], entry: string): string {
    const path = join(this.root, ...segments);
    const rel = relative(this.root, path);
    if (rel === '' || isAbsolute(rel) || rel.split(sep).includes('..') || !path.startsWith(this.root + sep)) {
      throw packageError('PACKAGE_UNSAFE_PATH', `Unsafe entry name ${JSON.stringify(entry)}: it leaves the staging directory`, {
        path: entry,
        reason: 'escapes the staging directory',
      });
    }
    return path;
  }

  /** Starts a file; its parent directories are created as needed. */
  begin(segments: readonly string[], entry: string): StagedFileSink {
    this.throwIfFailed();
    const path = this.pathOf(segments, entry);
    const id = this.nextId++;
    const file: { entry: string; onDigest?: (sha256: string) => void } = { entry };
    this.pending.set(id, file);
    this.paths.push(path);
    this.op(OP_OPEN, id, this.paths.length - 1, 0);
    return {
      write: (chunk: Buffer) => this.write(id, chunk),
      end: (onDigest) => {
        file.onDigest = onDigest;
        this.op(OP_CLOSE, id, 0, 0);
      },
    };
  }

  /** True when the caller should await `wait()` before handing over more. */
  get busy(): boolean {
    return this.inFlightBytes > this.maxInFlightBytes || this.failure !== undefined;
  }

  /** Resolves once the writer is below its limit; rejects with the first write failure. */
  async wait(): Promise<void> {
    this.post();
    while (this.busy) {
      this.throwIfFailed();
      if (this.closed) throw stagingError('RESTORE_STAGING_FAILED', 'The staging writer was stopped', {});
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    this.throwIfFailed();
  }

  /** Waits until every queued operation has run and every digest was delivered; rejects with the first failure. */
  async flush(): Promise<void> {
    this.throwIfFailed();
    await this.roundTrip(false);
    this.throwIfFailed();
  }

  /**
   * Waits until every queued operation has run (and, with fsyncEachFile, the
   * directories are synced), then stops the worker; rejects with the first
   * failure.
   */
  async drain(): Promise<void> {
    try {
      this.throwIfFailed();
      await this.roundTrip(this.fsyncEachFile);
      this.throwIfFailed();
    } catch (error) {
      await this.settle();
      throw error;
    }
    await this.close();
  }

  /** Stops the worker after closing whatever it holds open, ignoring failures (before the staging directory is removed). */
  async settle(): Promise<void> {
    this.count = 0;
    this.paths = [];
    this.buffer = undefined;
    const worker = this.worker;
    if (worker && !this.closed) {
      const done = new Promise<void>((resolve) => (this.aborted = resolve));
      worker.postMessage({ t: 'abort' });
      await done;
    }
    await this.close();
  }

  private async roundTrip(fsyncDirs: boolean): Promise<void> {
    this.post();
    if (!this.worker || this.closed) return;
    const seq = ++this.drainSeq;
    const done = new Promise<void>((resolve) => this.drained.set(seq, resolve));
    this.worker.postMessage({ t: 'drain', seq, fsyncDirs });
    await done;
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.worker) await this.worker.terminate();
    this.wake();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { root: this.root, fsyncEachFile: this.fsyncEachFile } });
    worker.on('message', (message: WorkerMessage) => this.onMessage(message));
    worker.on('error', (error) => this.fail(stagingError('RESTORE_STAGING_FAILED', `The staging writer failed: ${errorMessage(error)}`, {}, error)));
    worker.on('exit', (code) => {
      if (!this.closed) this.fail(stagingError('RESTORE_STAGING_FAILED', `The staging writer exited with code ${code}`, { exitCode: code }));
      for (const resolve of this.drained.values()) resolve();
      this.drained.clear();
      this.aborted?.();
    });
    this.worker = worker;
    return worker;
  }

  private onMessage(message: WorkerMessage): void {
    switch (message.t) {
      case 'ack': {
        this.inFlightBytes -= message.bytes ?? 0;
        if (message.data && message.data.byteLength === this.batchBytes && this.pool.length < 24) this.pool.push(message.data);
        const digests = message.digests ?? [];
        for (let i = 0; i < digests.length; i += 2) {
          const id = digests[i] as number;
          const file = this.pending.get(id);
          this.pending.delete(id);
          if (!file?.onDigest || this.failure) continue;
          try {
            file.onDigest(digests[i + 1] as string);
          } catch (error) {
            this.fail(error as DomainError);
          }
        }
        this.wake();
        break;
      }
      case 'error': {
        const error = Object.assign(new Error(message.message ?? 'write failed'), { code: message.code });
        const entry = this.pending.get(message.id ?? -1)?.entry ?? message.path ?? this.root;
        this.fail(writeFailure(error, entry));
        break;
      }
      case 'drained': {
        const resolve = this.drained.get(message.seq ?? -1);
        this.drained.delete(message.seq ?? -1);
        resolve?.();
        break;
      }
      case 'aborted':
        this.aborted?.();
        break;
    }
  }

  private fail(error: DomainError): void {
    this.failure ??= error;
    this.wake();
  }

  private op(kind: number, id: number, a: number, b: number): void {
    const at = this.count * 4;
    this.ops[at] = kind;
    this.ops[at + 1] = id;
    this.ops[at + 2] = a;
    this.ops[at + 3] = b;
    this.count++;
    if (this.count === OPS_PER_BATCH) this.post();
  }

  private write(id: number, chunk: Buffer): void {
    const length = chunk.length;
    if (length === 0) return;
    if (this.buffer && this.used + length > this.buffer.length) this.post();
    if (!this.buffer) {
      const pooled = length <= this.batchBytes ? this.pool.pop() : undefined;
      this.buffer = pooled ? Buffer.from(pooled) : Buffer.allocUnsafeSlow(Math.max(this.batchBytes, length));
    }
    chunk.copy(this.buffer, this.used);
    this.op(OP_WRITE, id, this.used, length);
    this.used += length;
    this.inFlightBytes += length;
    if (this.used >= this.batchBytes) this.post();
  }

  /** Posts the current batch; its buffers are transferred, not copied. */
  private post(): void {
    if (this.count === 0 || this.closed) return;
    const worker = this.ensureWorker();
    // Batch buffers own their whole ArrayBuffer (allocUnsafeSlow or pooled): it is
    // transferred as is, the worker reads only the ranges the write operations name.
    const data = this.buffer?.buffer as ArrayBuffer | undefined;
    const ops = this.ops;
    const transfer: ArrayBuffer[] = [ops.buffer as ArrayBuffer];
    if (data) transfer.push(data);
    worker.postMessage({ t: 'batch', ops, count: this.count, paths: this.paths, data, bytes: this.used }, transfer);
    this.ops = new Float64Array(OPS_PER_BATCH * 4);
    this.count = 0;
    this.paths = [];
    this.buffer = undefined;
    this.used = 0;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
