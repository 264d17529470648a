import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { chmod, mkdir, open, readdir, rename, rm, rmdir, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { DomainError, type FileCounts, type FilePlan, type RestoreFiles, type StagedFile, type StagedPackage } from '@edms/domain';
import { fsyncDirectory, writeFileDurably } from '../durable-write';
import { assertSafeStorageKey } from '../storage-key';
import { errnoCode, fsyncDirectories, lstatOrNull, RootGuard, walkEntries } from './safe-paths';
import { readStagedIndex, StagingLayout } from './staging-layout';

/** A step of the swap, reported to the test hook right after it happened. */
export type SwapStep = 'recorded-new' | 'moved-aside' | 'swapped-in' | 'removed';

export interface LocalRestoreFilesOptions {
  /** The live document file store (the LocalFileStore root). */
  storeRoot: string;
  /** Holds `<restoreId>/` staging directories; must be on the store's volume so renames are atomic. */
  stagingRoot: string;
  /**
   * Test hook, called after every step of `swapIn` (and before the next one).
   * Throwing from it simulates a process killed at that point.
   */
  onKey?: (key: string, step: SwapStep) => void | Promise<void>;
}

/** Keys classified and journalled together: one fsync of new-keys.ndjson per batch, not per key. */
const SWAP_BATCH = 512;
/**
 * File operations in flight at once (lstat, rename, mkdir, hashing). Keys are
 * independent of each other — only a key's own steps are ordered — so this is
 * safe, and it roughly halves the time on a slow disk (libuv runs 4 at a time).
 */
const PARALLEL = 8;
const HASH_BUFFER = 256 * 1024;

function zero(): FileCounts {
  return { count: 0, bytes: 0 };
}

function add(counts: FileCounts, bytes: number): void {
  counts.count += 1;
  counts.bytes += bytes;
}

function contains(outer: string, inner: string): boolean {
  return inner === outer || inner.startsWith(outer + sep);
}

/**
 * Swaps a staged package's files into the live store by renames on one volume.
 *
 * Crash safety: every step is a single rename, and what was done is readable
 * from the disk alone — a staged file that is gone was swapped in; a file in
 * `previous/` was live before; a key in `new-keys.ndjson` (fsynced before its
 * rename) had no live file. So `swapIn` can be killed anywhere and then either
 * run again (rolls forward, skipping what is done) or be undone by `rollback`.
 *
 * Durability: new-keys.ndjson is fsynced (once per batch of 512 keys) before
 * those keys' renames; every directory whose entries changed is fsynced once,
 * in parallel, at the end of swapIn / rollback — before the caller moves the
 * journal on. A killed process loses nothing (the kernel keeps every rename);
 * a power cut in the middle relies on the filesystem journalling each rename
 * as a unit (ext4, xfs), and the final fsyncs make the finished swap durable.
 * One fsync per rename would cost minutes for 20k files on a slow disk.
 *
 * Speed: keys run 8 at a time (each key's own steps in order); on this
 * project's VM a swap costs about one mkdir (previous/ mirrors the store's
 * directories) plus two renames per key.
 *
 * Memory: `plan` and `swapIn` with removeUnlisted hold the package's keys in a
 * Set (about 100–200 bytes per key: ~4 MB for 20k files, ~200 MB for a million);
 * without removeUnlisted nothing grows with the package. File contents are
 * only ever streamed.
 */
export class LocalRestoreFiles implements RestoreFiles {
  readonly storeRoot: string;
  readonly stagingRoot: string;
  private readonly onKey: LocalRestoreFilesOptions['onKey'];

  constructor(options: LocalRestoreFilesOptions) {
    this.storeRoot = resolve(options.storeRoot);
    this.stagingRoot = resolve(options.stagingRoot);
    this.onKey = options.onKey;
    if (contains(this.storeRoot, this.stagingRoot) || contains(this.stagingRoot, this.storeRoot)) {
      throw new DomainError(
        'RESTORE_STAGING_INVALID',
        `the staging root ${this.stagingRoot} and the file store ${this.storeRoot} must not contain each other`,
        { details: { storeRoot: this.storeRoot, stagingRoot: this.stagingRoot } },
      );
    }
  }

  async plan(staged: StagedPackage, options: { removeUnlisted: boolean; keepKeys?: ReadonlySet<string> }): Promise<FilePlan> {
    const layout = new StagingLayout(this.stagingRoot, staged.restoreId);
    const live = new RootGuard(this.storeRoot);
    const plan: FilePlan = { write: zero(), overwrite: zero(), remove: zero(), unchanged: zero() };
    const packageKeys = options.removeUnlisted ? new Set<string>() : null;

    await forEachParallel(readStagedIndex(layout.index), PARALLEL, async (file) => {
      packageKeys?.add(file.storageKey);
      const path = await live.path(file.storageKey.split('/'));
      const info = await lstatOrNull(path);
      if (info === null || info.isDirectory()) {
        add(plan.write, file.sizeBytes);
      } else if (!info.isFile() || info.size !== file.sizeBytes) {
        add(plan.overwrite, file.sizeBytes);
      } else if ((await sha256OfFile(path)) === file.sha256) {
        add(plan.unchanged, file.sizeBytes);
      } else {
        add(plan.overwrite, file.sizeBytes);
      }
    });

    if (packageKeys) {
      await forEachParallel(walkEntries(this.storeRoot, { skipStoreTemporary: true }), PARALLEL, async (entry) => {
        const key = entry.segments.join('/');
        if (packageKeys.has(key) || options.keepKeys?.has(key)) return;
        const info = await lstatOrNull(entry.path);
        if (info) add(plan.remove, info.size);
      });
    }
    return plan;
  }

  async swapIn(staged: StagedPackage, options: { removeUnlisted: boolean }): Promise<void> {
    const layout = new StagingLayout(this.stagingRoot, staged.restoreId);
    if (await lstatOrNull(layout.rollbackMarker)) {
      throw new DomainError('RESTORE_ROLLED_BACK', `restore ${staged.restoreId} is being rolled back; its files cannot be swapped in again`, {
        details: { restoreId: staged.restoreId },
      });
    }
    if (!(await lstatOrNull(layout.stagedMarker))) {
      throw new DomainError('RESTORE_STAGING_GONE', `restore ${staged.restoreId} has no completed staging directory at ${layout.dir}`, {
        details: { restoreId: staged.restoreId, path: layout.dir },
      });
    }

    for (const dir of [layout.dir, layout.filesDir, layout.previousDir]) await assertDirectoryOrMissing(dir);

    if (options.removeUnlisted) {
      await this.swapWholeStore(layout);
      return;
    }

    // Pass 1: every row and key is checked before anything moves.
    const packageKeys = options.removeUnlisted ? new Set<string>() : null;
    for await (const file of readStagedIndex(layout.index)) packageKeys?.add(file.storageKey);

    const guards: SwapGuards = {
      live: new RootGuard(this.storeRoot),
      staged: new RootGuard(layout.filesDir),
      previous: new RootGuard(layout.previousDir),
    };
    // Directories whose entries changed; fsynced together at the end (see fsyncDirectories).
    const touched = new Set<string>();

    // Unlisted live files go aside first, so a package file may take the place
    // of a directory that held only unlisted files, and the other way round.
    if (packageKeys) await this.moveAsideUnlisted(packageKeys, guards, touched);

    const log = new NewKeysLog(layout);
    try {
      let batch: StagedFile[] = [];
      for await (const file of readStagedIndex(layout.index)) {
        batch.push(file);
        if (batch.length >= SWAP_BATCH) {
          await this.swapBatch(batch, layout, guards, log, touched);
          batch = [];
        }
      }
      if (batch.length > 0) await this.swapBatch(batch, layout, guards, log, touched);
    } finally {
      await log.close();
    }
    await fsyncDirectories(new Set([...touched, ...guards.live.created, ...guards.previous.created]));
  }

  /**
   * A FULL restore makes the store equal to the package, so the staged files/
   * directory can simply become the store: two renames, whatever the number of
   * files. Each step is recognisable on disk, so a killed run is resumed (or
   * rolled back) from where it stopped:
   *   files/ + store          → store moves to previous-store/
   *   files/ + previous-store → files/ becomes the store
   *   previous-store only     → done
   */
  private async swapWholeStore(layout: StagingLayout): Promise<void> {
    for await (const _file of readStagedIndex(layout.index)) {
      // Every row and key is checked before anything moves.
    }
    if (!(await lstatOrNull(layout.previousStoreDir))) {
      // A package without files stages no files/ directory: the new store is empty.
      await mkdir(layout.filesDir, { recursive: true });
      if (await lstatOrNull(this.storeRoot)) {
        await rename(this.storeRoot, layout.previousStoreDir);
      } else {
        await mkdir(layout.previousStoreDir);
      }
      await fsyncDirectory(layout.dir);
      await this.onKey?.('*', 'moved-aside');
    }
    if (await lstatOrNull(layout.filesDir)) {
      if (await lstatOrNull(this.storeRoot)) {
        throw new DomainError('RESTORE_FILE_CONFLICT', `the file store ${this.storeRoot} reappeared during the swap; roll back and retry`);
      }
      await mkdir(dirname(this.storeRoot), { recursive: true });
      await rename(layout.filesDir, this.storeRoot);
      await chmod(this.storeRoot, 0o755);
      await fsyncDirectories(new Set([dirname(this.storeRoot), layout.dir]));
      await this.onKey?.('*', 'swapped-in');
    }
  }

  /** Undoes a directory swap: the restored store goes back into files/, the old one returns. */
  private async rollbackWholeStore(layout: StagingLayout): Promise<void> {
    if (!(await lstatOrNull(layout.previousStoreDir))) return;
    if (await lstatOrNull(this.storeRoot)) {
      if (await lstatOrNull(layout.filesDir)) await rm(layout.filesDir, { recursive: true, force: true });
      await rename(this.storeRoot, layout.filesDir);
    }
    await rename(layout.previousStoreDir, this.storeRoot);
    await fsyncDirectories(new Set([dirname(this.storeRoot), layout.dir]));
  }

  private async moveAsideUnlisted(packageKeys: ReadonlySet<string>, guards: SwapGuards, touched: Set<string>): Promise<void> {
    // Only removals and pruning of emptied directories happen in the store meanwhile, so parallel tasks cannot collide.
    await forEachParallel(walkEntries(this.storeRoot, { skipStoreTemporary: true }), PARALLEL, async (entry) => {
      const key = entry.segments.join('/');
      if (packageKeys.has(key)) return;
      const previous = await guards.previous.path(entry.segments);
      // Already aside from an earlier run: what is there is the original; keep it.
      if (await lstatOrNull(previous)) return;
      await guards.previous.ensureParent(previous);
      await rename(entry.path, previous);
      touched.add(dirname(entry.path));
      touched.add(dirname(previous));
      await this.onKey?.(key, 'removed');
      await guards.live.pruneEmptyParents(entry.path);
    });
  }

  private async swapBatch(batch: readonly StagedFile[], layout: StagingLayout, guards: SwapGuards, log: NewKeysLog, touched: Set<string>): Promise<void> {
    // Classify the whole batch from the disk, then journal its new keys once, then rename.
    const actions: SwapAction[] = [];
    const unique = [...new Map(batch.map((file) => [file.storageKey, file])).values()];
    await forEachParallel(unique, PARALLEL, async (file) => {
      const key = file.storageKey;
      const segments = key.split('/');
      const stagedPath = await guards.staged.path(segments);
      const stagedInfo = await lstatOrNull(stagedPath);
      if (stagedInfo === null) return; // swapped in by an earlier run
      if (!stagedInfo.isFile()) {
        throw new DomainError('RESTORE_UNSAFE_PATH', `the staged entry for "${key}" is not a regular file`, { details: { key, path: stagedPath } });
      }
      const livePath = await guards.live.path(segments);
      let liveInfo = await lstatOrNull(livePath);
      if (liveInfo?.isDirectory()) {
        // An empty directory may give way (nothing is lost); a full one is a conflict.
        await removeEmptyDirectory(livePath, key);
        liveInfo = null;
      }
      const previousPath = await guards.previous.path(segments);
      // A directory at previous/<key> holds files once live *under* the key, not an original of the key.
      const hasOriginal = (await lstatOrNull(previousPath))?.isDirectory() === false;
      const kind = hasOriginal ? 'replace' : liveInfo ? 'move-aside' : 'new';
      actions.push({ key, stagedPath, livePath, previousPath, kind });
    });

    const newKeys = actions.filter((a) => a.kind === 'new').map((a) => a.key);
    if (newKeys.length > 0) {
      await log.append(newKeys);
      for (const key of newKeys) await this.onKey?.(key, 'recorded-new');
    }

    // A key's own steps stay in order (live aside, then staged in); keys run in parallel.
    await forEachParallel(actions, PARALLEL, async (action) => {
      if (action.kind === 'move-aside') {
        await guards.previous.ensureParent(action.previousPath);
        await rename(action.livePath, action.previousPath);
        touched.add(dirname(action.previousPath));
        await this.onKey?.(action.key, 'moved-aside');
      }
      await guards.live.ensureParent(action.livePath);
      await rename(action.stagedPath, action.livePath);
      touched.add(dirname(action.livePath));
      await this.onKey?.(action.key, 'swapped-in');
    });
  }

  async rollback(restoreId: string): Promise<void> {
    const layout = new StagingLayout(this.stagingRoot, restoreId);
    if (!(await lstatOrNull(layout.dir))) {
      await this.removeStagingDirectory(layout); // sweeps what an interrupted removal left
      return;
    }
    for (const dir of [layout.dir, layout.previousDir]) await assertDirectoryOrMissing(dir);
    // From here on the swap must never resume: it would mistake rolled-back keys for swapped ones.
    await writeFileDurably(layout.rollbackMarker, oneChunk(`${new Date().toISOString()}\n`));
    await this.rollbackWholeStore(layout);

    const live = new RootGuard(this.storeRoot);
    const touched = new Set<string>();

    // 1. Remove what the swap added where nothing was live before.
    await forEachParallel(readNewKeys(layout.newKeys), PARALLEL, async (key) => {
      if ((await lstatOrNull(layout.previous(key)))?.isDirectory() === false) return; // the original goes back in step 2
      const path = await live.path(key.split('/'));
      const info = await lstatOrNull(path);
      if (info === null || info.isDirectory()) return;
      try {
        await unlink(path);
      } catch (error) {
        if (errnoCode(error) !== 'ENOENT') throw error;
      }
      touched.add(dirname(path));
      await live.pruneEmptyParents(path);
    });

    // 2. Put every moved-aside file back over whatever is live under its key.
    // Only creations happen in the store meanwhile (no pruning), so parallel tasks cannot collide.
    await forEachParallel(walkEntries(layout.previousDir, { skipStoreTemporary: false }), PARALLEL, async (entry) => {
      const key = entry.segments.join('/');
      const path = await live.path(entry.segments);
      const info = await lstatOrNull(path);
      if (info?.isDirectory()) await removeEmptyDirectory(path, key);
      await live.ensureParent(path);
      await rename(entry.path, path);
      touched.add(dirname(path));
    });

    await fsyncDirectories(new Set([...touched, ...live.created]));
    await this.removeStagingDirectory(layout);
  }

  async finish(restoreId: string): Promise<void> {
    await this.removeStagingDirectory(new StagingLayout(this.stagingRoot, restoreId));
  }

  /**
   * Removes a restore's staging directory atomically: first renamed away (one
   * step, so no later swapIn or rollback can ever see it half deleted), then
   * deleted, together with what an earlier interrupted removal left behind.
   */
  private async removeStagingDirectory(layout: StagingLayout): Promise<void> {
    const prefix = `.discarded-${layout.restoreId}-`;
    try {
      await rename(layout.dir, join(this.stagingRoot, `${prefix}${randomBytes(6).toString('hex')}`));
      await fsyncDirectory(this.stagingRoot);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
    }
    let names: string[];
    try {
      names = await readdir(this.stagingRoot);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return;
      throw error;
    }
    for (const name of names) {
      // rm never follows links: a link inside is removed, not its target.
      if (name.startsWith(prefix)) await rm(join(this.stagingRoot, name), { recursive: true, force: true });
    }
  }
}

interface SwapGuards {
  live: RootGuard;
  staged: RootGuard;
  previous: RootGuard;
}

interface SwapAction {
  key: string;
  stagedPath: string;
  livePath: string;
  previousPath: string;
  /** move-aside: live → previous first; new: nothing was live; replace: the original is already aside. */
  kind: 'move-aside' | 'new' | 'replace';
}

/** The staging directory and its parts are real directories: a link there could carry files out of the volume. */
async function assertDirectoryOrMissing(path: string): Promise<void> {
  const info = await lstatOrNull(path);
  if (info && !info.isDirectory()) {
    throw new DomainError('RESTORE_UNSAFE_PATH', `${path} must be a directory, not a link or a file`, { details: { path } });
  }
}

async function removeEmptyDirectory(path: string, key: string): Promise<void> {
  try {
    await rmdir(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    if (errnoCode(error) === 'ENOTEMPTY' || errnoCode(error) === 'EEXIST') {
      throw new DomainError('RESTORE_FILE_CONFLICT', `"${key}" is a file in the package but a non-empty directory in the file store (${path})`, {
        details: { key, path },
        cause: error,
      });
    }
    throw error;
  }
}

/** `new-keys.ndjson`: one JSON string per line, appended and fsynced before the keys' renames. */
class NewKeysLog {
  private handle: FileHandle | null = null;

  constructor(private readonly layout: StagingLayout) {}

  async append(keys: readonly string[]): Promise<void> {
    if (!this.handle) {
      this.handle = await open(this.layout.newKeys, 'a', 0o644);
      // The file's own directory entry must survive too.
      await fsyncDirectory(this.layout.dir);
    }
    await this.handle.write(keys.map((key) => `${JSON.stringify(key)}\n`).join(''));
    await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
  }
}

/** Keys from new-keys.ndjson; a torn last line (its rename never happened) is ignored. */
async function* readNewKeys(path: string): AsyncIterable<string> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const missing = new Promise<boolean>((resolveOpen, rejectOpen) => {
    input.once('open', () => resolveOpen(false));
    input.once('error', (error) => (errnoCode(error) === 'ENOENT' ? resolveOpen(true) : rejectOpen(error)));
  });
  if (await missing) return;
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      let key: unknown;
      try {
        key = JSON.parse(line);
      } catch {
        continue;
      }
      if (typeof key !== 'string') continue;
      assertSafeStorageKey(key);
      yield key;
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

async function* oneChunk(text: string): AsyncIterable<Uint8Array> {
  yield Buffer.from(text);
}

/** The sha256 of a regular file, read in fixed-size chunks; refuses to follow a final link. */
async function sha256OfFile(path: string): Promise<string> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(HASH_BUFFER);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}

/**
 * Runs `fn` over a stream with at most `parallel` calls in flight. The first
 * failure stops taking new items; calls already running finish (each is a
 * complete step) before the failure is thrown.
 */
async function forEachParallel<T>(source: AsyncIterable<T> | Iterable<T>, parallel: number, fn: (item: T) => Promise<void>): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  try {
    for await (const item of source) {
      if (failure) break;
      const task: Promise<void> = fn(item)
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => running.delete(task));
      running.add(task);
      if (running.size >= parallel) await Promise.race(running);
    }
  } finally {
    await Promise.all(running);
  }
  if (failure) throw (failure as { error: unknown }).error;
}
