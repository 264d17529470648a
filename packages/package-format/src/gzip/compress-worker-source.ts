/**
 * Source of the compression worker, run with `new Worker(source, { eval: true })`
 * so it works the same from compiled `dist/` and from ts-jest's `src/`.
 *
 * A job is one block of the tar stream (a few MiB). The worker turns it into
 * one complete gzip member:
 *   - the block is looked at in 64 KiB segments; a segment whose sampled byte
 *     entropy is close to 8 bits/byte (random, encrypted or already compressed
 *     data: PDFs, images, archives) is written at level 0 (deflate *stored*
 *     blocks) — no deflate effort spent on bytes that do not shrink;
 *   - runs of compressible segments are deflated at the requested level;
 *   - all runs of a block go through one deflate stream (the level is switched
 *     between runs), so the window carries over and splitting costs no ratio.
 * Independent members concatenated are a standard multi-member gzip file.
 *
 * Two engines produce the same format:
 *   - "direct" (default): one zlib gzip stream per worker, reused for every
 *     block (reset between members), writing straight into an output buffer
 *     that the main thread hands back for reuse. It allocates nothing per
 *     block, which keeps memory flat: with Node's one-shot zlib calls every
 *     block leaves megabytes of garbage behind that each thread's V8 collects
 *     only once tens of MiB have piled up. It drives the zlib binding the way
 *     Node's own zlibBufferSync does (handle.writeSync / _writeState /
 *     handle.params / handle.reset); if those internals are missing it is not
 *     used.
 *   - "portable": public zlib API only (deflateRawSync per run with a sync
 *     flush and the preceding 32 KiB as dictionary, own gzip framing).
 */
export const COMPRESS_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const zlib = require('node:zlib');
const C = zlib.constants;

const SEGMENT = 64 * 1024;
const WINDOW = 32 * 1024;
const ENTROPY_LIMIT = 7.2; // bits per byte, on sampled bytes
const MIN_GAIN = 0.97;
const histogram = new Uint32Array(256);

function highEntropy(data, start, end) {
  const length = end - start;
  if (length < 1024) return false;
  const stride = length >= 16384 ? 16 : 1;
  histogram.fill(0);
  let samples = 0;
  for (let i = start; i < end; i += stride) {
    histogram[data[i]]++;
    samples++;
  }
  let entropy = 0;
  for (let k = 0; k < 256; k++) {
    const c = histogram[k];
    if (c !== 0) {
      const p = c / samples;
      entropy -= p * Math.log2(p);
    }
  }
  return entropy > ENTROPY_LIMIT;
}

/** Runs of [start, end, compressible] covering the block. */
function classify(data, level) {
  if (level === 0) return [[0, data.length, false]];
  const runs = [];
  let runStart = 0;
  let runCompressible = null;
  for (let s = 0; s < data.length; s += SEGMENT) {
    const e = Math.min(s + SEGMENT, data.length);
    const compressible = !highEntropy(data, s, e);
    if (runCompressible === null) runCompressible = compressible;
    else if (compressible !== runCompressible) {
      runs.push([runStart, s, runCompressible]);
      runStart = s;
      runCompressible = compressible;
    }
  }
  if (runCompressible !== null) runs.push([runStart, data.length, runCompressible]);
  return runs;
}

// ---------------------------------------------------------------- direct engine

function directSupported() {
  try {
    const probe = zlib.createGzip({ level: 1 });
    const ok = !!probe._handle && typeof probe._handle.writeSync === 'function' &&
      typeof probe._handle.params === 'function' && typeof probe._handle.reset === 'function' &&
      probe._writeState instanceof Uint32Array && probe._writeState.length >= 2;
    probe.close();
    return ok;
  } catch {
    return false;
  }
}

let engine = null;
let engineLevel = -1;
let engineError = null;

function directEngine(level) {
  if (!engine) {
    engine = zlib.createGzip({ level, memLevel: 8, windowBits: 15 });
    engine.on('error', (error) => { engineError = error; });
    engineLevel = level;
  }
  return engine;
}

function compressDirect(data, level, output, stats) {
  const gz = directEngine(level === 0 ? 1 : level);
  const handle = gz._handle;
  const state = gz._writeState;
  let out = output && output.length >= 1024 ? output : Buffer.allocUnsafeSlow(data.length + (data.length >>> 8) + 4096);
  let outOffset = 0;

  const write = (flush, start, end) => {
    let inOffset = start;
    let inLength = end - start;
    for (;;) {
      if (out.length - outOffset < 1024) {
        const bigger = Buffer.allocUnsafeSlow(out.length * 2);
        out.copy(bigger, 0, 0, outOffset);
        out = bigger;
      }
      const availOut = out.length - outOffset;
      handle.writeSync(flush, data, inOffset, inLength, out, outOffset, availOut);
      if (engineError) throw engineError;
      const availOutAfter = state[0];
      const availInAfter = state[1];
      outOffset += availOut - availOutAfter;
      inOffset += inLength - availInAfter;
      inLength = availInAfter;
      if (availOutAfter !== 0) return;
    }
  };
  const setLevel = (wanted) => {
    if (wanted === engineLevel) return;
    // Finish what the old level buffered, then switch (zlib's deflateParams).
    write(C.Z_SYNC_FLUSH, 0, 0);
    handle.params(wanted, C.Z_DEFAULT_STRATEGY);
    if (engineError) throw engineError;
    engineLevel = wanted;
  };

  for (const [start, end, compressible] of classify(data, level)) {
    setLevel(compressible ? level : 0);
    write(C.Z_NO_FLUSH, start, end);
    if (compressible) stats.deflated += end - start;
    else stats.stored += end - start;
  }
  write(C.Z_FINISH, 0, 0);
  handle.reset();
  if (engineError) throw engineError;
  return { buffer: out, length: outOffset };
}

// -------------------------------------------------------------- portable engine

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03]);
const FINAL_BLOCK = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]);

function pushStored(parts, data, start, end) {
  for (let offset = start; offset < end; offset += 65535) {
    const length = Math.min(65535, end - offset);
    const header = Buffer.allocUnsafe(5);
    header[0] = 0x00;
    header.writeUInt16LE(length, 1);
    header.writeUInt16LE(~length & 0xffff, 3);
    parts.push(header, data.subarray(offset, offset + length));
  }
}

function compressPortable(data, level, stats) {
  const parts = [GZIP_HEADER];
  for (const [start, end, compressible] of classify(data, level)) {
    if (compressible && level > 0) {
      const options = { level, finishFlush: C.Z_SYNC_FLUSH };
      if (start > 0) options.dictionary = data.subarray(Math.max(0, start - WINDOW), start);
      const deflated = zlib.deflateRawSync(data.subarray(start, end), options);
      if (deflated.length < (end - start) * MIN_GAIN) {
        parts.push(deflated);
        stats.deflated += end - start;
        continue;
      }
      stats.wasted += end - start;
    }
    pushStored(parts, data, start, end);
    stats.stored += end - start;
  }
  parts.push(FINAL_BLOCK);
  const trailer = Buffer.allocUnsafe(8);
  trailer.writeUInt32LE(zlib.crc32(data) >>> 0, 0);
  trailer.writeUInt32LE(data.length >>> 0, 4);
  parts.push(trailer);
  let total = 0;
  for (const part of parts) total += part.length;
  const out = Buffer.allocUnsafeSlow(total);
  let offset = 0;
  for (const part of parts) {
    part.copy(out, offset);
    offset += part.length;
  }
  return { buffer: out, length: total };
}

// ------------------------------------------------------------------------- main

const useDirect = !(workerData && workerData.engine === 'portable') && directSupported();

parentPort.on('message', (job) => {
  try {
    const data = Buffer.from(job.buffer, 0, job.length);
    const stats = { stored: 0, deflated: 0, wasted: 0 };
    const output = job.output ? Buffer.from(job.output) : undefined;
    const result = useDirect ? compressDirect(data, job.level, output, stats) : compressPortable(data, job.level, stats);
    const transfer = [result.buffer.buffer, job.buffer];
    parentPort.postMessage(
      { id: job.id, output: result.buffer.buffer, outputLength: result.length, input: job.buffer, stats, engine: useDirect ? 'direct' : 'portable' },
      transfer,
    );
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String((error && error.stack) || error) });
  }
});
`;
