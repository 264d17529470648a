/**
 * A FIFO of byte chunks that hands out exact-length slices without concatenating
 * everything it holds. Slices that fall inside one chunk are zero-copy views.
 */
const EMPTY = Buffer.alloc(0);

export class ByteQueue {
  private chunks: Buffer[] = [];
  private first = 0;
  private firstOffset = 0;
  private total = 0;

  get length(): number {
    return this.total;
  }

  append(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.total += chunk.length;
  }

  /** The first `count` bytes, without consuming them. */
  peek(count: number): Buffer {
    return this.take(count, false);
  }

  /** Removes and returns the first `count` bytes. */
  read(count: number): Buffer {
    return this.take(count, true);
  }

  private take(count: number, consume: boolean): Buffer {
    if (!Number.isInteger(count) || count < 0 || count > this.total) {
      throw new RangeError(`Cannot take ${count} bytes from a queue holding ${this.total}`);
    }
    if (count === 0) return Buffer.alloc(0);

    const head = this.chunks[this.first] as Buffer;
    const available = head.length - this.firstOffset;
    if (available >= count) {
      const slice = head.subarray(this.firstOffset, this.firstOffset + count);
      if (consume) this.advance(count);
      return slice;
    }

    const out = Buffer.allocUnsafe(count);
    let written = 0;
    let index = this.first;
    let offset = this.firstOffset;
    while (written < count) {
      const chunk = this.chunks[index] as Buffer;
      const n = Math.min(chunk.length - offset, count - written);
      chunk.copy(out, written, offset, offset + n);
      written += n;
      index += 1;
      offset = 0;
    }
    if (consume) this.advance(count);
    return out;
  }

  private advance(count: number): void {
    let remaining = count;
    this.total -= count;
    while (remaining > 0) {
      const chunk = this.chunks[this.first] as Buffer;
      const available = chunk.length - this.firstOffset;
      if (available > remaining) {
        this.firstOffset += remaining;
        return;
      }
      remaining -= available;
      // Drop the reference at once so a consumed chunk can be collected.
      this.chunks[this.first] = EMPTY;
      this.first += 1;
      this.firstOffset = 0;
    }
    if (this.first === this.chunks.length) {
      this.chunks = [];
      this.first = 0;
    } else if (this.first > 1024 && this.first * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.first);
      this.first = 0;
    }
  }
}
