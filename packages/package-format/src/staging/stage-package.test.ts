import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { isDomainError, type DomainError, type ExportedTable } from '@edms/domain';
import { manifestInput, tempDir } from '../test-support/fixtures';
import { writePackage } from '../writer/write-package';
import type { WritePackageFile, WritePackageOptions } from '../writer/types';
import { stagePackage, type StagePackageOptions } from './stage-package';
import { openStagedPackage, STAGED_MARKER, type StagedPackageHandle } from './staged-package';
import { buildPackage, sampleData, sampleSpec, sha256, type PackageData, type Row } from './test-support/package-builder';

/** Whether this process may mount a tmpfs (root in a container that allows it). */
function canMountTmpfs(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), 'edms-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Every regular file under a directory, relative, sorted. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(relative(dir, full));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

describe('stagePackage', () => {
  let tmp: ReturnType<typeof tempDir>;
  let counter = 0;
  beforeEach(() => {
    tmp = tempDir('edms-stage-');
  });
  afterEach(() => tmp.cleanup());

  const stagingDir = () => join(tmp.path, 'staging', `restore-${++counter}`);

  function request(packagePath: string, overrides: Partial<StagePackageOptions> = {}): StagePackageOptions {
    return {
      restoreId: `restore-${counter}`,
      packagePath,
      restoreType: 'FULL',
      migrateThrough: [],
      stagingDir: stagingDir(),
      durability: 'none',
      ...overrides,
    };
  }

  /** Writes the sample data as a package with the real writer. */
  async function written(
    data: PackageData = sampleData(),
    backupType: 'FULL' | 'DATABASE' | 'FILES' = 'FULL',
    overrides: Partial<WritePackageOptions> = {},
  ) {
    const store = join(tmp.path, 'store');
    const files: WritePackageFile[] = [];
    if (backupType !== 'DATABASE') {
      for (const [storageKey, content] of Object.entries(data.files)) {
        const absolutePath = join(store, ...storageKey.split('/'));
        mkdirSync(join(absolutePath, '..'), { recursive: true });
        writeFileSync(absolutePath, content);
        files.push({ storageKey, absolutePath, expectedSha256: sha256(content), expectedSize: content.length });
      }
    }
    const tables =
      backupType === 'FILES'
        ? []
        : Object.entries(data.tables).map(([name, rows]) => ({
            name,
            rows: async function* () {
              yield* rows;
            },
          }));
    return writePackage({
      destinationDir: join(tmp.path, 'packages'),
      fileName: `pkg-${++counter}.tar.gz`,
      manifest: manifestInput(backupType),
      tables,
      files,
      workers: 1,
      ...overrides,
    });
  }

  function expectLayout(staged: StagedPackageHandle, data: PackageData, withDatabase: boolean, withFiles: boolean) {
    const dir = staged.stagingDir;
    const expectedFiles = [
      ...(withDatabase ? Object.keys(data.tables).map((name) => `database/${name}.ndjson`) : []),
      ...(withFiles ? Object.keys(data.files).map((key) => `files/${key}`) : []),
      'files.ndjson',
      STAGED_MARKER,
    ].sort();
    expect(listFiles(dir)).toEqual(expectedFiles);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const [key, content] of Object.entries(data.files)) {
      const path = join(dir, 'files', ...key.split('/'));
      if (!withFiles) continue;
      expect(readFileSync(path)).toEqual(content);
      expect(statSync(path).mode & 0o777).toBe(0o644);
    }
    const index = readFileSync(join(dir, 'files.ndjson'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
    const keys = withFiles ? Object.keys(data.files).sort() : [];
    expect(index.map((item: { storageKey: string }) => item.storageKey)).toEqual(keys);
    for (const item of index) {
      const content = data.files[item.storageKey] as Buffer;
      expect(item).toEqual({ storageKey: item.storageKey, sizeBytes: content.length, sha256: sha256(content) });
    }
    if (withDatabase) {
      for (const [name, rows] of Object.entries(data.tables)) {
        const lines = readFileSync(join(dir, 'database', `${name}.ndjson`), 'utf8').split('\n').filter(Boolean);
        expect(lines.map((line) => JSON.parse(line))).toEqual(rows);
      }
    }
    const marker = JSON.parse(readFileSync(join(dir, STAGED_MARKER), 'utf8'));
    expect(marker).toMatchObject({
      restoreId: staged.restoreId,
      restoreType: staged.restoreType,
      fileCount: withFiles ? Object.keys(data.files).length : 0,
      fileBytes: withFiles ? Object.values(data.files).reduce((sum, c) => sum + c.length, 0) : 0,
      tables: withDatabase ? Object.fromEntries(Object.entries(data.tables).map(([name, rows]) => [name, rows.length])) : {},
    });
  }

  it.each([
    ['FULL', true, true],
    ['DATABASE', true, false],
    ['FILES', false, true],
  ] as const)('stages a FULL package made by writePackage for a %s restore', async (restoreType, withDatabase, withFiles) => {
    const data = sampleData();
    const pkg = await written(data);
    const progress: number[] = [];
    const staged = await stagePackage(request(pkg.path, { restoreType, onProgress: (p) => progress.push(p.bytesDone), durability: 'filesystem' }));
    expect(staged.manifest).toEqual(pkg.manifest);
    expect(staged.restoreType).toBe(restoreType);
    expectLayout(staged, data, withDatabase, withFiles);
    expect(progress.at(-1)).toBe(pkg.sizeBytes);
    // The parts not staged are read and checked all the same.
    const rows = await collect(staged.rows('User'));
    expect(rows).toEqual(withDatabase ? data.tables.User : []);
    expect((await collect(staged.files())).length).toBe(withFiles ? 3 : 0);
  });

  it('stages DATABASE and FILES packages for their own type and refuses other types (RESTORE_TYPE_NOT_IN_PACKAGE)', async () => {
    const data = sampleData();
    const database = await written(data, 'DATABASE');
    expectLayout(await stagePackage(request(database.path, { restoreType: 'DATABASE' })), data, true, false);
    const files = await written(data, 'FILES');
    expectLayout(await stagePackage(request(files.path, { restoreType: 'FILES' })), data, false, true);
    for (const [path, restoreType] of [
      [database.path, 'FULL'],
      [database.path, 'FILES'],
      [files.path, 'DATABASE'],
    ] as const) {
      const req = request(path, { restoreType });
      expect((await failure(stagePackage(req))).code).toBe('RESTORE_TYPE_NOT_IN_PACKAGE');
      expect(existsSync(req.stagingDir)).toBe(false);
    }
  });

  it('stages an encrypted package with its passphrase; a wrong one is ENCRYPTION_WRONG_PASSPHRASE, none PACKAGE_PASSPHRASE_REQUIRED', async () => {
    const data = sampleData();
    const pkg = await written(data, 'FULL', { encryption: { passphrase: 'correct horse battery staple' } });
    expectLayout(await stagePackage(request(pkg.path, { passphrase: 'correct horse battery staple' })), data, true, true);
    const wrong = request(pkg.path, { passphrase: 'wrong' });
    expect((await failure(stagePackage(wrong))).code).toBe('ENCRYPTION_WRONG_PASSPHRASE');
    expect(existsSync(wrong.stagingDir)).toBe(false);
    const none = request(pkg.path);
    expect((await failure(stagePackage(none))).code).toBe('PACKAGE_PASSPHRASE_REQUIRED');
    expect(existsSync(none.stagingDir)).toBe(false);
  });

  it('stages a package unpacked and re-packed with GNU tar (directory entries, root owner, odd modes) and applies no modes', async () => {
    const data = sampleData();
    const pkg = await written(data);
    const unpacked = join(tmp.path, 'unpacked');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', pkg.path, '-C', unpacked]);
    // Odd modes in the archive: none of them may reach the staged files.
    const keys = Object.keys(data.files);
    chmodSync(join(unpacked, 'files', ...(keys[0] as string).split('/')), 0o600);
    chmodSync(join(unpacked, 'files', ...(keys[1] as string).split('/')), 0o755);
    chmodSync(join(unpacked, 'files', ...(keys[2] as string).split('/')), 0o4777);
    const repacked = join(tmp.path, 'repacked.tar.gz');
    execFileSync('tar', ['-czf', repacked, '--owner=root', '--group=root', 'manifest.json', 'database', 'files', 'SHA256SUMS'], { cwd: unpacked });
    const listing = execFileSync('tar', ['-tvzf', repacked], { encoding: 'utf8' });
    expect(listing).toContain('database/\n');
    expect(listing).toMatch(/-rwsrwxrwx root\/root/);
    const staged = await stagePackage(request(repacked));
    expectLayout(staged, data, true, true); // checks mode 0644 on every staged file
    for (const key of keys) expect(statSync(join(staged.stagingDir, 'files', ...key.split('/'))).uid).toBe(process.getuid?.());
  });

  it('openStagedPackage round-trips a staged package and answers null when staging did not complete', async () => {
    const data = sampleData();
    const pkg = await written(data);
    const staged = await stagePackage(request(pkg.path));
    const reopened = await openStagedPackage(staged.stagingDir);
    expect(reopened).not.toBeNull();
    expect(reopened).toMatchObject({
      restoreId: staged.restoreId,
      restoreType: 'FULL',
      manifest: staged.manifest,
      fileCount: 3,
      fileBytes: staged.fileBytes,
      tables: staged.tables,
    });
    for (const name of Object.keys(data.tables) as ExportedTable[]) {
      expect(await collect(reopened!.rows(name))).toEqual(data.tables[name]);
    }
    expect(await collect(reopened!.files())).toEqual(await collect(staged.files()));
    expect(await openStagedPackage(join(tmp.path, 'never-staged'))).toBeNull();
    // A directory left by a crash before staged.json was written is "not staged".
    const partial = join(tmp.path, 'partial');
    mkdirSync(join(partial, 'files'), { recursive: true });
    writeFileSync(join(partial, 'files.ndjson'), '');
    expect(await openStagedPackage(partial)).toBeNull();
    // A tampered marker is refused.
    writeFileSync(join(partial, STAGED_MARKER), '{"restoreId": 1}');
    expect((await failure(openStagedPackage(partial))).code).toBe('RESTORE_STAGING_INVALID');
  });

  it('streams many rows from the staged NDJSON in order', async () => {
    const data = sampleData();
    const users: Row[] = [];
    for (let i = 0; i < 3000; i++) {
      users.push({ ...(data.tables.User![1] as Row), id: `00000000-0000-4000-8000-${(0x1000 + i).toString(16).padStart(12, '0')}`, username: `user${i}` });
    }
    data.tables.User = [...(data.tables.User as Row[]), ...users];
    const pkg = await written(data, 'DATABASE');
    const staged = await stagePackage(request(pkg.path, { restoreType: 'DATABASE' }));
    const rows = await collect(staged.rows('User'));
    expect(rows).toHaveLength(3002);
    expect(rows).toEqual(data.tables.User);
  });

  it('upgrades rows through migrateThrough before validating them', async () => {
    // With no registered row upgrades the rows pass unchanged; an unknown migration is a no-op.
    const data = sampleData();
    const pkg = await written(data, 'DATABASE');
    const staged = await stagePackage(request(pkg.path, { restoreType: 'DATABASE', migrateThrough: ['20270101000000_later'] }));
    expect(await collect(staged.rows('Document'))).toEqual(data.tables.Document);
  });

  it('refuses a staging directory that already exists (RESTORE_STAGING_EXISTS) and leaves it alone', async () => {
    const pkg = await written();
    const req = request(pkg.path);
    mkdirSync(req.stagingDir, { recursive: true });
    writeFileSync(join(req.stagingDir, 'keep'), 'x');
    expect((await failure(stagePackage(req))).code).toBe('RESTORE_STAGING_EXISTS');
    expect(readFileSync(join(req.stagingDir, 'keep'), 'utf8')).toBe('x');
  });

  it('an aborted signal stops staging with PACKAGE_ABORTED and removes the staging directory', async () => {
    const data = sampleData();
    for (let i = 0; i < 12; i++) data.files[`bulk/${i}.bin`] = randomBytes(1024 * 1024);
    // The bulk files need no DocumentVersion in a FILES package.
    const pkg = await written(data, 'FILES');
    const controller = new AbortController();
    const req = request(pkg.path, {
      restoreType: 'FILES',
      signal: controller.signal,
      onProgress: (p) => {
        if (p.bytesDone < p.bytesTotal) controller.abort(new Error('operator cancelled'));
      },
    });
    const error = await failure(stagePackage(req));
    expect(error.code).toBe('PACKAGE_ABORTED');
    expect(controller.signal.aborted).toBe(true);
    expect(existsSync(req.stagingDir)).toBe(false);
    // An already aborted signal never creates the directory.
    const before = request(pkg.path, { restoreType: 'FILES', signal: AbortSignal.abort() });
    expect((await failure(stagePackage(before))).code).toBe('PACKAGE_ABORTED');
    expect(existsSync(before.stagingDir)).toBe(false);
  });

  (canMountTmpfs() ? it : it.skip)('a full disk fails with RESTORE_STAGING_NO_SPACE and leaves no staging directory (small tmpfs)', async () => {
    const data = sampleData();
    data.files['bulk/big.bin'] = randomBytes(3 * 1024 * 1024);
    const pkg = await written(data, 'FILES');
    const mount = join(tmp.path, 'small-disk');
    mkdirSync(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount]);
    try {
      for (const durability of ['none', 'filesystem'] as const) {
        const req = request(pkg.path, { restoreType: 'FILES', stagingDir: join(mount, 'staging', `r-${durability}`), durability });
        const error = await failure(stagePackage(req));
        expect(error.code).toBe('RESTORE_STAGING_NO_SPACE');
        expect(existsSync(req.stagingDir)).toBe(false);
      }
    } finally {
      execFileSync('umount', [mount]);
    }
  });

  it('durability "file" fsyncs as it goes and stages the same layout', async () => {
    const data = sampleData();
    const pkg = await written(data);
    expectLayout(await stagePackage(request(pkg.path, { durability: 'file' })), data, true, true);
  });

  it('stages a hand-built package (builder sanity check)', async () => {
    const path = join(tmp.path, 'hand.tar.gz');
    writeFileSync(path, buildPackage(sampleSpec('FULL')));
    expectLayout(await stagePackage(request(path)), sampleData(), true, true);
  });
});
