import { stat, statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { DiskSpace } from '@edms/domain';
import { errnoCode } from './safe-paths';

/**
 * Free and total bytes of the volume holding `path` — or, when `path` does not
 * exist yet (a fresh data directory), of its nearest existing ancestor.
 * Free means available to this (unprivileged) process: `bavail`, not `bfree`.
 */
export async function diskSpace(path: string): Promise<DiskSpace> {
  let current = resolve(path);
  for (;;) {
    try {
      await stat(current);
      break;
    } catch (error) {
      const code = errnoCode(error);
      const parent = dirname(current);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === current) throw error;
      current = parent;
    }
  }
  const info = await statfs(current);
  return { freeBytes: info.bavail * info.bsize, totalBytes: info.blocks * info.bsize };
}
