import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ParallelGzip } from './parallel-gzip';
import { GunzipError, strictGunzip } from './strict-gunzip';

function text(bytes: number, seed = 1): Buffer {
  // Pseudo-prose over a vocabulary of 3000 made-up words: compresses like real text (~3x).
  let x = seed;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  const syllables = ['ka', 'lo', 'mer', 'tin', 'sa', 've', 'ro', 'qui', 'den', 'al', 'po', 'ste', 'nu', 'gra', 'fi'];
  const words: string[] = [];
  let y = 42;
  for (let i = 0; i < 3000; i++) {
    let word = '';
    const n = 1 + (i % 4);
    for (let j = 0; j < n; j++) {
      y = (Math.imul(y, 1103515245) + 12345) >>> 0;
      word += syllables[(y >>> 8) % syllables.length];
    }
    words.push(word);
  }
  const parts: string[] = [];
  let length = 0;
  while (length < bytes) {
    const word = `${words[(next() >>> 8) % words.length] as string}${next() % 13 === 0 ? '.\n' : ' '}`;
    parts.push(word);
    length += word.length;
  }
  return Buffer.from(parts.join('')).subarray(0, bytes);
}

async function compress(chunks: Buffer[], level: number, blockSize = 256 * 1024, engine: 'direct' | 'portable' = 'direct') {
  const out: Buffer[] = [];
  const gzip = new ParallelGzip({
    level,
    workers: 2,
    blockSize,
    engine,
    recycleOutput: true,
    // Copy: with recycleOutput the member's buffer is reused once this returns.
    onOutput: (m) => void out.push(Buffer.from(m)),
  });
  try {
    for (const chunk of chunks) await gzip.write(chunk);
    await gzip.end();
  } finally {
    await gzip.destroy();
  }
  return { output: Buffer.concat(out), stats: gzip.stats, engine: gzip.engine };
}

async function decompress(data: Buffer, chunk = 65536): Promise<Buffer> {
  async function* source() {
    for (let i = 0; i < data.length; i += chunk) yield data.subarray(i, i + chunk);
  }
  const out: Buffer[] = [];
  for await (const piece of strictGunzip(source())) out.push(piece);
  return Buffer.concat(out);
}

async function failure(data: Buffer, chunk = 65536): Promise<GunzipError> {
  try {
    await decompress(data, chunk);
  } catch (error) {
    if (error instanceof GunzipError) return error;
    throw error;
  }
  throw new Error('expected a GunzipError');
}

describe.each(['direct', 'portable'] as const)('parallel gzip (%s engine)', (engine) => {
  it('produces a multi-member gzip stream that zlib and GNU gzip decompress to the input', async () => {
    const input = Buffer.concat([text(700_000), randomBytes(300_000), text(123_457, 7)]);
    const { output, stats } = await compress([input.subarray(0, 1000), input.subarray(1000)], 6, undefined, engine);
    expect(stats.members).toBe(Math.ceil(input.length / (256 * 1024)));
    expect(gunzipSync(output).equals(input)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'pgz-'));
    try {
      writeFileSync(join(dir, 'x.gz'), output);
      expect(execFileSync('gzip', ['-dc', join(dir, 'x.gz')], { maxBuffer: 1 << 26 }).equals(input)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stores incompressible data instead of deflating it (output ≈ input + small overhead)', async () => {
    const input = randomBytes(2 * 1024 * 1024);
    const { output, stats } = await compress([input], 6, undefined, engine);
    expect(stats.deflatedBytes).toBe(0);
    expect(stats.wastedBytes).toBe(0);
    expect(output.length).toBeLessThan(input.length * 1.001 + 1024);
    expect(gunzipSync(output).equals(input)).toBe(true);
  });

  it('compresses text about as well as a single gzip stream at the same level', async () => {
    const input = text(3 * 1024 * 1024);
    const { output } = await compress([input], 6, 1024 * 1024, engine);
    expect(output.length).toBeLessThan(gzipSync(input, { level: 6 }).length * 1.01);
  });

  it('level 0 stores everything', async () => {
    const input = text(500_000);
    const { output, stats } = await compress([input], 0, undefined, engine);
    expect(stats.deflatedBytes).toBe(0);
    expect(gunzipSync(output).equals(input)).toBe(true);
  });

  it('switches between stored and deflated runs inside a block and reuses its buffers across many blocks', async () => {
    const parts: Buffer[] = [];
    for (let i = 0; i < 40; i++) parts.push(i % 2 ? randomBytes(70_000 + i) : text(90_000 + i, i));
    const input = Buffer.concat(parts);
    const result = await compress([input], 6, 300 * 1024, engine);
    expect(result.engine).toBe(engine);
    expect(gunzipSync(result.output).equals(input)).toBe(true);
    expect(result.stats.storedBytes).toBeGreaterThan(1_000_000);
    expect(result.stats.deflatedBytes).toBeGreaterThan(1_000_000);
  });

  it('an empty input produces no member', async () => {
    const { output } = await compress([], 6, undefined, engine);
    expect(output.length).toBe(0);
  });
});

describe('strict gunzip', () => {
  const payload = Buffer.concat([text(200_000), randomBytes(50_000)]);
  const single = gzipSync(payload);

  it('decodes single- and multi-member streams, whatever the input chunking', async () => {
    const multi = Buffer.concat([single, gzipSync(text(1000, 3)), single]);
    const expected = Buffer.concat([payload, text(1000, 3), payload]);
    for (const chunk of [1, 7, 512, 4096, 65536, 1 << 20]) {
      if (chunk === 1) {
        const small = gzipSync(text(3000));
        expect((await decompress(Buffer.concat([small, small]), 1)).equals(Buffer.concat([text(3000), text(3000)]))).toBe(true);
        continue;
      }
      expect((await decompress(multi, chunk)).equals(expected)).toBe(true);
    }
  });

  it('reports bytes after the last member as trailing data, zeros included', async () => {
    expect((await failure(Buffer.concat([single, Buffer.alloc(10)]))).reason).toBe('trailing-data');
    expect((await failure(Buffer.concat([single, Buffer.from('garbage')]))).reason).toBe('trailing-data');
    expect((await failure(Buffer.concat([single, Buffer.from([0x1f])]))).reason).toBe('trailing-data');
  });

  it('reports a truncated stream as truncated', async () => {
    expect((await failure(single.subarray(0, single.length - 3))).reason).toBe('truncated');
    expect((await failure(single.subarray(0, single.length / 2))).reason).toBe('truncated');
    expect((await failure(single.subarray(0, 5))).reason).toBe('truncated');
  });

  it('reports a flipped bit as corrupt', async () => {
    for (const position of [single.length - 6, Math.floor(single.length / 2), 200]) {
      const bad = Buffer.from(single);
      bad[position] = (bad[position] as number) ^ 0x10;
      expect(['corrupt', 'truncated']).toContain((await failure(bad)).reason);
    }
  });

  it('passes a source error through instead of hanging or calling it corruption', async () => {
    async function* failing() {
      yield single.subarray(0, 1000);
      throw new Error('disk read error');
    }
    const run = async () => {
      for await (const _ of strictGunzip(failing())) void _;
    };
    await expect(run()).rejects.toThrow('disk read error');
  });

  it('reports input that is not gzip', async () => {
    expect((await failure(Buffer.from('hello world'))).reason).toBe('not-gzip');
    expect((await failure(Buffer.alloc(0))).reason).toBe('not-gzip');
  });
});
