/**
 * Reading the document files: small files are read whole, many at a time
 * (per-file open/read/close latency, not bandwidth, dominates small files), in
 * a window bounded by count and bytes, and handed out in store order; large
 * files are streamed by the caller straight into the compressor's blocks.
 */
import { close, open, read, stat } from 'node:fs';

export const SMALL_FILE_LIMIT = 1024 * 1024;

/** Thrown when a file's size differs from what stat said when the archive was planned. */
export class SourceChangedError extends Error {
  constructor(
    readonly path: string,
    readonly expectedSize: number,
    readonly actualSize: number | undefined,
  ) {
    super(`${path} changed while it was being archived`);
    this.name = 'SourceChangedError';
  }
}

/** Reads a whole file of `size` bytes; fails with SourceChangedError when it is shorter or longer now. */
export function readWholeFile(path: string, size: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    open(path, 'r', (openError, fd) => {
      if (openError) return reject(openError);
      const buffer = Buffer.allocUnsafe(size + 1); // one byte more reveals a file that grew
      let filled = 0;
      const finish = (error: Error | null) =>
        close(fd, (closeError) => {
          if (error) return reject(error);
          if (closeError) return reject(closeError);
          if (filled !== size) return reject(new SourceChangedError(path, size, filled > size ? undefined : filled));
          resolve(buffer.subarray(0, filled));
        });
      const next = () =>
        read(fd, buffer, filled, buffer.length - filled, filled, (readError, bytesRead) => {
          if (readError) return finish(readError);
          filled += bytesRead;
          if (bytesRead === 0 || filled === buffer.length) return finish(null);
          next();
        });
      next();
    });
  });
}

export interface StatResult {
  size?: number;
  isFile?: boolean;
  error?: NodeJS.ErrnoException;
}

export function statFile(path: string): Promise<StatResult> {
  return new Promise((resolve) => {
    stat(path, (error, stats) => {
      if (error) resolve({ error });
      else resolve({ size: stats.size, isFile: stats.isFile() });
    });
  });
}

/** Runs `task` over `items` with at most `concurrency` in flight; results in input order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
  shouldStop?: () => boolean,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      if (shouldStop?.()) return;
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

export interface PrefetchItem {
  path: string;
  size: number;
}

/**
 * Reads the small files of a list ahead of the consumer, at most `concurrency`
 * reads and `maxBytes` bytes waiting at any time. `take(i)` must be called in
 * increasing order of i, and only for small files.
 */
export class SmallFilePrefetcher {
  private readonly started = new Map<number, Promise<Buffer>>();
  private cursor = 0;
  private waitingBytes = 0;

  constructor(
    private readonly count: number,
    /** The item at an index, or undefined when that index is not to be read. */
    private readonly itemAt: (index: number) => PrefetchItem | undefined,
    private readonly isSmall: (item: PrefetchItem) => boolean,
    private readonly concurrency = 32,
    private readonly maxBytes = 32 * 1024 * 1024,
  ) {}

  async take(index: number): Promise<Buffer> {
    let pending = this.started.get(index);
    if (!pending) {
      if (this.cursor <= index) this.cursor = index + 1;
      pending = this.start(index);
    }
    this.started.delete(index);
    this.fill();
    try {
      return await pending;
    } finally {
      this.waitingBytes -= (this.itemAt(index) as PrefetchItem).size;
      this.fill();
    }
  }

  private fill(): void {
    while (this.cursor < this.count && this.started.size < this.concurrency && this.waitingBytes < this.maxBytes) {
      const index = this.cursor++;
      const item = this.itemAt(index);
      if (!item || !this.isSmall(item)) continue;
      this.started.set(index, this.start(index));
    }
  }

  private start(index: number): Promise<Buffer> {
    const item = this.itemAt(index) as PrefetchItem;
    this.waitingBytes += item.size;
    const promise = readWholeFile(item.path, item.size);
    promise.catch(() => undefined); // reported by take(); never an unhandled rejection
    return promise;
  }
}

/**
 * Chooses how to read the store. Synchronous reads (cheap on a warm page
 * cache) until files take long to read — cold cache, slow or network storage —
 * where reading many files in parallel wins; then asynchronous reads for the
 * rest of the run. Also tells the caller when to yield to the event loop so a
 * run of synchronous reads never holds it for more than a few milliseconds.
 */
export class AdaptiveReadMode {
  async = false;
  /** When true, stays synchronous whatever the read times. */
  pinned = false;
  private sliceStarted = performance.now();
  private slowReads = 0;
  private reads = 0;
  private slowWindows = 0;

  constructor(
    /** A small file taking longer than this to open and read counts as slow. */
    private readonly slowMs = 2,
    /** A window of 32 small-file reads is slow when more than this share of them was slow. */
    private readonly slowShare = 0.5,
    /** Consecutive slow windows before switching (a busy CPU alone can make a few reads slow). */
    private readonly windowsToSwitch = 2,
    private readonly sliceMs = 10,
  ) {}

  record(milliseconds: number, size: number): void {
    if (size > SMALL_FILE_LIMIT || this.pinned || this.async) return;
    this.reads++;
    if (milliseconds > this.slowMs) this.slowReads++;
    if (this.reads < 32) return;
    this.slowWindows = this.slowReads / this.reads > this.slowShare ? this.slowWindows + 1 : 0;
    if (this.slowWindows >= this.windowsToSwitch) this.async = true;
    this.reads = 0;
    this.slowReads = 0;
  }

  shouldYield(): boolean {
    const now = performance.now();
    if (now - this.sliceStarted < this.sliceMs) return false;
    this.sliceStarted = now;
    return true;
  }
}
