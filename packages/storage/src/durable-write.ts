import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Fsyncs a directory so a rename inside it survives a power cut. */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface DurableWriteResult {
  sizeBytes: number;
  sha256: string;
}

/**
 * Writes to a temporary name in the target directory, fsyncs, renames onto the
 * final name and fsyncs the directory: a crash leaves either the old file or the
 * complete new one, never a torn one under the final name.
 */
export async function writeFileDurably(target: string, content: AsyncIterable<Uint8Array>): Promise<DurableWriteResult> {
  const dir = dirname(target);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(target)}.tmp-${randomBytes(6).toString('hex')}`);
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const handle = await open(temp, 'wx', 0o644);
  try {
    try {
      for await (const chunk of content) {
        hash.update(chunk);
        sizeBytes += chunk.byteLength;
        let offset = 0;
        while (offset < chunk.byteLength) {
          const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
          offset += bytesWritten;
        }
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncDirectory(dir);
  return { sizeBytes, sha256: hash.digest('hex') };
}
