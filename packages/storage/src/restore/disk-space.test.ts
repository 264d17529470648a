import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskSpace } from './disk-space';

describe('diskSpace', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edms-disk-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reports free and total bytes of the volume, free never above total', async () => {
    const space = await diskSpace(dir);
    expect(space.totalBytes).toBeGreaterThan(0);
    expect(space.freeBytes).toBeGreaterThanOrEqual(0);
    expect(space.freeBytes).toBeLessThanOrEqual(space.totalBytes);
  });

  it('measures the nearest existing ancestor of a path that does not exist yet', async () => {
    const space = await diskSpace(join(dir, 'not', 'yet', 'created'));
    const ancestor = await diskSpace(dir);
    expect(space.totalBytes).toBe(ancestor.totalBytes);
  });
});
