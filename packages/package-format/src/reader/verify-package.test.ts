import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDomainError, type DomainError } from '@edms/domain';
import { baseOptions, makeStore, manifestInput, sha256, table, tempDir } from '../test-support/fixtures';
import { writePackage } from '../writer/write-package';
import type { WritePackageOptions } from '../writer/types';
import { readManifest } from './read-manifest';
import { verifyPackage, type VerifyProblem } from './verify-package';

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('verifyPackage and readManifest', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  async function writeFull(overrides: Partial<WritePackageOptions> = {}) {
    const files = makeStore(tmp.path, {
      'docs/a.txt': 'first document\n'.repeat(2000),
      'docs/b.pdf': randomBytes(2 * 1024 * 1024),
      'docs/c.txt': 'third',
    });
    return writePackage(baseOptions(join(tmp.path, 'out'), { files, ...overrides }));
  }

  /** Extracts a package with GNU tar into a fresh directory. */
  function extract(path: string): string {
    const dir = join(tmp.path, `x-${Math.random().toString(36).slice(2)}`);
    mkdirSync(dir);
    execFileSync('tar', ['-xzf', path, '-C', dir]);
    return dir;
  }

  /** Re-packs an extracted tree the way an operator would with standard tools. */
  function repack(dir: string, parts = ['manifest.json', 'database', 'files', 'SHA256SUMS']): string {
    const path = join(tmp.path, `repacked-${Math.random().toString(36).slice(2)}.tar.gz`);
    execFileSync('tar', ['-czf', path, ...parts], { cwd: dir });
    return path;
  }

  function resum(dir: string): void {
    const listed = readFileSync(join(dir, 'SHA256SUMS'), 'utf8').split('\n').filter(Boolean).map((line) => line.slice(66));
    writeFileSync(join(dir, 'SHA256SUMS'), listed.map((p) => `${sha256(readFileSync(join(dir, p)))}  ${p}\n`).join(''));
  }

  it('returns ok with the manifest, measured tables, files, size and sha256 of the package', async () => {
    const written = await writeFull();
    const progress: number[] = [];
    const verified = await verifyPackage(written.path, { onProgress: (p) => progress.push(p.bytesDone) });
    expect(verified).toMatchObject({ ok: true, manifest: written.manifest, entries: 10, encrypted: false, sizeBytes: written.sizeBytes, sha256: written.sha256 });
    expect(verified.tables).toEqual(written.manifest.database?.tables);
    expect(verified.files).toEqual({ count: 3, bytes: written.manifest.files?.bytes });
    expect(progress.at(-1)).toBe(written.sizeBytes);
  });

  it('accepts a package unpacked and re-packed with GNU tar (directory entries, root owner, ordinary modes)', async () => {
    const written = await writeFull();
    const dir = extract(written.path);
    const repacked = repack(dir);
    expect(execFileSync('tar', ['-tzf', repacked], { encoding: 'utf8' })).toContain('database/\n');
    const verified = await verifyPackage(repacked);
    expect(verified).toMatchObject({ ok: true, manifest: written.manifest, files: written.manifest.files });
    expect((await readManifest(repacked)).manifest).toEqual(written.manifest);
  });

  it('a flipped byte in the middle of the package is PACKAGE_CORRUPT or PACKAGE_CHECKSUM_MISMATCH', async () => {
    const written = await writeFull();
    const bytes = readFileSync(written.path);
    for (const position of [Math.floor(bytes.length / 2), Math.floor(bytes.length / 3), bytes.length - 2000]) {
      const copy = Buffer.from(bytes);
      copy[position] = (copy[position] as number) ^ 0x04;
      const path = join(tmp.path, `flipped-${position}.tar.gz`);
      writeFileSync(path, copy);
      expect(['PACKAGE_CORRUPT', 'PACKAGE_CHECKSUM_MISMATCH']).toContain((await failure(verifyPackage(path))).code);
    }
  });

  it('a truncated package fails verify (PACKAGE_CORRUPT / PACKAGE_TRUNCATED) while readManifest still reads its head', async () => {
    const written = await writeFull();
    truncateSync(written.path, Math.floor(written.sizeBytes / 2));
    expect(['PACKAGE_CORRUPT', 'PACKAGE_TRUNCATED']).toContain((await failure(verifyPackage(written.path))).code);
    const head = await readManifest(written.path);
    expect(head).toMatchObject({ manifest: written.manifest, encrypted: false });
  });

  it('readManifest reads the manifest of an encrypted package with the passphrase and asks for it otherwise', async () => {
    const written = await writeFull({ encryption: { passphrase: 'pass phrase' } });
    expect(await readManifest(written.path, { passphrase: 'pass phrase' })).toMatchObject({ manifest: written.manifest, encrypted: true });
    expect((await failure(readManifest(written.path))).code).toBe('PACKAGE_PASSPHRASE_REQUIRED');
  }, 30_000);

  it('a file that is not a package is PACKAGE_FORMAT_UNSUPPORTED; a missing file PACKAGE_READ_FAILED', async () => {
    const path = join(tmp.path, 'notes.txt');
    writeFileSync(path, 'just some text');
    expect((await failure(verifyPackage(path))).code).toBe('PACKAGE_FORMAT_UNSUPPORTED');
    expect((await failure(readManifest(join(tmp.path, 'nope.tar.gz')))).code).toBe('PACKAGE_READ_FAILED');
  });

  it('data appended to the package file is PACKAGE_TRAILING_DATA', async () => {
    const written = await writeFull();
    appendFileSync(written.path, 'appended');
    expect((await failure(verifyPackage(written.path))).code).toBe('PACKAGE_TRAILING_DATA');
  });

  it('a changed file whose SHA256SUMS line was not updated is PACKAGE_CHECKSUM_MISMATCH naming the entry', async () => {
    const dir = extract((await writeFull()).path);
    writeFileSync(join(dir, 'files/docs/c.txt'), 'THIRD');
    const error = await failure(verifyPackage(repack(dir)));
    expect(error.code).toBe('PACKAGE_CHECKSUM_MISMATCH');
    expect(error.details).toMatchObject({ path: 'files/docs/c.txt' });
  });

  it('an entry listed in SHA256SUMS but absent is PACKAGE_ENTRY_MISSING; an unlisted one PACKAGE_ENTRY_UNEXPECTED', async () => {
    const dir = extract((await writeFull()).path);
    rmSync(join(dir, 'files/docs/c.txt'));
    expect((await failure(verifyPackage(repack(dir)))).code).toBe('PACKAGE_ENTRY_MISSING');

    const other = extract((await writeFull({ fileName: 'second.tar.gz' })).path);
    writeFileSync(join(other, 'files/extra.txt'), 'not listed');
    const error = await failure(verifyPackage(repack(other)));
    const codes = (error.details?.problems as VerifyProblem[]).map((p) => p.code);
    expect(codes).toContain('PACKAGE_ENTRY_UNEXPECTED');
    expect(codes).toContain('PACKAGE_MANIFEST_MISMATCH'); // files.count and files.bytes no longer match
  });

  it('an NDJSON line that is not a JSON object is PACKAGE_ROW_INVALID with table and line', async () => {
    const dir = extract((await writeFull()).path);
    const file = join(dir, 'database/User.ndjson');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = '{"id": "u2", broken';
    writeFileSync(file, lines.join('\n'));
    resum(dir);
    const error = await failure(verifyPackage(repack(dir)));
    expect(error.code).toBe('PACKAGE_ROW_INVALID');
    expect(error.details).toMatchObject({ table: 'User', line: 2 });
    // The manifest's sha256 of the table no longer matches either: reported too, in one run.
    expect((error.details?.problems as VerifyProblem[]).map((p) => p.code)).toContain('PACKAGE_MANIFEST_MISMATCH');
  });

  it('table rows, bytes and sha256 must equal the manifest (PACKAGE_MANIFEST_MISMATCH)', async () => {
    const dir = extract((await writeFull()).path);
    appendFileSync(join(dir, 'database/Document.ndjson'), '{"id":"d2"}\n');
    resum(dir);
    const error = await failure(verifyPackage(repack(dir)));
    expect(error.code).toBe('PACKAGE_MANIFEST_MISMATCH');
    expect((error.details?.problems as VerifyProblem[]).map((p) => p.details.field)).toEqual(['rows', 'bytes', 'sha256']);
  });

  it('a table listed in the manifest but absent is PACKAGE_ENTRY_MISSING', async () => {
    const dir = extract((await writeFull()).path);
    rmSync(join(dir, 'database/AuditEvent.ndjson'));
    const sums = readFileSync(join(dir, 'SHA256SUMS'), 'utf8').split('\n').filter((l) => l && !l.includes('AuditEvent'));
    writeFileSync(join(dir, 'SHA256SUMS'), `${sums.join('\n')}\n`);
    const error = await failure(verifyPackage(repack(dir)));
    expect(error.code).toBe('PACKAGE_ENTRY_MISSING');
    expect(error.details).toMatchObject({ table: 'AuditEvent' });
  });

  it('a DATABASE package holding files/ or a FILES package holding database/ is PACKAGE_TYPE_MISMATCH', async () => {
    const database = await writePackage(baseOptions(join(tmp.path, 'db'), { manifest: manifestInput('DATABASE'), tables: [table('User', [{ id: 1 }])] }));
    const dir = extract(database.path);
    mkdirSync(join(dir, 'files'));
    writeFileSync(join(dir, 'files/smuggled.txt'), 'x');
    appendFileSync(join(dir, 'SHA256SUMS'), `${sha256('x')}  files/smuggled.txt\n`);
    expect((await failure(verifyPackage(repack(dir)))).code).toBe('PACKAGE_TYPE_MISMATCH');

    const files = makeStore(tmp.path, { 'f.txt': 'f' });
    const filesOnly = await writePackage(baseOptions(join(tmp.path, 'fo'), { manifest: manifestInput('FILES'), tables: [], files }));
    const dir2 = extract(filesOnly.path);
    mkdirSync(join(dir2, 'database'));
    writeFileSync(join(dir2, 'database/User.ndjson'), '{"id":1}\n');
    appendFileSync(join(dir2, 'SHA256SUMS'), `${sha256('{"id":1}\n')}  database/User.ndjson\n`);
    expect((await failure(verifyPackage(repack(dir2)))).code).toBe('PACKAGE_TYPE_MISMATCH');
  });

  it('compares the package file with the sha256 recorded in the catalog when given', async () => {
    const written = await writeFull();
    await expect(verifyPackage(written.path, { expectedSha256: written.sha256 })).resolves.toMatchObject({ ok: true });
    expect((await failure(verifyPackage(written.path, { expectedSha256: '0'.repeat(64) }))).code).toBe('PACKAGE_CHECKSUM_MISMATCH');
  });

  it('a manifest that is not valid JSON or not v1 fails with MANIFEST_INVALID / PACKAGE_FORMAT_UNSUPPORTED', async () => {
    const dir = extract((await writeFull()).path);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, formatVersion: 2 }));
    resum(dir);
    expect((await failure(verifyPackage(repack(dir)))).code).toBe('PACKAGE_FORMAT_UNSUPPORTED');
    writeFileSync(join(dir, 'manifest.json'), '{ not json');
    resum(dir);
    expect((await failure(readManifest(repack(dir)))).code).toBe('MANIFEST_INVALID');
  });

  it('an encrypted package with a flipped bit fails with an encryption error, never with garbage', async () => {
    const written = await writeFull({ encryption: { passphrase: 'pass phrase' } });
    const bytes = readFileSync(written.path);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] as number) ^ 1;
    writeFileSync(written.path, bytes);
    expect((await failure(verifyPackage(written.path, { passphrase: 'pass phrase' }))).code).toMatch(/^ENCRYPTION_/);
  }, 30_000);
});
