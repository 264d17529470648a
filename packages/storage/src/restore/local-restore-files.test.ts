import { mkdir, readdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalRestoreFiles, type SwapStep } from './local-restore-files';
import { digestOf, digestTree, makeSandbox, stageTree, writeTree, type Sandbox, type Tree } from './test-support/restore-fixtures';

/** The live store before the restore. */
const LIVE: Tree = {
  'documents/a/v1.txt': 'alpha', // same in the package → unchanged
  'documents/b/v1.txt': 'bravo', // same size, other content → overwrite
  'documents/c/v1.txt': 'charlie', // other size → overwrite
  'documents/d/v1.txt': 'delta', // not in the package → remove
  'documents/d/v2.txt': 'delta-two',
  'other/x': 'only live',
};

/** The staged package. */
const PACKAGE: Tree = {
  'documents/a/v1.txt': 'alpha',
  'documents/b/v1.txt': 'BRAVO',
  'documents/c/v1.txt': 'charlie, longer',
  'documents/e/v1.txt': 'echo', // new → write
  'documents/f/deep/er/v1.bin': Buffer.from([0, 1, 2, 3, 255]),
  'new/top.txt': 'top level',
};

/** What a restore without removeUnlisted leaves: the package plus the live files it does not list. */
const MERGED: Tree = { ...LIVE, ...PACKAGE };

const PACKAGE_KEYS = Object.keys(PACKAGE).length;
const RESTORE_ID = 'r-1';

describe('LocalRestoreFiles', () => {
  let box: Sandbox;
  beforeEach(async () => {
    box = await makeSandbox();
  });
  afterEach(() => box.cleanup());

  async function setUp(live: Tree = LIVE, pkg: Tree = PACKAGE, onKey?: (key: string, step: SwapStep) => void) {
    await writeTree(box.storeRoot, live);
    const staged = await stageTree(box.stagingRoot, RESTORE_ID, pkg);
    const files = new LocalRestoreFiles({ storeRoot: box.storeRoot, stagingRoot: box.stagingRoot, onKey });
    return { staged, files };
  }

  describe('plan', () => {
    it('counts write, overwrite (other size or same size with other content), remove and unchanged with their bytes', async () => {
      const { staged, files } = await setUp();
      expect(await files.plan(staged, { removeUnlisted: true })).toEqual({
        write: { count: 3, bytes: 4 + 5 + 9 },
        overwrite: { count: 2, bytes: 5 + 15 },
        remove: { count: 3, bytes: 5 + 9 + 9 },
        unchanged: { count: 1, bytes: 5 },
      });
    });

    it('never counts removals without removeUnlisted, and never for keys in keepKeys', async () => {
      const { staged, files } = await setUp();
      expect((await files.plan(staged, { removeUnlisted: false })).remove).toEqual({ count: 0, bytes: 0 });
      const kept = await files.plan(staged, { removeUnlisted: true, keepKeys: new Set(['documents/d/v1.txt', 'other/x']) });
      expect(kept.remove).toEqual({ count: 1, bytes: 9 });
    });

    it('ignores the store\'s own temporary files when counting removals', async () => {
      const { staged, files } = await setUp({ ...LIVE, 'documents/a/.v2.txt.tmp-0a1b2c': 'partial write' });
      expect((await files.plan(staged, { removeUnlisted: true })).remove.count).toBe(3);
    });

    it('changes nothing in the store or the staging directory', async () => {
      const { staged, files } = await setUp();
      const before = [await digestTree(box.storeRoot), await digestTree(box.stagingRoot)];
      await files.plan(staged, { removeUnlisted: true });
      expect([await digestTree(box.storeRoot), await digestTree(box.stagingRoot)]).toEqual(before);
    });

    it('finds every file unchanged once the package is swapped in (the after-apply verification)', async () => {
      const { staged, files } = await setUp();
      await files.swapIn(staged, { removeUnlisted: true });
      expect(await files.plan(staged, { removeUnlisted: true })).toEqual({
        write: { count: 0, bytes: 0 },
        overwrite: { count: 0, bytes: 0 },
        remove: { count: 0, bytes: 0 },
        unchanged: { count: 6, bytes: 5 + 5 + 15 + 4 + 5 + 9 },
      });
    });
  });

  describe('swapIn', () => {
    it('makes the store exactly the package (contents and set of keys) with removeUnlisted', async () => {
      const { staged, files } = await setUp();
      await files.swapIn(staged, { removeUnlisted: true });
      expect(await digestTree(box.storeRoot)).toEqual(digestOf(PACKAGE));
    });

    it('keeps live files the package does not list without removeUnlisted', async () => {
      const { staged, files } = await setUp();
      await files.swapIn(staged, { removeUnlisted: false });
      expect(await digestTree(box.storeRoot)).toEqual(digestOf(MERGED));
    });

    it('moves the whole live store aside into previous-store/ on a full swap, deleting nothing', async () => {
      const { staged, files } = await setUp();
      await files.swapIn(staged, { removeUnlisted: true });
      expect(await digestTree(join(box.stagingRoot, RESTORE_ID, 'previous-store'))).toEqual(digestOf(LIVE));
    });

    it('is idempotent: running it again after it completed changes nothing', async () => {
      const { staged, files } = await setUp();
      await files.swapIn(staged, { removeUnlisted: true });
      await files.swapIn(staged, { removeUnlisted: true });
      expect(await digestTree(box.storeRoot)).toEqual(digestOf(PACKAGE));
      await files.rollback(RESTORE_ID);
      expect(await digestTree(box.storeRoot)).toEqual(digestOf(LIVE));
    });

    it('leaves the store\'s temporary files where they are when merging', async () => {
      const temp = 'documents/a/.v2.txt.tmp-0a1b2c';
      const { staged, files } = await setUp({ ...LIVE, [temp]: 'partial write' });
      await files.swapIn(staged, { removeUnlisted: false });
      expect(await readFile(join(box.storeRoot, temp), 'utf8')).toBe('partial write');
    });

    it('swaps into an empty store (the disaster-recovery case) and rolls that back to an empty store', async () => {
      const { staged, files } = await setUp({});
      await files.swapIn(staged, { removeUnlisted: true });
      expect(await digestTree(box.storeRoot)).toEqual(digestOf(PACKAGE));
      await files.rollback(RESTORE_ID);
      expect(await digestTree(box.storeRoot)).toEqual([]);
      expect(await readdir(box.storeRoot)).toEqual([]); // directories it created are gone too
    });

    it('lets a package file take the place of a live directory of unlisted files, and the other way round', async () => {
      const live: Tree = { 'k/inner.txt': 'live file in a directory', 'm': 'live file' };
      const pkg: Tree = { k: 'package file', 'm/inner.txt': 'package file in a directory' };
      const { staged, files } = await setUp(live, pkg);
      await files.swapIn(staged, { removeUnlisted: true });
      expect(await digestTree(box.storeRoot)).toEqual(digestOf(pkg));
      await files.rollback(RESTORE_ID);
      expect(await digestTree(box.storeRoot)).toEqual(digestOf(live));
    });

    it('refuses a file that would replace a directory of kept files, with RESTORE_FILE_CONFLICT', async () => {
      const { staged, files } = await setUp({ 'k/inner.txt': 'kept' }, { k: 'package file' });
      await expect(files.swapIn(staged, { removeUnlisted: false })).rejects.toMatchObject({ code: 'RESTORE_FILE_CONFLICT' });
      await files.rollback(RESTORE_ID);
      expect(await digestTree(box.storeRoot)).toEqual(digestOf({ 'k/inner.txt': 'kept' }));
    });

    it.each([
      ['a key with ..', '{"storageKey":"documents/../../escape.txt","sizeBytes":1,"sha256":"' + 'a'.repeat(64) + '"}', 'STORAGE_KEY_INVALID'],
      ['an absolute key', '{"storageKey":"/etc/passwd","sizeBytes":1,"sha256":"' + 'a'.repeat(64) + '"}', 'STORAGE_KEY_INVALID'],
      ['a row that is not JSON', '{"storageKey":', 'RESTORE_STAGING_INVALID'],
      ['a row without a sha256', '{"storageKey":"z/z.txt","sizeBytes":1}', 'RESTORE_STAGING_INVALID'],
    ])('refuses %s in files.ndjson before anything moves', async (_name, row, code) => {
      await writeTree(box.storeRoot, LIVE);
      const staged = await stageTree(box.stagingRoot, RESTORE_ID, PACKAGE, [row]);
      const files = new LocalRestoreFiles({ storeRoot: box.storeRoot, stagingRoot: box.stagingRoot });
      const stagingBefore = await digestTree(box.stagingRoot);
      await expect(files.swapIn(staged, { removeUnlisted: true })).rejects.toMatchObject({ code });
      await expect(files.plan(staged, { removeUnlisted: true })).rejects.toMatchObject({ code });
      expect(await digestTree(box.storeRoot)).toEqual(digestOf(LIVE));
      expect(await digestTree(box.stagingRoot)).toEqual(stagingBefore);
      expect(await digestTree(box.base)).not.toContainEqual(expect.stringContaining('escape.txt'));
    });

    it('never follows a symbolic link in the store out of its root', async () => {
      const outside = join(box.base, 'outside');
      await mkdir(outside);
      await writeFile(join(outside, 'v1.txt'), 'outside, must stay');
      await writeTree(box.storeRoot, { 'documents/a/v1.txt': 'alpha' });
      await symlink(outside, join(box.storeRoot, 'documents', 'e'));
      const staged = await stageTree(box.stagingRoot, RESTORE_ID, PACKAGE);
      const files = new LocalRestoreFiles({ storeRoot: box.storeRoot, stagingRoot: box.stagingRoot });
      await expect(files.swapIn(staged, { removeUnlisted: false })).rejects.toMatchObject({ code: 'RESTORE_UNSAFE_PATH' });
      await files.rollback(RESTORE_ID);
      expect(await readdir(outside)).toEqual(['v1.txt']);
      expect(await readFile(join(outside, 'v1.txt'), 'utf8')).toBe('outside, must stay');
      expect(await readFile(join(box.storeRoot, 'documents/a/v1.txt'), 'utf8')).toBe('alpha');
    });

    it('refuses a previous/ directory that is a link out of the staging directory', async () => {
      const { staged, files } = await setUp();
      const outside = join(box.base, 'outside');
      await mkdir(outside);
      await symlink(outside, join(box.stagingRoot, RESTORE_ID, 'previous'));
      await expect(files.swapIn(staged, { removeUnlisted: true })).rejects.toMatchObject({ code: 'RESTORE_UNSAFE_PATH' });
      expect(await readdir(outside)).toEqual([]);
      expect(await digestTree(box.storeRoot)).toEqual(digestOf(LIVE));
    });

    it('moves an unlisted link aside as a link (never its target) and puts it back on rollback', async () => {
      const outside = join(box.base, 'outside');
      await mkdir(outside);
      await writeFile(join(outside, 'target.txt'), 'outside');
      await writeTree(box.storeRoot, LIVE);
      await symlink(join(outside, 'target.txt'), join(box.storeRoot, 'link.txt'));
      const before = await digestTree(box.storeRoot);
      const staged = await stageTree(box.stagingRoot, RESTORE_ID, PACKAGE);
      const files = new LocalRestoreFiles({ storeRoot: box.storeRoot, stagingRoot: box.stagingRoot });
      await files.swapIn(staged, { removeUnlisted: true });
      expect(await digestTree(box.storeRoot)).toEqual(digestOf(PACKAGE));
      expect(await readFile(join(outside, 'target.txt'), 'utf8')).toBe('outside');
      await files.rollback(RESTORE_ID);
      expect(await digestTree(box.storeRoot)).toEqual(before);
    });

    it('refuses to run without a completed staging directory (RESTORE_STAGING_GONE)', async () => {
      const { staged, files } = await setUp();
      await files.finish(RESTORE_ID);
      await expect(files.swapIn(staged, { removeUnlisted: true })).rejects.toMatchObject({ code: 'RESTORE_STAGING_GONE' });
      expect(await digestTree(box.storeRoot)).toEqual(digestOf(LIVE));
    });

    it('refuses to resume once a rollback has started (RESTORE_ROLLED_BACK)', async () => {
      const { staged, files } = await setUp();
      await writeFile(join(box.stagingRoot, RESTORE_ID, 'rolling-back'), 'x');
      await expect(files.swapIn(staged, { removeUnlisted: true })).rejects.toMatchObject({ code: 'RESTORE_ROLLED_BACK' });
      expect(await digestTree(box.storeRoot)).toEqual(digestOf(LIVE));
    });

    it('refuses a staging root inside the store (or the other way round)', () => {
      expect(() => new LocalRestoreFiles({ storeRoot: box.storeRoot, stagingRoot: join(box.storeRoot, 'staging') })).toThrow(
        expect.objectContaining({ code: 'RESTORE_STAGING_INVALID' }),
      );
      expect(() => new LocalRestoreFiles({ storeRoot: join(box.stagingRoot, 'x'), stagingRoot: box.stagingRoot })).toThrow(
        expect.objectContaining({ code: 'RESTORE_STAGING_INVALID' }),
      );
    });

    it('refuses a restore id that is not one safe path segment', async () => {
      const files = new LocalRestoreFiles({ storeRoot: box.storeRoot, stagingRoot: box.stagingRoot });
      await expect(files.rollback('../documents')).rejects.toMatchObject({ code: 'RESTORE_ID_INVALID' });
      await expect(files.finish('..')).rejects.toMatchObject({ code: 'RESTORE_ID_INVALID' });
    });
  });

  describe('rollback and finish', () => {
    it('rollback after a full swap restores the exact previous tree and removes the staging directory', async () => {
      const { staged, files } = await setUp();
      const before = await digestTree(box.storeRoot);
      await files.swapIn(staged, { removeUnlisted: true });
      await files.rollback(RESTORE_ID);
      expect(await digestTree(box.storeRoot)).toEqual(before);
      expect(await readdir(box.stagingRoot)).toEqual([]);
    });

    it('rollback is safe when nothing was swapped yet, and when the staging directory is already gone', async () => {
      const { files } = await setUp();
      await files.rollback(RESTORE_ID);
      expect(await digestTree(box.storeRoot)).toEqual(digestOf(LIVE));
      await files.rollback(RESTORE_ID);
      await files.rollback('never-staged');
      expect(await digestTree(box.storeRoot)).toEqual(digestOf(LIVE));
    });

    it('rollback is idempotent: a second call after it completed changes nothing', async () => {
      const { staged, files } = await setUp();
      await files.swapIn(staged, { removeUnlisted: false });
      await files.rollback(RESTORE_ID);
      await files.rollback(RESTORE_ID);
      expect(await digestTree(box.storeRoot)).toEqual(digestOf(LIVE));
    });

    it('finish keeps the swapped-in store, deletes the staging directory with previous/, and is idempotent', async () => {
      const { staged, files } = await setUp();
      await files.swapIn(staged, { removeUnlisted: true });
      await files.finish(RESTORE_ID);
      await files.finish(RESTORE_ID);
      expect(await digestTree(box.storeRoot)).toEqual(digestOf(PACKAGE));
      expect(await readdir(box.stagingRoot)).toEqual([]);
      await files.rollback(RESTORE_ID); // nothing left to roll back: a no-op
      expect(await digestTree(box.storeRoot)).toEqual(digestOf(PACKAGE));
    });

    it('removes the staging directory in one step, and a later finish or rollback sweeps what an interrupted removal left', async () => {
      const { files } = await setUp();
      const leftover = join(box.stagingRoot, `.discarded-${RESTORE_ID}-0123456789ab`);
      await writeTree(leftover, { 'previous/documents/a/v1.txt': 'half deleted' });
      await files.rollback(RESTORE_ID);
      expect(await readdir(box.stagingRoot)).toEqual([]);
      await writeTree(leftover, { 'files/x': 'half deleted' });
      await files.finish(RESTORE_ID);
      expect(await readdir(box.stagingRoot)).toEqual([]);
      expect(await digestTree(box.storeRoot)).toEqual(digestOf(LIVE));
    });

    it('leaves other restores\' staging directories alone', async () => {
      const { files } = await setUp();
      await stageTree(box.stagingRoot, 'r-10', { 'z.txt': 'other restore' });
      await files.finish(RESTORE_ID);
      expect(await readdir(box.stagingRoot)).toEqual(['r-10']);
    });
  });

  describe('interrupted swap (a crash at every step)', () => {
    /** Counts the steps of a complete swap, to interrupt it after each one in turn. */
    async function countSteps(removeUnlisted: boolean): Promise<number> {
      let steps = 0;
      const { staged, files } = await setUp(LIVE, PACKAGE, () => {
        steps += 1;
      });
      await files.swapIn(staged, { removeUnlisted });
      await files.finish(RESTORE_ID);
      return steps;
    }

    class Crash extends Error {}

    /** A fresh store and staging directory, and a swap killed right after step `n`. */
    async function crashAfter(n: number, removeUnlisted: boolean) {
      await box.cleanup();
      box = await makeSandbox();
      let steps = 0;
      let armed = true;
      const { staged, files } = await setUp(LIVE, PACKAGE, () => {
        steps += 1;
        if (armed && steps === n) throw new Crash(`killed after step ${n}`);
      });
      await expect(files.swapIn(staged, { removeUnlisted })).rejects.toBeInstanceOf(Crash);
      armed = false;
      // The next process: a fresh instance with no hook.
      return { staged, next: new LocalRestoreFiles({ storeRoot: box.storeRoot, stagingRoot: box.stagingRoot }) };
    }

    it.each([true, false])('rollback after a partial swap restores exactly the previous tree (removeUnlisted=%s)', async (removeUnlisted) => {
      const total = await countSteps(removeUnlisted);
      // A full swap is two directory renames; a merge is steps per key.
      if (removeUnlisted) expect(total).toBe(2);
      else expect(total).toBeGreaterThan(PACKAGE_KEYS);
      for (let n = 1; n <= total; n++) {
        const { next } = await crashAfter(n, removeUnlisted);
        await next.rollback(RESTORE_ID);
        expect({ n, tree: await digestTree(box.storeRoot) }).toEqual({ n, tree: digestOf(LIVE) });
        expect(await readdir(box.stagingRoot)).toEqual([]);
      }
    });

    it.each([true, false])('running swapIn again after a partial swap rolls forward to exactly the package tree (removeUnlisted=%s)', async (removeUnlisted) => {
      const total = await countSteps(removeUnlisted);
      for (let n = 1; n <= total; n++) {
        const { staged, next } = await crashAfter(n, removeUnlisted);
        await next.swapIn(staged, { removeUnlisted });
        expect({ n, tree: await digestTree(box.storeRoot) }).toEqual({ n, tree: digestOf(removeUnlisted ? PACKAGE : MERGED) });
        // ...and the rolled-forward swap can still be rolled back to the original.
        await next.rollback(RESTORE_ID);
        expect({ n, tree: await digestTree(box.storeRoot) }).toEqual({ n, tree: digestOf(LIVE) });
      }
    });

    it('a roll-forward that is itself interrupted can still be rolled back exactly', async () => {
      const total = await countSteps(true);
      for (let n = 1; n < total; n++) {
        const { staged } = await crashAfter(n, true);
        let steps = 0;
        const second = new LocalRestoreFiles({
          storeRoot: box.storeRoot,
          stagingRoot: box.stagingRoot,
          onKey: () => {
            steps += 1;
            if (steps === 2) throw new Crash('killed again');
          },
        });
        await second.swapIn(staged, { removeUnlisted: true }).catch((error: unknown) => {
          if (!(error instanceof Crash)) throw error;
        });
        await new LocalRestoreFiles({ storeRoot: box.storeRoot, stagingRoot: box.stagingRoot }).rollback(RESTORE_ID);
        expect({ n, tree: await digestTree(box.storeRoot) }).toEqual({ n, tree: digestOf(LIVE) });
      }
    });

    it('a rollback interrupted midway and run again still restores exactly the previous tree', async () => {
      const total = await countSteps(true);
      const { next } = await crashAfter(total, true); // everything swapped, killed before returning
      // Simulate a rollback killed between its two renames: the restored store is back in files/, no store yet.
      await writeFile(join(box.stagingRoot, RESTORE_ID, 'rolling-back'), 'x');
      await rename(box.storeRoot, join(box.stagingRoot, RESTORE_ID, 'files'));
      await next.rollback(RESTORE_ID);
      expect(await digestTree(box.storeRoot)).toEqual(digestOf(LIVE));
    });
  });

  it('swaps a thousand files across a thousand directories in and back out exactly (batches and parallel steps)', async () => {
    const live: Tree = {};
    const pkg: Tree = {};
    for (let i = 0; i < 1000; i++) {
      const key = `documents/${String(i).padStart(5, '0')}/v1.txt`;
      if (i % 3 !== 0) live[key] = `old ${i}`;
      if (i % 5 !== 0) pkg[key] = `new ${i}`;
    }
    const { staged, files } = await setUp(live, pkg);
    await files.swapIn(staged, { removeUnlisted: true });
    expect(await digestTree(box.storeRoot)).toEqual(digestOf(pkg));
    await files.rollback(RESTORE_ID);
    expect(await digestTree(box.storeRoot)).toEqual(digestOf(live));
  });
});
