import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, opendir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PackageManifest, StagedPackage } from '@edms/domain';

export type Tree = Record<string, string | Buffer>;

export interface Sandbox {
  base: string;
  storeRoot: string;
  stagingRoot: string;
  cleanup(): Promise<void>;
}

export async function makeSandbox(): Promise<Sandbox> {
  const base = await mkdtemp(join(tmpdir(), 'edms-restore-files-'));
  const storeRoot = join(base, 'documents');
  const stagingRoot = join(base, 'restore-staging');
  await mkdir(storeRoot, { recursive: true });
  await mkdir(stagingRoot, { recursive: true });
  return { base, storeRoot, stagingRoot, cleanup: () => rm(base, { recursive: true, force: true }) };
}

export async function writeTree(root: string, tree: Tree): Promise<void> {
  for (const [key, content] of Object.entries(tree)) {
    const path = join(root, ...key.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
}

function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Writes a staging directory exactly as staging leaves it: files/, files.ndjson (sorted), staged.json. */
export async function stageTree(stagingRoot: string, restoreId: string, tree: Tree, extraIndexRows: string[] = []): Promise<StagedPackage> {
  const dir = join(stagingRoot, restoreId);
  await writeTree(join(dir, 'files'), tree);
  const keys = Object.keys(tree).sort();
  const rows = keys.map((key) => {
    const content = tree[key] as string | Buffer;
    return JSON.stringify({ storageKey: key, sizeBytes: Buffer.byteLength(content), sha256: sha256(content) });
  });
  await writeFile(join(dir, 'files.ndjson'), [...rows, ...extraIndexRows].map((r) => `${r}\n`).join(''));
  await writeFile(join(dir, 'staged.json'), JSON.stringify({ restoreId, completedAt: new Date().toISOString() }));
  return fakeStaged(restoreId, keys.length, keys.reduce((sum, k) => sum + Buffer.byteLength(tree[k] as string | Buffer), 0));
}

export function fakeStaged(restoreId: string, fileCount = 0, fileBytes = 0): StagedPackage {
  return {
    restoreId,
    manifest: {} as PackageManifest,
    rows: async function* () {
      return;
    },
    files: async function* () {
      return;
    },
    fileCount,
    fileBytes,
  };
}

/** Every entry under a root as "path sha256" (links as "path -> target"), sorted: equal digests mean equal trees. */
export async function digestTree(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string, prefix: string): Promise<void> {
    let handle;
    try {
      handle = await opendir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for await (const entry of handle) {
      const full = join(dir, entry.name);
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      const info = await lstat(full);
      if (info.isDirectory()) await walk(full, rel);
      else if (info.isSymbolicLink()) out.push(`${rel} -> ${await readlink(full)}`);
      else out.push(`${rel} ${sha256(await readFile(full))}`);
    }
  }
  await walk(root, '');
  return out.sort();
}

export function digestOf(tree: Tree): string[] {
  return Object.entries(tree)
    .map(([key, content]) => `${key} ${sha256(content)}`)
    .sort();
}
