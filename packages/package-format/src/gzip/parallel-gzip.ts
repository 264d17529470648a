/**
 * Parallel gzip: the byte stream is cut into fixed-size blocks, each block is
 * compressed into an independent gzip member by a worker thread, and members
 * are handed to `onOutput` strictly in order. Memory is bounded: at most
 * `maxBlocksInFlight` blocks exist between the producer and the output, and
 * the producer waits (`await write(...)`) when they are all taken, which also
 * carries the output's backpressure back to the producer.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { COMPRESS_WORKER_SOURCE } from './compress-worker-source';

export const DEFAULT_BLOCK_SIZE = 2 * 1024 * 1024;

export interface ParallelGzipOptions {
  /** zlib level 0..9; 0 stores everything. */
  level: number;
  /** Number of worker threads; default: available parallelism (at least 1, at most 8). */
  workers?: number;
  /** Uncompressed bytes per gzip member. */
  blockSize?: number;
  /** Blocks allowed between producer and output; default workers * 2 + 1. */
  maxBlocksInFlight?: number;
  /** Receives the members in order; the next member waits for the returned promise. */
  onOutput: (member: Buffer) => Promise<void> | void;
  /**
   * True when `onOutput` is done with a member's buffer once its promise
   * resolved (e.g. it was written to a file): the buffer is then handed back to
   * a worker for the next member instead of becoming garbage.
   */
  recycleOutput?: boolean;
  /** Worker engine; 'portable' uses only public zlib APIs (see compress-worker-source.ts). */
  engine?: 'direct' | 'portable';
}

export interface ParallelGzipStats {
  bytesIn: number;
  bytesOut: number;
  members: number;
  /** Bytes emitted as stored blocks (judged incompressible). */
  storedBytes: number;
  /** Bytes deflated. */
  deflatedBytes: number;
  /** Bytes deflated in vain, then stored. */
  wastedBytes: number;
}

interface WorkerResult {
  id: number;
  output?: ArrayBuffer;
  outputLength?: number;
  engine?: string;
  input?: ArrayBuffer;
  error?: string;
  stats?: { stored: number; deflated: number; wasted: number };
}

interface Job {
  id: number;
  buffer: ArrayBuffer;
  length: number;
}

export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

export class ParallelGzip {
  private readonly level: number;
  private readonly blockSize: number;
  private readonly maxInFlight: number;
  private readonly onOutput: (member: Buffer) => Promise<void> | void;
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly done = new Map<number, Buffer>();
  private readonly pool: ArrayBuffer[] = [];
  private readonly outputPool: ArrayBuffer[] = [];
  private readonly recycleOutput: boolean;
  /** Engine the workers reported ('direct' or 'portable'), once a block was compressed. */
  engine: string | undefined;
  private current: Buffer | undefined;
  private fill = 0;
  private nextId = 0;
  private nextToEmit = 0;
  private inFlight = 0;
  private emitting = false;
  private failure: unknown;
  private failed = false;
  private waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  private closed = false;
  readonly stats: ParallelGzipStats = {
    bytesIn: 0,
    bytesOut: 0,
    members: 0,
    storedBytes: 0,
    deflatedBytes: 0,
    wastedBytes: 0,
  };

  constructor(options: ParallelGzipOptions) {
    if (!Number.isInteger(options.level) || options.level < 0 || options.level > 9) {
      throw new RangeError(`compression level must be 0..9, got ${options.level}`);
    }
    this.level = options.level;
    this.blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
    const workerCount = options.workers ?? defaultWorkerCount();
    this.maxInFlight = options.maxBlocksInFlight ?? workerCount * 2 + 1;
    this.onOutput = options.onOutput;
    this.recycleOutput = options.recycleOutput ?? false;
    for (let i = 0; i < workerCount; i++) {
      const worker = new Worker(COMPRESS_WORKER_SOURCE, { eval: true, workerData: { engine: options.engine ?? 'direct' } });
      worker.on('message', (result: WorkerResult) => this.onResult(worker, result));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(new Error(`compression worker exited with code ${code}`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** Copies `data` into the stream. Resolves when the data is buffered (not yet compressed). */
  async write(data: Buffer): Promise<void> {
    let offset = 0;
    while (offset < data.length) {
      const space = await this.space();
      const n = Math.min(space.length, data.length - offset);
      data.copy(space, 0, offset, offset + n);
      offset += n;
      await this.commit(n);
    }
  }

  /** Appends `length` zero bytes. */
  async writeZeros(length: number): Promise<void> {
    let rest = length;
    while (rest > 0) {
      const space = await this.space();
      const n = Math.min(space.length, rest);
      space.fill(0, 0, n);
      rest -= n;
      await this.commit(n);
    }
  }

  /**
   * Free space at the end of the current block, to be filled directly (e.g. by
   * `fs.read`) and then handed back with `commit(n)`. The buffer must not be
   * used after `commit`.
   */
  async space(): Promise<Buffer> {
    this.throwIfFailed();
    if (!this.current) {
      while (this.inFlight >= this.maxInFlight) await this.waitForSlot();
      const recycled = this.pool.pop();
      this.current = recycled ? Buffer.from(recycled) : Buffer.from(new ArrayBuffer(this.blockSize));
      this.fill = 0;
      this.inFlight++;
    }
    return this.current.subarray(this.fill);
  }

  async commit(n: number): Promise<void> {
    if (!this.current || n < 0 || this.fill + n > this.current.length) throw new RangeError('commit beyond reserved space');
    this.fill += n;
    this.stats.bytesIn += n;
    if (this.fill === this.current.length) this.dispatchCurrent();
  }

  /** Compresses what is buffered and waits until every member has been output. */
  async end(): Promise<void> {
    this.throwIfFailed();
    if (this.current) {
      if (this.fill > 0) this.dispatchCurrent();
      else {
        this.current = undefined;
        this.inFlight--;
      }
    }
    while (this.inFlight > 0) await this.waitForSlot();
    this.throwIfFailed();
    await this.close();
  }

  /** Stops the workers; pending and future operations fail. Safe to call more than once. */
  async destroy(reason?: Error): Promise<void> {
    this.fail(reason ?? new Error('parallel gzip destroyed'));
    await this.close();
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private dispatchCurrent(): void {
    const block = this.current as Buffer;
    this.current = undefined;
    const job: Job = { id: this.nextId++, buffer: block.buffer as ArrayBuffer, length: this.fill };
    this.fill = 0;
    this.queue.push(job);
    this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0 && this.idle.length > 0 && !this.failed) {
      const job = this.queue.shift() as Job;
      const worker = this.idle.pop() as Worker;
      const output = this.outputPool.pop();
      worker.postMessage(
        { id: job.id, buffer: job.buffer, length: job.length, level: this.level, output },
        output ? [job.buffer, output] : [job.buffer],
      );
    }
  }

  private onResult(worker: Worker, result: WorkerResult): void {
    this.idle.push(worker);
    if (result.error !== undefined || !result.output) {
      this.fail(new Error(`compression failed: ${result.error ?? 'no output'}`));
      return;
    }
    if (result.input && this.pool.length < this.maxInFlight) this.pool.push(result.input);
    if (result.stats) {
      this.stats.storedBytes += result.stats.stored;
      this.stats.deflatedBytes += result.stats.deflated;
      this.stats.wastedBytes += result.stats.wasted;
    }
    this.engine ??= result.engine;
    this.done.set(result.id, Buffer.from(result.output, 0, result.outputLength ?? result.output.byteLength));
    this.pump();
    void this.emit();
  }

  private async emit(): Promise<void> {
    if (this.emitting) return;
    this.emitting = true;
    try {
      for (;;) {
        const member = this.done.get(this.nextToEmit);
        if (!member || this.failed) break;
        this.done.delete(this.nextToEmit);
        this.nextToEmit++;
        await this.onOutput(member);
        if (this.recycleOutput && this.outputPool.length < this.maxInFlight) this.outputPool.push(member.buffer as ArrayBuffer);
        this.stats.bytesOut += member.length;
        this.stats.members++;
        this.inFlight--;
        this.wakeOne();
      }
    } catch (error) {
      this.fail(error); // kept as is: callers map errno codes such as ENOSPC
    } finally {
      this.emitting = false;
    }
    if (!this.failed && this.done.has(this.nextToEmit)) void this.emit();
  }

  private waitForSlot(): Promise<void> {
    this.throwIfFailed();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private wakeOne(): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve();
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.failure = error;
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.reject(error);
    this.done.clear();
    void this.close();
  }

  private throwIfFailed(): void {
    if (this.failed) throw this.failure;
  }
}
