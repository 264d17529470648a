/**
 * A small buffered text file writer for the staged NDJSON files: lines are
 * collected in memory up to `flushBytes` and written in one call.
 */
import { open, type FileHandle } from 'node:fs/promises';

const NEWLINE = Buffer.from('\n');

export class LineFile {
  private parts: Array<string | Buffer> = [];
  private buffered = 0;
  bytes = 0;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly flushBytes: number,
  ) {}

  /** Creates the file (it must not exist), mode 0644. */
  static async create(path: string, flushBytes = 1024 * 1024): Promise<LineFile> {
    return new LineFile(path, await open(path, 'wx', 0o644), flushBytes);
  }

  /** Buffers text; true when the caller should `flush()` now. */
  push(text: string): boolean {
    this.parts.push(text);
    this.buffered += text.length;
    return this.buffered >= this.flushBytes;
  }

  /** Buffers one line's bytes (kept by reference until the next flush) and a newline. */
  pushLine(bytes: Buffer): boolean {
    this.parts.push(bytes, NEWLINE);
    this.buffered += bytes.length + 1;
    return this.buffered >= this.flushBytes;
  }

  get shouldFlush(): boolean {
    return this.buffered >= this.flushBytes;
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const data = Buffer.concat(this.parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part)));
    this.parts = [];
    this.buffered = 0;
    let offset = 0;
    while (offset < data.length) {
      const { bytesWritten } = await this.handle.write(data, offset, data.length - offset);
      offset += bytesWritten;
    }
    this.bytes += data.length;
  }

  /** Flushes, optionally fsyncs, and closes. */
  async close(sync: boolean): Promise<void> {
    try {
      await this.flush();
      if (sync) await this.handle.sync();
    } finally {
      await this.handle.close();
    }
  }

  /** Closes without flushing (after a failure). */
  async discard(): Promise<void> {
    this.parts = [];
    await this.handle.close().catch(() => undefined);
  }
}
