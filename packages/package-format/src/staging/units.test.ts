import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDomainError } from '@edms/domain';
import { StagedFileWriter, writeFailure } from './file-writer';
import { isSafeStorageKey } from './storage-key';

describe('isSafeStorageKey (the file store rule)', () => {
  it.each([
    ['documents/d1/1/a.pdf', true],
    ['a', true],
    ['..hidden/x', true],
    ['docs/..x', true],
    ['é/ü.pdf', true],
    ['', false],
    ['/etc/passwd', false],
    ['../x', false],
    ['a/../b', false],
    ['a/./b', false],
    ['a//b', false],
    ['a/', false],
    ['a\\b', false],
    ['a\u0000b', false],
    ['C:/x', false],
    ['c:x', false],
    ['x'.repeat(1025), false],
    [`${'s'.repeat(256)}/x`, false],
    [`${'s'.repeat(255)}/x`, true],
  ])('%j → %s', (key, safe) => {
    expect(isSafeStorageKey(key)).toBe(safe);
  });
});

describe('writeFailure', () => {
  it.each([
    ['ENOSPC', 'RESTORE_STAGING_NO_SPACE'],
    ['EDQUOT', 'RESTORE_STAGING_NO_SPACE'],
    ['EEXIST', 'PACKAGE_DUPLICATE_ENTRY'],
    ['ENOTDIR', 'PACKAGE_DUPLICATE_ENTRY'],
    ['ELOOP', 'PACKAGE_UNSAFE_PATH'],
    ['EIO', 'RESTORE_STAGING_FAILED'],
    ['EACCES', 'RESTORE_STAGING_FAILED'],
  ])('%s → %s', (errno, code) => {
    const error = writeFailure(Object.assign(new Error(errno), { code: errno }), 'files/a.pdf');
    expect(error.code).toBe(code);
    expect(error.details).toMatchObject({ path: 'files/a.pdf' });
  });
});

describe('StagedFileWriter', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'edms-writer-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a key that would leave the root after joining', () => {
    const writer = new StagedFileWriter(join(root, 'files'));
    for (const segments of [['..', 'x'], ['a', '..', '..', 'x'], ['/etc', 'passwd'], ['..']]) {
      let code: string | undefined;
      try {
        writer.pathOf(segments, segments.join('/'));
      } catch (error) {
        code = isDomainError(error) ? error.code : 'other';
      }
      expect(code).toBe(segments[0] === '/etc' ? undefined : 'PACKAGE_UNSAFE_PATH');
    }
    // An absolute segment is joined below the root, never used as is.
    expect(writer.pathOf(['/etc', 'passwd'], '/etc/passwd')).toBe(join(root, 'files', 'etc', 'passwd'));
  });

  it('writes many files concurrently with mode 0644, chunk order kept, and reports a name written twice', async () => {
    mkdirSync(join(root, 'files'));
    const writer = new StagedFileWriter(join(root, 'files'), { maxInFlightBytes: 1024, batchBytes: 64 });
    const digests = new Map<number, string>();
    for (let i = 0; i < 50; i++) {
      const sink = writer.begin(['d', String(i % 5), `${i}.txt`], `files/d/${i}.txt`);
      for (let c = 0; c < 10; c++) {
        sink.write(Buffer.from(`${i}:${c};`));
        if (writer.busy) await writer.wait();
      }
      sink.end((sha256) => digests.set(i, sha256));
    }
    await writer.flush();
    expect(digests.size).toBe(50);
    await writer.drain();
    for (let i = 0; i < 50; i++) {
      const path = join(root, 'files', 'd', String(i % 5), `${i}.txt`);
      expect(readFileSync(path, 'utf8')).toBe(Array.from({ length: 10 }, (_, c) => `${i}:${c};`).join(''));
      expect(statSync(path).mode & 0o777).toBe(0o644);
      expect(digests.get(i)).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
    const second = new StagedFileWriter(join(root, 'files'));
    const again = second.begin(['d', '0', '0.txt'], 'files/d/0/0.txt');
    again.write(Buffer.from('overwrite?'));
    again.end();
    await expect(second.drain()).rejects.toMatchObject({ code: 'PACKAGE_DUPLICATE_ENTRY', details: { path: 'files/d/0/0.txt' } });
    expect(readFileSync(join(root, 'files', 'd', '0', '0.txt'), 'utf8')).toBe(Array.from({ length: 10 }, (_, c) => `0:${c};`).join(''));
  });

  it('a digest callback that throws fails the writer with its error', async () => {
    mkdirSync(join(root, 'files'));
    const writer = new StagedFileWriter(join(root, 'files'));
    const sink = writer.begin(['a.txt'], 'files/a.txt');
    sink.write(Buffer.from('a'));
    sink.end(() => {
      throw Object.assign(new Error('sha differs'), { code: 'PACKAGE_FILE_MISMATCH' });
    });
    await expect(writer.drain()).rejects.toThrow('sha differs');
  });

  it('a link in the way is never followed', async () => {
    mkdirSync(join(root, 'files'));
    mkdirSync(join(root, 'elsewhere'));
    symlinkSync(join(root, 'elsewhere'), join(root, 'files', 'docs'));
    const writer = new StagedFileWriter(join(root, 'files'));
    const sink = writer.begin(['docs', 'a.txt'], 'files/docs/a.txt');
    sink.write(Buffer.from('a'));
    sink.end();
    await expect(writer.drain()).rejects.toMatchObject({ code: 'PACKAGE_UNSAFE_PATH', details: { path: 'files/docs/a.txt' } });
    expect(existsSync(join(root, 'elsewhere', 'a.txt'))).toBe(false);
  });

  it('settle() stops the worker with a file begun but never ended', async () => {
    mkdirSync(join(root, 'files'));
    const writer = new StagedFileWriter(join(root, 'files'), { batchBytes: 4 });
    const sink = writer.begin(['open.txt'], 'files/open.txt');
    sink.write(Buffer.from('partial'));
    await writer.wait();
    await writer.settle();
    expect(readFileSync(join(root, 'files', 'open.txt'), 'utf8')).toBe('partial');
    expect(() => writer.begin(['late.txt'], 'files/late.txt')).not.toThrow(); // closed: later calls are no-ops
  });
});
