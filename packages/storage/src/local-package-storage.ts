import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { PackageStorage, StoredPackageFile } from '@edms/domain';

const PACKAGE_NAME = /\.tar\.gz(\.enc)?$/;

/** Package files in local (or mounted) directories; relative storage paths live under the data directory. */
export class LocalPackageStorage implements PackageStorage {
  constructor(private readonly dataDir: string) {}

  resolveDirectory(storagePath: string): string {
    return isAbsolute(storagePath) ? resolve(storagePath) : resolve(this.dataDir, storagePath);
  }

  async stat(path: string): Promise<StoredPackageFile | null> {
    try {
      const info = await stat(path);
      return info.isFile() ? { path, sizeBytes: info.size } : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async sha256(path: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  read(path: string): AsyncIterable<Uint8Array> {
    return createReadStream(path, { highWaterMark: 1024 * 1024 });
  }

  async remove(path: string): Promise<void> {
    await rm(path, { force: true });
  }

  async *list(directory: string): AsyncIterable<StoredPackageFile> {
    let names: string[];
    try {
      names = await readdir(directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const name of names.sort()) {
      // Names starting with a dot are the writer's temporary files.
      if (name.startsWith('.') || !PACKAGE_NAME.test(name)) continue;
      const found = await this.stat(join(directory, name));
      if (found) yield found;
    }
  }

  knownDirectories(storagePaths: string[]): string[] {
    return [...new Set(storagePaths.map((p) => this.resolveDirectory(p)))].sort();
  }
}
