import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../test-support/fixtures';
import { AdaptiveReadMode, mapConcurrent, readWholeFile, SmallFilePrefetcher, SourceChangedError } from './source-files';

describe('AdaptiveReadMode', () => {
  it('stays synchronous while small files read fast', () => {
    const mode = new AdaptiveReadMode();
    for (let i = 0; i < 1000; i++) mode.record(0.05, 30_000);
    expect(mode.async).toBe(false);
  });

  it('switches to asynchronous reads after two consecutive windows of mostly slow reads', () => {
    const mode = new AdaptiveReadMode();
    for (let i = 0; i < 32; i++) mode.record(5, 30_000);
    expect(mode.async).toBe(false); // one slow window: perhaps just a busy CPU
    for (let i = 0; i < 32; i++) mode.record(5, 30_000);
    expect(mode.async).toBe(true);
  });

  it('ignores large files and never switches when pinned', () => {
    const mode = new AdaptiveReadMode();
    for (let i = 0; i < 100; i++) mode.record(50, 50 * 1024 * 1024);
    expect(mode.async).toBe(false);
    mode.pinned = true;
    for (let i = 0; i < 100; i++) mode.record(50, 1000);
    expect(mode.async).toBe(false);
  });
});

describe('reading source files', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('readWholeFile returns the bytes and fails with SourceChangedError when the size differs from the plan', async () => {
    const path = join(tmp.path, 'a');
    writeFileSync(path, 'hello');
    expect((await readWholeFile(path, 5)).toString()).toBe('hello');
    await expect(readWholeFile(path, 4)).rejects.toBeInstanceOf(SourceChangedError);
    await expect(readWholeFile(path, 6)).rejects.toBeInstanceOf(SourceChangedError);
  });

  it('the prefetcher hands out small files in order, skipping indexes without an item', async () => {
    const items = Array.from({ length: 50 }, (_, i) => {
      const path = join(tmp.path, `f${i}`);
      writeFileSync(path, `file ${i}`);
      return i % 7 === 3 ? undefined : { path, size: `file ${i}`.length };
    });
    const prefetcher = new SmallFilePrefetcher(items.length, (i) => items[i], () => true, 4, 64);
    for (let i = 0; i < items.length; i++) {
      if (!items[i]) continue;
      expect((await prefetcher.take(i)).toString()).toBe(`file ${i}`);
    }
  });

  it('mapConcurrent keeps input order and the concurrency bound', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapConcurrent(Array.from({ length: 40 }, (_, i) => i), 5, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, n % 3));
      running--;
      return n * 2;
    });
    expect(results).toEqual(Array.from({ length: 40 }, (_, i) => i * 2));
    expect(peak).toBeLessThanOrEqual(5);
  });
});
