/**
 * The end of the writer pipeline: [encrypt →] temporary file or upload, with
 * the sha256 and size of the bytes that leave the writer.
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { Transform } from 'node:stream';
import type { PackageUpload } from './types';

export interface ByteSink {
  readonly bytes: number;
  /** Resolves once the chunk may be reused by the caller. */
  write(chunk: Buffer): Promise<void>;
  /** Flushes (fsync for a file), returns the sha256 of everything written. */
  finish(): Promise<string>;
  close(): Promise<void>;
}

/** Bytes streamed into a PackageTarget's upload; completing the upload is the writer's publish step. */
export class UploadSink implements ByteSink {
  private readonly hash = createHash('sha256');
  bytes = 0;

  constructor(
    private readonly upload: PackageUpload,
    /** Turns the upload's failures into the writer's coded errors. */
    private readonly mapError: (error: unknown) => unknown,
  ) {}

  async write(chunk: Buffer): Promise<void> {
    this.hash.update(chunk);
    try {
      await this.upload.write(chunk);
    } catch (error) {
      throw this.mapError(error);
    }
    this.bytes += chunk.length;
  }

  async finish(): Promise<string> {
    return this.hash.digest('hex');
  }

  async close(): Promise<void> {}
}

export class FileSink implements ByteSink {
  private readonly hash = createHash('sha256');
  private closed = false;
  bytes = 0;

  constructor(private readonly handle: FileHandle) {}

  async write(chunk: Buffer): Promise<void> {
    this.hash.update(chunk);
    let offset = 0;
    while (offset < chunk.length) {
      const { bytesWritten } = await this.handle.write(chunk, offset, chunk.length - offset);
      offset += bytesWritten;
    }
    this.bytes += chunk.length;
  }

  /** fsync and close. */
  async finish(): Promise<string> {
    await this.handle.sync();
    await this.close();
    return this.hash.digest('hex');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }
}

/** Writes through a Transform stage (encryption) into the sink, with backpressure both ways. */
export class StagedOutput {
  private readonly pump: Promise<void>;
  private failure: unknown;

  constructor(
    private readonly stage: Transform,
    sink: ByteSink,
  ) {
    this.pump = (async () => {
      for await (const chunk of stage as AsyncIterable<Buffer>) await sink.write(chunk);
    })();
    this.pump.catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (this.stage.write(chunk)) return;
    await new Promise<void>((resolve, reject) => {
      const cleanup = () => {
        this.stage.off('drain', onDrain);
        this.stage.off('close', onClose);
      };
      const onDrain = () => {
        cleanup();
        resolve();
      };
      const onClose = () => {
        cleanup();
        reject(this.failure ?? new Error('output stage closed'));
      };
      this.stage.on('drain', onDrain);
      this.stage.on('close', onClose);
      this.pump.catch((error: unknown) => {
        cleanup();
        reject(error);
      });
    });
  }

  async end(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    this.stage.end();
    await this.pump;
  }

  destroy(): void {
    this.stage.destroy();
  }
}
