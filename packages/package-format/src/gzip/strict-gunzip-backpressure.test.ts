import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { strictGunzip } from './strict-gunzip';

const MiB = 1024 * 1024;
const MEMBER_BYTES = 1 * MiB; // uncompressed size of each member
const MEMBERS = 64; // 64 MiB uncompressed
const SOURCE_CHUNK = 64 * 1024;

/** Deterministic data that compresses about 2:1 (random nibbles with runs), so the compressed stream is large. */
function payload(bytes: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(bytes);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < bytes; ) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    if ((x & 0x3ff) === 0) {
      // a run of a repeated byte now and then
      const run = Math.min(bytes - i, 16 + ((x >>> 8) & 0xff));
      out.fill(0x20, i, i + run);
      i += run;
    } else {
      out[i++] = 0x41 + ((x >>> 12) & 0x0f);
    }
  }
  return out;
}

describe('strictGunzip backpressure', () => {
  it('does not read ahead of a slow consumer past the member being decoded (multi-member stream)', async () => {
    // Four distinct members, cycled: 64 members of 1 MiB each, about 34 MiB compressed.
    const plain = [1, 2, 3, 4].map((seed) => payload(MEMBER_BYTES, seed));
    const gzipped = plain.map((data) => gzipSync(data, { level: 1 }));
    const members = Array.from({ length: MEMBERS }, (_, i) => i % plain.length);
    const compressed = Buffer.concat(members.map((m) => gzipped[m] as Buffer));
    // compressedEnd[i]: offset just past member i (its trailer included)
    const compressedEnd: number[] = [];
    members.reduce((end, m) => (compressedEnd.push(end + (gzipped[m] as Buffer).length), compressedEnd.at(-1) as number), 0);
    const expected = createHash('sha256');
    for (const m of members) expected.update(plain[m] as Buffer);
    expect(compressed.length).toBeGreaterThan(16 * MiB); // read-ahead of all of it would be unmistakable

    let pulled = 0;
    async function* source() {
      for (let i = 0; i < compressed.length; i += SOURCE_CHUNK) {
        const chunk = compressed.subarray(i, i + SOURCE_CHUNK);
        pulled += chunk.length;
        yield chunk;
      }
    }

    const progress = { compressedBytes: 0, members: 0 };
    const actual = createHash('sha256');
    let outputBytes = 0;
    let chunks = 0;
    let maxAhead = 0;
    for await (const out of strictGunzip(source(), progress)) {
      // This output belongs to member `m`; decoding it legitimately needs input up to that member's end.
      const m = Math.floor(outputBytes / MEMBER_BYTES);
      maxAhead = Math.max(maxAhead, pulled - (compressedEnd[m] as number));
      actual.update(out);
      outputBytes += out.length;
      chunks++;
      // A slow consumer: a long stall after the first chunk, then a yield to the event loop on every chunk.
      if (chunks === 1) await sleep(300);
      else await new Promise((resolve) => setImmediate(resolve));
    }

    expect(outputBytes).toBe(MEMBERS * MEMBER_BYTES);
    expect(actual.digest('hex')).toBe(expected.digest('hex'));
    expect(progress).toEqual({ compressedBytes: compressed.length, members: MEMBERS });
    // At most a source chunk or two past the member being consumed; without backpressure this is ~all of the input.
    expect(maxAhead).toBeLessThanOrEqual(2 * MiB);
  });
});
