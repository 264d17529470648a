/**
 * A gunzip that knows exactly where the gzip data ends.
 *
 * Node's Gunzip stream reads multi-member files, but it silently ignores
 * trailing zero bytes and reports other trailing bytes as a corrupt header
 * (dropping output it already produced). A package reader has to tell
 * "trailing data after a complete package" from "corrupt data", so this
 * decoder walks the members itself: it parses each member header, inflates the
 * raw deflate body with zlib (on the libuv thread pool), learns from the
 * inflater how many input bytes the body used, then checks the CRC-32 and
 * length trailer. Whatever follows the last member is either a new member
 * (`1f 8b`) or trailing data.
 */
import { crc32, createInflateRaw, type ZlibOptions } from 'node:zlib';

export type GunzipFailure = 'not-gzip' | 'truncated' | 'corrupt' | 'trailing-data';

export class GunzipError extends Error {
  constructor(
    readonly reason: GunzipFailure,
    message: string,
    readonly offset: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GunzipError';
  }
}

export interface GunzipProgress {
  /** Compressed bytes received from the source so far. */
  compressedBytes: number;
  /** Complete members decoded so far. */
  members: number;
}

export interface StrictGunzipOptions {
  /** Output chunk size of the inflater. */
  chunkSize?: number;
  /** Largest gzip header accepted (FEXTRA, file name and comment included). */
  maxHeaderBytes?: number;
}

const FTEXT_RESERVED = 0xe0;
const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const EMPTY = Buffer.alloc(0);

/**
 * Decompresses a gzip stream (one or more members). `progress` is updated in
 * place as input is consumed. Throws GunzipError.
 */
export async function* strictGunzip(
  source: AsyncIterable<Buffer>,
  progress: GunzipProgress = { compressedBytes: 0, members: 0 },
  options: StrictGunzipOptions = {},
): AsyncGenerator<Buffer, void, undefined> {
  const chunkSize = options.chunkSize ?? 256 * 1024;
  const maxHeaderBytes = options.maxHeaderBytes ?? 64 * 1024;
  const input = source[Symbol.asyncIterator]();
  let pending: Buffer = EMPTY;
  let sourceDone = false;
  let consumedBefore = 0; // absolute offset of pending[0]

  /** Chunks already received, to be handed out again before reading the source. */
  const queued: Buffer[] = [];
  const pull = async (): Promise<Buffer | undefined> => {
    const again = queued.shift();
    if (again) return again;
    if (sourceDone) return undefined;
    const next = await input.next();
    if (next.done) {
      sourceDone = true;
      return undefined;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as Uint8Array);
    progress.compressedBytes += chunk.length;
    return chunk;
  };
  /** Makes `pending` hold at least n bytes, copying only the few bytes that straddle chunks. */
  const need = async (n: number): Promise<boolean> => {
    while (pending.length < n) {
      const chunk = await pull();
      if (!chunk) return false;
      if (pending.length === 0) {
        pending = chunk;
        continue;
      }
      const take = Math.min(chunk.length, n - pending.length);
      pending = Buffer.concat([pending, chunk.subarray(0, take)]);
      if (take < chunk.length) queued.unshift(chunk.subarray(take));
    }
    return true;
  };
  const advance = (n: number) => {
    pending = pending.subarray(n);
    consumedBefore += n;
  };

  try {
    for (let member = 0; ; member++) {
      // ---- end of input, next member, or trailing data
      if (pending.length === 0 && !(await need(1))) {
        if (member === 0) throw new GunzipError('not-gzip', 'empty input: not a gzip stream', 0);
        return;
      }
      const haveMagic = pending[0] === 0x1f && (await need(2)) && pending[1] === 0x8b;
      if (!haveMagic) {
        if (member === 0) throw new GunzipError('not-gzip', 'not a gzip stream', 0);
        throw new GunzipError('trailing-data', 'data after the end of the gzip stream', consumedBefore);
      }

      // ---- member header (RFC 1952 §2.3)
      const headerStart = consumedBefore;
      const truncatedHeader = () => new GunzipError('truncated', 'gzip stream truncated in a member header', headerStart);
      if (!(await need(10))) throw truncatedHeader();
      if (pending[2] !== 8) throw new GunzipError('corrupt', 'unknown gzip compression method', headerStart);
      const flags = pending[3] as number;
      if (flags & FTEXT_RESERVED) throw new GunzipError('corrupt', 'reserved gzip header flags set', headerStart);
      let offset = 10;
      if (flags & FEXTRA) {
        if (!(await need(offset + 2))) throw truncatedHeader();
        offset += 2 + pending.readUInt16LE(offset);
      }
      for (const flag of [FNAME, FCOMMENT]) {
        if (!(flags & flag)) continue;
        for (;;) {
          if (offset > maxHeaderBytes) throw new GunzipError('corrupt', 'gzip header too large', headerStart);
          if (!(await need(offset + 1))) throw truncatedHeader();
          const zero = pending.indexOf(0, offset);
          if (zero !== -1) {
            offset = zero + 1;
            break;
          }
          offset = pending.length;
        }
      }
      if (flags & FHCRC) offset += 2;
      if (offset > maxHeaderBytes) throw new GunzipError('corrupt', 'gzip header too large', headerStart);
      if (!(await need(offset))) throw truncatedHeader();
      advance(offset);

      // ---- deflate body
      // Object mode on the readable side: the async iterator then hands out the
      // inflater's chunks one by one instead of concatenating whatever is buffered.
      const inflater = createInflateRaw({ chunkSize, readableObjectMode: true } as ZlibOptions);
      const fed: Buffer[] = []; // chunks written to the inflater and not yet known to be consumed
      let fedStart = 0; // inflater offset of fed[0]
      let fedTotal = 0;
      let bodyEnded = false;
      const extra: Buffer[] = []; // pulled after the body ended
      const write = (chunk: Buffer) =>
        new Promise<void>((resolve, reject) => {
          fed.push(chunk);
          fedTotal += chunk.length;
          inflater.write(chunk, (error) => (error ? reject(error) : resolve()));
        });
      const trimFed = () => {
        while (fed.length > 1 && fedStart + (fed[0] as Buffer).length <= inflater.bytesWritten) {
          fedStart += (fed.shift() as Buffer).length;
        }
      };
      // Backpressure: a write completes only once the inflater has taken in the
      // whole chunk, and it holds back while its output is not being read, so
      // the body is fed no faster than the consumer drains it. Once the deflate
      // data ends, though, the inflater ends its output and accepts (without
      // consuming) any further write at once. So feed only while it consumed
      // everything written so far: when bytesWritten falls behind fedTotal the
      // body has ended (or the inflater failed), and the next input is pulled
      // only after the consumer has drained this member's output (below).
      const feeder = (async () => {
        if (pending.length > 0) {
          const first = pending;
          pending = EMPTY;
          await write(first);
        }
        while (!bodyEnded && inflater.bytesWritten === fedTotal) {
          trimFed();
          const chunk = await pull();
          if (!chunk) {
            if (!bodyEnded) inflater.end();
            return;
          }
          if (bodyEnded) {
            extra.push(chunk);
            return;
          }
          await write(chunk);
        }
      })();
      // A failing source (or write) ends the inflater with that error; it is rethrown as is below.
      let feedFailure: { error: unknown } | undefined;
      feeder.catch((error: unknown) => {
        feedFailure = { error };
        inflater.destroy(error instanceof Error ? error : new Error(String(error)));
      });

      let crc = 0;
      let size = 0;
      try {
        for await (const out of inflater as AsyncIterable<Buffer>) {
          crc = crc32(out, crc);
          size += out.length;
          yield out;
        }
      } catch (error) {
        if (feedFailure) throw feedFailure.error;
        const code = (error as { code?: string }).code;
        const offsetNow = consumedBefore + inflater.bytesWritten;
        if (code === 'Z_BUF_ERROR') {
          throw new GunzipError('truncated', 'gzip stream truncated', offsetNow, { cause: error });
        }
        throw new GunzipError('corrupt', `corrupt gzip data: ${(error as Error).message}`, offsetNow, { cause: error });
      }
      bodyEnded = true;
      await feeder;
      const used = inflater.bytesWritten;
      const leftovers: Buffer[] = [];
      let position = fedStart;
      for (const chunk of fed) {
        const end = position + chunk.length;
        if (end > used) leftovers.push(used > position ? chunk.subarray(used - position) : chunk);
        position = end;
      }
      inflater.destroy();
      leftovers.push(...extra);
      if (fedTotal < used) throw new GunzipError('corrupt', 'inflater consumed more than it was given', consumedBefore);
      consumedBefore += used;
      pending = leftovers.shift() ?? EMPTY;
      queued.unshift(...leftovers);

      // ---- trailer: CRC-32 and length of the member's data
      if (!(await need(8))) throw new GunzipError('truncated', 'gzip stream truncated before a member trailer', consumedBefore);
      if (pending.readUInt32LE(0) !== crc >>> 0) {
        throw new GunzipError('corrupt', 'gzip CRC-32 mismatch', consumedBefore);
      }
      if (pending.readUInt32LE(4) !== size % 0x100000000) {
        throw new GunzipError('corrupt', 'gzip length mismatch', consumedBefore);
      }
      advance(8);
      progress.members++;
    }
  } finally {
    if (!sourceDone) await input.return?.();
  }
}
