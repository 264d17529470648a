import { createReadStream } from 'node:fs';
import { opendir, rm, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { DomainError, type FileStore, type StoredObjectInfo, type WrittenObject } from '@edms/domain';
import { writeFileDurably } from './durable-write';
import { assertSafeStorageKey } from './storage-key';

/** Names the store itself uses while writing; never reported as stored objects. */
const TEMPORARY_NAME = /^\..*\.tmp-[0-9a-f]+$/;

/** The document file store on a local (or mounted shared) directory. */
export class LocalFileStore implements FileStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  resolve(key: string): string {
    assertSafeStorageKey(key);
    const full = resolve(this.root, ...key.split('/'));
    if (!full.startsWith(this.root + sep)) {
      throw new DomainError('STORAGE_KEY_INVALID', `storage key "${key}" escapes the file store`, { details: { key } });
    }
    return full;
  }

  async write(key: string, content: AsyncIterable<Uint8Array>): Promise<WrittenObject> {
    const result = await writeFileDurably(this.resolve(key), content);
    return { key, ...result };
  }

  async openRead(key: string): Promise<AsyncIterable<Uint8Array>> {
    const path = this.resolve(key);
    const info = await this.stat(key);
    if (!info) throw new DomainError('STORAGE_OBJECT_MISSING', `no stored file for key "${key}"`, { details: { key } });
    return createReadStream(path, { highWaterMark: 1024 * 1024 });
  }

  async stat(key: string): Promise<StoredObjectInfo | null> {
    try {
      const info = await stat(this.resolve(key));
      return info.isFile() ? { key, sizeBytes: info.size } : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.resolve(key), { force: true });
  }

  async *list(): AsyncIterable<StoredObjectInfo> {
    yield* this.walk(this.root);
  }

  private async *walk(dir: string): AsyncIterable<StoredObjectInfo> {
    let handle;
    try {
      handle = await opendir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const entries = [];
    for await (const entry of handle) entries.push(entry);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        yield* this.walk(full);
      } else if (entry.isFile() && !TEMPORARY_NAME.test(entry.name)) {
        const info = await stat(full);
        yield { key: relative(this.root, full).split(sep).join('/'), sizeBytes: info.size };
      }
    }
  }
}
