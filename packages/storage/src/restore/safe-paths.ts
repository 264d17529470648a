import type { Stats } from 'node:fs';
import { lstat, mkdir, opendir, rmdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { DomainError } from '@edms/domain';
import { fsyncDirectory } from '../durable-write';

/** Names the file store itself uses while writing (`.<name>.tmp-<hex>`); never restored or removed. */
export const STORE_TEMPORARY_NAME = /^\..*\.tmp-[0-9a-f]+$/;

export function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

/** lstat that answers null for a missing path (or a path under a non-directory). */
export async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}

/**
 * Guards one root directory: every path handed out lies under the root and no
 * directory between the root and the path is a symbolic link (or a file), so a
 * rename or mkdir can never be redirected out of the root. Directories already
 * checked or created are remembered for the life of the guard (one operation),
 * so 20k keys cost one lstat per distinct directory, not per key and level.
 */
export class RootGuard {
  private readonly checked = new Set<string>();
  /** Directories whose entries ensureParent changed by creating a directory in them (to fsync with the rest). */
  readonly created = new Set<string>();

  constructor(readonly root: string) {}

  /** The absolute path of `segments` under the root, after checking its ancestors. */
  async path(segments: readonly string[]): Promise<string> {
    let dir = this.root;
    for (let i = 0; i < segments.length - 1; i++) {
      dir = join(dir, segments[i] as string);
      if (this.checked.has(dir)) continue;
      const info = await lstatOrNull(dir);
      if (info === null) break; // the rest does not exist yet; ensureParent creates real directories
      if (info.isSymbolicLink()) {
        throw new DomainError('RESTORE_UNSAFE_PATH', `${dir} is a symbolic link; the restore never follows links out of ${this.root}`, {
          details: { path: dir },
        });
      }
      // A file in the way: nothing below it exists; ensureParent reports the conflict if a directory is needed.
      if (!info.isDirectory()) break;
      this.checked.add(dir);
    }
    return join(this.root, ...segments);
  }

  /** mkdir -p of the path's parent (call after `path`, which checked the existing part). */
  async ensureParent(path: string): Promise<void> {
    const parent = dirname(path);
    if (this.checked.has(parent)) return;
    try {
      const first = await mkdir(parent, { recursive: true });
      if (first !== undefined) {
        for (let dir = parent; dir !== first && dir.startsWith(first + sep); dir = dirname(dir)) this.created.add(dir);
        this.created.add(first);
        this.created.add(dirname(first));
      }
    } catch (error) {
      if (errnoCode(error) === 'EEXIST' || errnoCode(error) === 'ENOTDIR') {
        throw new DomainError('RESTORE_FILE_CONFLICT', `cannot create the directory ${parent}: a file is in the way`, {
          details: { path: parent },
          cause: error,
        });
      }
      throw error;
    }
    for (let dir = parent; dir.length > this.root.length && dir.startsWith(this.root + sep); dir = dirname(dir)) {
      this.checked.add(dir);
    }
  }

  /** Removes empty directories from the path's parent up to (not including) the root. */
  async pruneEmptyParents(path: string): Promise<void> {
    for (let dir = dirname(path); dir.startsWith(this.root + sep); dir = dirname(dir)) {
      try {
        await rmdir(dir);
        this.checked.delete(dir);
      } catch (error) {
        const code = errnoCode(error);
        if (code === 'ENOENT') continue;
        if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR' || code === 'EBUSY') return;
        throw error;
      }
    }
  }
}

export interface WalkedEntry {
  /** Path segments relative to the walked root. */
  segments: string[];
  path: string;
}

/**
 * Every non-directory entry (regular files, and links as links) under a root,
 * in name order. Directories are entered only when they really are directories
 * (a link to a directory is reported as an entry, never followed). One
 * directory's names are held at a time per level of depth. In the live store
 * its own temporary files are skipped (they are never stored objects).
 */
export async function* walkEntries(root: string, options: { skipStoreTemporary: boolean }): AsyncIterable<WalkedEntry> {
  yield* walkDir(root, root, options.skipStoreTemporary);
}

async function* walkDir(root: string, dir: string, skipTemporary: boolean): AsyncIterable<WalkedEntry> {
  let handle;
  try {
    handle = await opendir(dir);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return;
    throw error;
  }
  const entries: { name: string; isDir: boolean }[] = [];
  for await (const entry of handle) entries.push({ name: entry.name, isDir: entry.isDirectory() });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDir) {
      yield* walkDir(root, full, skipTemporary);
    } else if (!(skipTemporary && STORE_TEMPORARY_NAME.test(entry.name))) {
      yield { segments: relative(root, full).split(sep), path: full };
    }
  }
}

/**
 * Fsyncs directories with bounded parallelism: concurrent fsyncs on one
 * filesystem share journal commits, so 20k directories cost a few seconds
 * rather than 20k sequential flushes. Vanished directories are skipped.
 */
export async function fsyncDirectories(dirs: Iterable<string>, parallel = 32): Promise<void> {
  const queue = [...dirs];
  let next = 0;
  async function worker(): Promise<void> {
    while (next < queue.length) {
      const dir = queue[next++] as string;
      try {
        await fsyncDirectory(dir);
      } catch (error) {
        if (errnoCode(error) !== 'ENOENT') throw error;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, () => worker()));
}
