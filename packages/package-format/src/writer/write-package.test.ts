import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDomainError } from '@edms/domain';
import { verifyPackage } from '../reader/verify-package';
import { baseOptions, makeStore, manifestInput, sha256, table, tempDir } from '../test-support/fixtures';
import { writePackage } from './write-package';
import type { WritePackageFinding, WritePackageOptions } from './types';

function tarList(path: string): string[] {
  return execFileSync('tar', ['-tzf', path], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

async function expectBackupError(promise: Promise<unknown>, code: string) {
  try {
    await promise;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    expect(error.code).toBe(code);
    if (code !== 'BACKUP_INVALID_INPUT') expect(error.cause).toBeDefined();
    return error;
  }
  throw new Error(`expected ${code}`);
}

/** Only the final package (if any) may remain in the destination: no partial or spool files. */
function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith('.'));
}

describe('writePackage', () => {
  let tmp: ReturnType<typeof tempDir>;
  let out: string;
  beforeEach(() => {
    tmp = tempDir();
    out = join(tmp.path, 'out');
  });
  afterEach(() => tmp.cleanup());

  function store() {
    return makeStore(tmp.path, {
      'docs/sop-0001/v1.pdf': randomBytes(300_000),
      'docs/sop-0001/v2.txt': 'Version two of the cleaning SOP.\n'.repeat(1000),
      'docs/big/scan.bin': randomBytes(3 * 1024 * 1024 + 17),
      'empty.txt': '',
    });
  }

  it('writes manifest.json first, then database/<Model>.ndjson, files/<storageKey>, SHA256SUMS last, in a file GNU tar lists', async () => {
    const files = store();
    const result = await writePackage(baseOptions(out, { files }));
    expect(result.path).toBe(join(out, 'daily-full_20261126T020000Z_1a2b3c4d.tar.gz'));
    expect(tarList(result.path)).toEqual([
      'manifest.json',
      'database/User.ndjson',
      'database/Document.ndjson',
      'database/DocumentVersion.ndjson',
      'database/BackupConfiguration.ndjson',
      'database/AuditEvent.ndjson',
      'files/docs/sop-0001/v1.pdf',
      'files/docs/sop-0001/v2.txt',
      'files/docs/big/scan.bin',
      'files/empty.txt',
      'SHA256SUMS',
    ]);
    expect(result.entries).toBe(11);
    expect(result.findings).toEqual([]);
    expect(leftovers(out)).toEqual([]);
  });

  it('records size and sha256 of the final file, and a manifest with rows/bytes/sha256 per table and the files summary', async () => {
    const files = store();
    const result = await writePackage(baseOptions(out, { files }));
    const bytes = readFileSync(result.path);
    expect(result.sizeBytes).toBe(bytes.length);
    expect(result.sha256).toBe(sha256(bytes));
    expect(result.manifest.files).toEqual({ count: 4, bytes: files.reduce((sum, f) => sum + (f.expectedSize ?? 0), 0) });
    expect(result.manifest.database?.tables.User?.rows).toBe(2);
    expect(result.manifest.database?.tables.BackupConfiguration).toEqual({ rows: 0, bytes: 0, sha256: sha256('') });
  });

  it('extracts with GNU tar and the extracted tree passes sha256sum -c SHA256SUMS; rows are JSON.stringify + newline', async () => {
    const files = store();
    const result = await writePackage(baseOptions(out, { files }));
    const dir = join(tmp.path, 'x');
    mkdirSync(dir);
    execFileSync('tar', ['-xzf', result.path, '-C', dir]);
    expect(execFileSync('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' })).toContain('files/docs/big/scan.bin: OK');
    expect(readFileSync(join(dir, 'database/User.ndjson'), 'utf8').split('\n')[0]).toBe(
      JSON.stringify({ id: 'u1', username: 'admin', role: 'ADMIN', createdAt: '2026-01-01T00:00:00.000Z' }),
    );
    expect(readFileSync(join(dir, 'files/docs/big/scan.bin')).equals(readFileSync(files[2]!.absolutePath))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toEqual(result.manifest);
  });

  it('writes portable headers: no owner names, uid/gid 0, mode 0644, the manifest time as mtime', async () => {
    const result = await writePackage(baseOptions(out, { files: store() }));
    const listing = execFileSync('tar', ['--numeric-owner', '--full-time', '-tvzf', result.path], { encoding: 'utf8' });
    for (const line of listing.split('\n').filter(Boolean)) {
      expect(line).toMatch(/^-rw-r--r-- 0\/0 +\d+ 2026-11-26 \d\d:00:00 /);
    }
    const named = execFileSync('tar', ['-tvzf', result.path], { encoding: 'utf8' });
    expect(named).not.toMatch(/root|nobody/);
  });

  it('the package passes verifyPackage', async () => {
    const result = await writePackage(baseOptions(out, { files: store() }));
    const verified = await verifyPackage(result.path);
    expect(verified.ok).toBe(true);
    expect(verified.sha256).toBe(result.sha256);
    expect(verified.tables).toEqual(result.manifest.database?.tables);
    expect(verified.files).toEqual(result.manifest.files);
  });

  it('a FILES package holds only manifest, files and SHA256SUMS; a DATABASE package only manifest, tables and SHA256SUMS', async () => {
    const files = store();
    const filesOnly = await writePackage(
      baseOptions(out, { fileName: 'f.tar.gz', manifest: manifestInput('FILES'), tables: [], files }),
    );
    const fileEntries = tarList(filesOnly.path);
    expect(fileEntries.filter((e) => !e.startsWith('files/'))).toEqual(['manifest.json', 'SHA256SUMS']);
    expect(filesOnly.manifest.database).toBeUndefined();
    await expect(verifyPackage(filesOnly.path)).resolves.toMatchObject({ ok: true });

    const databaseOnly = await writePackage(baseOptions(out, { fileName: 'd.tar.gz', manifest: manifestInput('DATABASE'), files: [] }));
    const databaseEntries = tarList(databaseOnly.path);
    expect(databaseEntries.filter((e) => !e.startsWith('database/'))).toEqual(['manifest.json', 'SHA256SUMS']);
    expect(databaseEntries).toHaveLength(7);
    expect(databaseOnly.manifest.files).toBeUndefined();
    await expect(verifyPackage(databaseOnly.path)).resolves.toMatchObject({ ok: true });
  });

  it.each(['sync', 'async'] as const)('produces the same package bytes whether files are read %s', async (readMode) => {
    const files = store();
    const manifest = manifestInput('FULL');
    const reference = await writePackage(baseOptions(join(tmp.path, 'ref'), { files, manifest, readMode: 'auto' }));
    const result = await writePackage(baseOptions(out, { files, manifest, readMode }));
    expect(result.sha256).toBe(reference.sha256);
    await expect(verifyPackage(result.path)).resolves.toMatchObject({ ok: true });
  });

  it('a source file that disappears while being archived fails with BACKUP_SOURCE_FILE_MISSING (both read modes)', async () => {
    for (const readMode of ['sync', 'async'] as const) {
      const files = store();
      const vanishing = files[1]!;
      let removed = false;
      const error = await expectBackupError(
        writePackage(
          baseOptions(join(tmp.path, `out-${readMode}`), {
            files,
            readMode,
            onProgress: (p) => {
              if (p.phase === 'archive' && !removed) {
                removed = true;
                rmSync(vanishing.absolutePath);
              }
            },
          }),
        ),
        'BACKUP_SOURCE_FILE_MISSING',
      );
      expect(error.details).toMatchObject({ storageKey: vanishing.storageKey });
      expect(leftovers(join(tmp.path, `out-${readMode}`))).toEqual([]);
    }
  });

  it('refuses input that does not fit the backup type', async () => {
    await expectBackupError(writePackage(baseOptions(out, { manifest: manifestInput('DATABASE'), files: store() })), 'BACKUP_INVALID_INPUT');
    await expectBackupError(writePackage(baseOptions(out, { manifest: manifestInput('FILES') })), 'BACKUP_INVALID_INPUT');
  });

  it('archives storage keys longer than 100 bytes and with unicode via pax headers that GNU tar reads', async () => {
    const longKey = `${'deep/'.repeat(30)}${'n'.repeat(120)}.pdf`;
    const unicodeKey = 'Prüfberichte/Qualität 2026/Überprüfung — 検査 ✓.pdf';
    const files = makeStore(tmp.path, { [longKey]: randomBytes(1000), [unicodeKey]: 'unicode content' });
    const result = await writePackage(baseOptions(out, { files }));
    expect(tarList(result.path)).toEqual(expect.arrayContaining([`files/${longKey}`, `files/${unicodeKey}`]));
    const dir = join(tmp.path, 'x');
    mkdirSync(dir);
    execFileSync('tar', ['-xzf', result.path, '-C', dir]);
    execFileSync('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: dir });
    expect(readFileSync(join(dir, 'files', unicodeKey), 'utf8')).toBe('unicode content');
    await expect(verifyPackage(result.path)).resolves.toMatchObject({ ok: true, files: { count: 2 } });
  });

  it('writes a valid package for an empty store and empty tables', async () => {
    const result = await writePackage(baseOptions(out, { tables: [table('User', [])], files: [] }));
    expect(tarList(result.path)).toEqual(['manifest.json', 'database/User.ndjson', 'SHA256SUMS']);
    expect(result.manifest.files).toEqual({ count: 0, bytes: 0 });
    await expect(verifyPackage(result.path)).resolves.toMatchObject({ ok: true, files: { count: 0, bytes: 0 } });
  });

  it('stores incompressible data instead of deflating it: output ≈ input plus small overhead', async () => {
    const data = randomBytes(8 * 1024 * 1024);
    const files = makeStore(tmp.path, { 'random.bin': data });
    const result = await writePackage(baseOptions(out, { manifest: manifestInput('FILES'), tables: [], files }));
    expect(result.stats.deflatedBytes).toBeLessThan(256 * 1024);
    expect(result.sizeBytes).toBeLessThan(data.length * 1.002 + 16 * 1024);
    expect(result.sizeBytes).toBeGreaterThan(data.length);
  });

  it('compresses text: a level 6 package of text is far smaller than its input', async () => {
    const text = Array.from({ length: 40000 }, (_, i) => `Line ${i} of the quality manual, revision ${i % 17}.`).join('\n');
    const files = makeStore(tmp.path, { 'manual.txt': text });
    const result = await writePackage(baseOptions(out, { manifest: manifestInput('FILES'), tables: [], files }));
    expect(result.sizeBytes).toBeLessThan(text.length / 4);
  });

  it('appends .enc and writes an encrypted package that verifies with the passphrase only', async () => {
    const files = store();
    const result = await writePackage(baseOptions(out, { files, encryption: { passphrase: 'correct horse' } }));
    expect(result.path.endsWith('.tar.gz.enc')).toBe(true);
    expect(readFileSync(result.path).subarray(0, 8).toString('latin1')).toBe('EDMSENC1');
    const verified = await verifyPackage(result.path, { passphrase: 'correct horse' });
    expect(verified).toMatchObject({ ok: true, encrypted: true, sha256: result.sha256 });
    await expect(verifyPackage(result.path)).rejects.toMatchObject({ code: 'PACKAGE_PASSPHRASE_REQUIRED' });
    await expect(verifyPackage(result.path, { passphrase: 'wrong' })).rejects.toMatchObject({ code: expect.stringMatching(/^ENCRYPTION_/) });
  }, 30_000);

  describe('faults', () => {
    it('a missing source file fails with BACKUP_SOURCE_FILE_MISSING and leaves neither the final nor a partial file', async () => {
      const files = store();
      const missing = [...files, { storageKey: 'gone.pdf', absolutePath: join(tmp.path, 'store', 'gone.pdf') }];
      const error = await expectBackupError(writePackage(baseOptions(out, { files: missing })), 'BACKUP_SOURCE_FILE_MISSING');
      expect(error.details?.findings).toEqual([{ code: 'FILE_MISSING', storageKey: 'gone.pdf' }]);
      expect(existsSync(join(out, 'daily-full_20261126T020000Z_1a2b3c4d.tar.gz'))).toBe(false);
      expect(readdirSync(out)).toEqual([]);
    });

    it('with failOnFindings false a missing file is reported, left out, and the package still verifies', async () => {
      const files = [...store(), { storageKey: 'gone.pdf', absolutePath: join(tmp.path, 'store', 'gone.pdf') }];
      const seen: WritePackageFinding[] = [];
      const result = await writePackage(baseOptions(out, { files, failOnFindings: false, onFinding: (f) => seen.push(f) }));
      expect(result.findings).toEqual([{ code: 'FILE_MISSING', storageKey: 'gone.pdf' }]);
      expect(seen).toEqual(result.findings);
      expect(result.manifest.files?.count).toBe(4);
      await expect(verifyPackage(result.path)).resolves.toMatchObject({ ok: true });
    });

    it('a file whose bytes differ from the catalog sha256 is a FILE_CHECKSUM_MISMATCH finding and fails with BACKUP_SOURCE_FILE_CHANGED', async () => {
      const files = store();
      const rotten = files[1]!;
      const bytes = readFileSync(rotten.absolutePath);
      bytes[10] = (bytes[10] as number) ^ 1; // bit rot: same size, other content
      writeFileSync(rotten.absolutePath, bytes);
      const error = await expectBackupError(writePackage(baseOptions(out, { files })), 'BACKUP_SOURCE_FILE_CHANGED');
      expect(error.details?.findings).toEqual([
        { code: 'FILE_CHECKSUM_MISMATCH', storageKey: rotten.storageKey, expected: rotten.expectedSha256, actual: sha256(bytes) },
      ]);
      expect(readdirSync(out)).toEqual([]);

      const allowed = await writePackage(baseOptions(out, { files, failOnFindings: false }));
      expect(allowed.findings.map((f) => f.code)).toEqual(['FILE_CHECKSUM_MISMATCH']);
    });

    it('a file whose size differs from the catalog is a FILE_SIZE_CHANGED finding', async () => {
      const files = store();
      const changed = files[0]!;
      truncateSync(changed.absolutePath, 1000);
      const error = await expectBackupError(writePackage(baseOptions(out, { files })), 'BACKUP_SOURCE_FILE_CHANGED');
      expect(error.details?.findings).toEqual([
        { code: 'FILE_SIZE_CHANGED', storageKey: changed.storageKey, expected: 300_000, actual: 1000 },
      ]);
      expect(readdirSync(out)).toEqual([]);
    });

    it('an unwritable destination fails with BACKUP_DESTINATION_UNWRITABLE', async () => {
      const blocker = join(tmp.path, 'a-file');
      writeFileSync(blocker, 'x');
      await expectBackupError(writePackage(baseOptions(join(blocker, 'sub'), { files: store() })), 'BACKUP_DESTINATION_UNWRITABLE');
    });

    it('a destination directory without write permission fails with BACKUP_DESTINATION_UNWRITABLE (when not root)', async () => {
      if (process.getuid?.() === 0) return; // root writes anyway
      mkdirSync(out);
      chmodSync(out, 0o500);
      try {
        await expectBackupError(writePackage(baseOptions(out, { files: store() })), 'BACKUP_DESTINATION_UNWRITABLE');
      } finally {
        chmodSync(out, 0o700);
      }
    });

    it('never overwrites an existing package of the same name', async () => {
      const first = await writePackage(baseOptions(out, { files: store() }));
      const before = readFileSync(first.path);
      await expectBackupError(writePackage(baseOptions(out, { files: store() })), 'BACKUP_DESTINATION_UNWRITABLE');
      expect(readFileSync(first.path).equals(before)).toBe(true);
      expect(leftovers(out)).toEqual([]);
    });

    it('a row iterator that throws fails with BACKUP_DATABASE_EXPORT_FAILED naming the table, and removes spool files', async () => {
      const failing = {
        name: 'Document',
        rows: async function* () {
          yield { id: 'd1' };
          throw new Error('connection reset');
        },
      };
      const error = await expectBackupError(
        writePackage(baseOptions(out, { tables: [table('User', [{ id: 'u1' }]), failing], files: store() })),
        'BACKUP_DATABASE_EXPORT_FAILED',
      );
      expect(error.details).toMatchObject({ table: 'Document', row: 2 });
      expect((error.cause as Error).message).toBe('connection reset');
      expect(readdirSync(out)).toEqual([]);
    });

    it('a row that is not an object or cannot be serialised fails with BACKUP_DATABASE_EXPORT_FAILED', async () => {
      const bigint = table('User', [{ id: 1n }]);
      await expectBackupError(writePackage(baseOptions(out, { tables: [bigint] })), 'BACKUP_DATABASE_EXPORT_FAILED');
      const notObject = { name: 'User', rows: async function* () { yield 42 as unknown as Record<string, unknown>; } };
      await expectBackupError(writePackage(baseOptions(out, { tables: [notObject] })), 'BACKUP_DATABASE_EXPORT_FAILED');
      expect(readdirSync(out)).toEqual([]);
    });

    it('an aborted signal stops the backup with BACKUP_ABORTED and leaves nothing behind', async () => {
      const controller = new AbortController();
      const files = makeStore(tmp.path, Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}.bin`, randomBytes(512 * 1024)])));
      const options: WritePackageOptions = baseOptions(out, {
        files,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'archive' && p.bytesDone > 2 * 1024 * 1024) controller.abort(new Error('operator cancelled'));
        },
      });
      const error = await expectBackupError(writePackage(options), 'BACKUP_ABORTED');
      expect((error.cause as Error).message).toBe('operator cancelled');
      expect(readdirSync(out)).toEqual([]);
    });

    it('an already aborted signal fails before any work', async () => {
      const controller = new AbortController();
      controller.abort();
      await expectBackupError(writePackage(baseOptions(out, { signal: controller.signal })), 'BACKUP_ABORTED');
      expect(existsSync(out)).toBe(false);
    });

    it('a full disk fails with BACKUP_NO_SPACE and removes the partial file (needs a small tmpfs, root only)', async () => {
      if (process.getuid?.() !== 0) return;
      const mountPoint = join(tmp.path, 'small');
      mkdirSync(mountPoint);
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint], { stdio: 'ignore' });
      } catch {
        return; // no permission to mount here
      }
      try {
        const files = makeStore(tmp.path, { 'big.bin': randomBytes(6 * 1024 * 1024) });
        const error = await expectBackupError(writePackage(baseOptions(mountPoint, { files })), 'BACKUP_NO_SPACE');
        expect(error.details).toMatchObject({ errno: 'ENOSPC' });
        expect(readdirSync(mountPoint)).toEqual([]);
      } finally {
        execFileSync('umount', [mountPoint]);
      }
    });
  });

  it('refuses storage keys that are unsafe or collide after case folding', async () => {
    const files = store();
    await expectBackupError(
      writePackage(baseOptions(out, { files: [{ storageKey: '../etc/passwd', absolutePath: files[0]!.absolutePath }] })),
      'BACKUP_INVALID_INPUT',
    );
    await expectBackupError(
      writePackage(
        baseOptions(out, {
          files: [
            { storageKey: 'a/Report.pdf', absolutePath: files[0]!.absolutePath },
            { storageKey: 'a/report.pdf', absolutePath: files[1]!.absolutePath },
          ],
        }),
      ),
      'BACKUP_INVALID_INPUT',
    );
    await expectBackupError(
      writePackage(
        baseOptions(out, {
          files: [
            { storageKey: 'a/b/c.pdf', absolutePath: files[0]!.absolutePath },
            { storageKey: 'a/b', absolutePath: files[1]!.absolutePath },
          ],
        }),
      ),
      'BACKUP_INVALID_INPUT',
    );
  });

  it('reports progress through every phase and ends at bytesDone = bytesTotal', async () => {
    const phases = new Set<string>();
    let last = { bytesDone: 0, bytesTotal: 0 };
    await writePackage(baseOptions(out, { files: store(), onProgress: (p) => (phases.add(p.phase), (last = p)) }));
    expect([...phases]).toEqual(['prepare', 'scan', 'export', 'archive', 'finalize']);
    expect(last.bytesDone).toBe(last.bytesTotal);
    expect(last.bytesTotal).toBeGreaterThan(3 * 1024 * 1024);
  });

  it('creates the package readable by the owner only', async () => {
    const result = await writePackage(baseOptions(out, { files: store() }));
    expect(statSync(result.path).mode & 0o777).toBe(0o600);
  });
});
