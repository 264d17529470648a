import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { isDomainError } from '@edms/domain';
import { gzipTar, manifestJson, rawTar, sumsFor, type RawEntry } from '../test-support/fixtures';
import type { PackageLimits } from '../limits';
import { readPackage, type PackageEntry, type ReadPackageHandlers } from './read-package';
import type { EntryCheck } from './entry-checks';

const MANIFEST = manifestJson('FILES');

/** A well-formed package around `middle` entries: manifest first, SHA256SUMS last. */
function wrap(middle: RawEntry[], sums = ''): RawEntry[] {
  return [{ name: 'manifest.json', content: MANIFEST }, ...middle, { name: 'SHA256SUMS', content: sums }];
}

function source(data: Buffer, chunk = 4096): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += chunk) yield data.subarray(i, i + chunk);
    })(),
    { objectMode: false },
  );
}

async function read(data: Buffer, handlers: ReadPackageHandlers = {}) {
  const entries: Array<PackageEntry & { content: string }> = [];
  const summary = await readPackage(source(data), {
    ...handlers,
    onEntry(entry, control) {
      const chunks: Buffer[] = [];
      const record = { ...entry, content: '' };
      entries.push(record);
      const inner = handlers.onEntry?.(entry, control);
      return {
        data: (chunk) => void chunks.push(Buffer.from(chunk)),
        end: () => {
          record.content = Buffer.concat(chunks).toString('utf8');
          return inner instanceof Promise ? undefined : undefined;
        },
      };
    },
  });
  return { entries, summary };
}

async function codeOf(data: Buffer, limits?: Partial<PackageLimits>): Promise<string> {
  try {
    await read(data, { limits });
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  return 'OK';
}

describe('readPackage', () => {
  it('yields every entry in order with its bytes, whatever the chunking', async () => {
    const data = gzipTar(wrap([{ name: 'files/a.txt', content: 'hello' }, { name: 'files/b/c.txt', content: 'x'.repeat(1500) }]));
    for (const chunk of [1, 511, 512, 4096, 1 << 20]) {
      const entries: string[] = [];
      await readPackage(source(data, chunk), {
        onEntry(entry) {
          let size = 0;
          return { data: (c) => void (size += c.length), end: () => void entries.push(`${entry.path}:${size}`) };
        },
      });
      expect(entries).toEqual(['manifest.json:' + MANIFEST.length, 'files/a.txt:5', 'files/b/c.txt:1500', 'SHA256SUMS:0']);
    }
  });

  it('accepts directory entries, a ./ prefix and any owner or mode, and reports directories without data', async () => {
    const { entries, summary } = await read(
      gzipTar([
        { name: './', type: '5' },
        { name: './manifest.json', content: MANIFEST },
        { name: './files/', type: '5' },
        { name: './files/a.txt', content: 'a' },
        { name: './SHA256SUMS', content: '' },
      ]),
    );
    expect(entries.map((e) => `${e.type}:${e.path}`)).toEqual(['file:manifest.json', 'directory:files', 'file:files/a.txt', 'file:SHA256SUMS']);
    expect(summary).toMatchObject({ entries: 4, files: 3, directories: 1, stopped: false });
  });

  it('reads pax path records and GNU long names (storage keys longer than 100 bytes)', async () => {
    const long = `files/${'directory-name/'.repeat(10)}file.pdf`;
    const viaPax = await read(gzipTar(wrap([{ name: 'files/short', pax: { path: long }, content: 'p' }])));
    expect(viaPax.entries[1]?.path).toBe(long);
    const gnu = await read(
      gzipTar(wrap([{ name: '././@LongLink', type: 'L', content: `${long}\0` }, { name: long.slice(0, 99), content: 'g' }])),
    );
    expect(gnu.entries[1]?.path).toBe(long);
  });

  describe('safety checks', () => {
    it.each([
      ['symbolic link', { name: 'files/link', type: '2', linkname: '/etc/passwd' }],
      ['hard link', { name: 'files/hard', type: '1', linkname: 'manifest.json' }],
      ['character device', { name: 'files/dev', type: '3' }],
      ['block device', { name: 'files/blk', type: '4' }],
      ['FIFO', { name: 'files/fifo', type: '6' }],
      ['directory with data', { name: 'files/dir/', type: '5', size: 512, content: 'x'.repeat(512) }],
    ])('rejects a %s with PACKAGE_UNSAFE_ENTRY', async (_kind, entry) => {
      expect(await codeOf(gzipTar(wrap([entry as RawEntry])))).toBe('PACKAGE_UNSAFE_ENTRY');
    });

    it.each([
      ['../x'],
      ['files/../../etc/passwd'],
      ['/etc/passwd'],
      ['files\\evil.txt'],
      ['files//double'],
      ['files/./dot'],
      ['C:/windows'],
      ['files/line\nbreak'],
    ])('rejects the name %j with PACKAGE_UNSAFE_PATH', async (name) => {
      expect(await codeOf(gzipTar(wrap([{ name: 'files/ok', pax: { path: name }, content: 'x' }])))).toBe('PACKAGE_UNSAFE_PATH');
    });

    it('rejects a NUL inside a pax path with PACKAGE_UNSAFE_PATH', async () => {
      expect(await codeOf(gzipTar(wrap([{ name: 'files/ok', pax: { path: 'files/a\0b' }, content: 'x' }])))).toBe('PACKAGE_UNSAFE_PATH');
    });

    it('rejects duplicates, also after Unicode normalisation and case folding, with PACKAGE_DUPLICATE_ENTRY', async () => {
      const twice = [{ name: 'files/a.txt', content: '1' }, { name: 'files/a.txt', content: '2' }];
      expect(await codeOf(gzipTar(wrap(twice)))).toBe('PACKAGE_DUPLICATE_ENTRY');
      const cased = [{ name: 'files/Report.pdf', content: '1' }, { name: 'files/report.PDF', content: '2' }];
      expect(await codeOf(gzipTar(wrap(cased)))).toBe('PACKAGE_DUPLICATE_ENTRY');
      const nfc = 'files/caf\u00e9.txt';
      const nfd = 'files/cafe\u0301.txt';
      const normalised = [{ name: 'files/x1', pax: { path: nfc }, content: '1' }, { name: 'files/x2', pax: { path: nfd }, content: '2' }];
      expect(await codeOf(gzipTar(wrap(normalised)))).toBe('PACKAGE_DUPLICATE_ENTRY');
    });

    it('rejects a file that is also used as a directory with PACKAGE_DUPLICATE_ENTRY', async () => {
      expect(await codeOf(gzipTar(wrap([{ name: 'files/a', content: '1' }, { name: 'files/a/b', content: '2' }])))).toBe('PACKAGE_DUPLICATE_ENTRY');
      expect(await codeOf(gzipTar(wrap([{ name: 'files/a/b', content: '1' }, { name: 'files/a', content: '2' }])))).toBe('PACKAGE_DUPLICATE_ENTRY');
    });

    it('enforces depth, entry count, total size and name length limits with PACKAGE_LIMIT_EXCEEDED', async () => {
      const deep = `files/${'d/'.repeat(40)}f`;
      expect(await codeOf(gzipTar(wrap([{ name: 'files/x', pax: { path: deep }, content: '' }])))).toBe('PACKAGE_LIMIT_EXCEEDED');
      const many = Array.from({ length: 20 }, (_, i) => ({ name: `files/${i}`, content: '' }));
      expect(await codeOf(gzipTar(wrap(many)), { maxEntries: 10 })).toBe('PACKAGE_LIMIT_EXCEEDED');
      expect(await codeOf(gzipTar(wrap([{ name: 'files/big', content: 'x'.repeat(5000) }])), { maxTotalBytes: 4096 })).toBe('PACKAGE_LIMIT_EXCEEDED');
      expect(await codeOf(gzipTar(wrap([{ name: 'files/x', pax: { path: `files/${'n'.repeat(300)}` }, content: '' }])))).toBe('PACKAGE_LIMIT_EXCEEDED');
    });

    it('enforces the decompression ratio limit with PACKAGE_LIMIT_EXCEEDED', async () => {
      const bomb = gzipTar(wrap([{ name: 'files/zeros', content: Buffer.alloc(4 * 1024 * 1024) }]));
      expect(await codeOf(bomb, { maxCompressionRatio: 50, ratioGraceBytes: 1024 * 1024 })).toBe('PACKAGE_LIMIT_EXCEEDED');
      expect(await codeOf(bomb)).toBe('OK'); // under the default grace
    });

    it('rejects data after the end of the tar archive with PACKAGE_TRAILING_DATA, zero padding is fine', async () => {
      const tar = rawTar(wrap([{ name: 'files/a', content: 'a' }]));
      expect(await codeOf(gzipSync(Buffer.concat([tar, Buffer.alloc(10240)])))).toBe('OK');
      expect(await codeOf(gzipSync(Buffer.concat([tar, Buffer.from('garbage after the end')])))).toBe('PACKAGE_TRAILING_DATA');
      const smuggled = rawTar([{ name: 'files/hidden', content: 'x' }]);
      expect(await codeOf(gzipSync(Buffer.concat([tar, smuggled])))).toBe('PACKAGE_TRAILING_DATA');
    });

    it('rejects bytes after the end of the gzip stream with PACKAGE_TRAILING_DATA', async () => {
      const data = gzipTar(wrap([]));
      expect(await codeOf(Buffer.concat([data, Buffer.from('appended')]))).toBe('PACKAGE_TRAILING_DATA');
      expect(await codeOf(Buffer.concat([data, Buffer.alloc(100)]))).toBe('PACKAGE_TRAILING_DATA');
    });

    it('requires manifest.json as the first file (PACKAGE_MANIFEST_MISSING)', async () => {
      expect(await codeOf(gzipTar([{ name: 'files/a', content: 'a' }, { name: 'manifest.json', content: MANIFEST }, { name: 'SHA256SUMS' }]))).toBe(
        'PACKAGE_MANIFEST_MISSING',
      );
    });

    it('requires SHA256SUMS (PACKAGE_TRUNCATED) as the last file (PACKAGE_ENTRY_UNEXPECTED)', async () => {
      expect(await codeOf(gzipTar([{ name: 'manifest.json', content: MANIFEST }, { name: 'files/a', content: 'a' }]))).toBe('PACKAGE_TRUNCATED');
      expect(await codeOf(gzipTar([...wrap([]), { name: 'files/late', content: 'x' }]))).toBe('PACKAGE_ENTRY_UNEXPECTED');
    });

    it('reports a tar without end marker or cut inside an entry as PACKAGE_TRUNCATED', async () => {
      const tar = rawTar(wrap([{ name: 'files/a', content: 'a'.repeat(2000) }]), { end: false });
      expect(await codeOf(gzipSync(tar))).toBe('PACKAGE_TRUNCATED');
      expect(await codeOf(gzipSync(tar.subarray(0, 1536)))).toBe('PACKAGE_TRUNCATED');
    });

    it('reports a corrupt tar header or gzip stream as PACKAGE_CORRUPT', async () => {
      const tar = rawTar(wrap([{ name: 'files/a', content: 'a' }]));
      const badHeader = Buffer.from(tar);
      badHeader[1024 + 10] = 0x41; // inside the second header's name: checksum no longer matches
      expect(await codeOf(gzipSync(badHeader))).toBe('PACKAGE_CORRUPT');
      const gz = gzipSync(tar);
      expect(await codeOf(gz.subarray(0, gz.length - 10))).toBe('PACKAGE_CORRUPT');
    });

    it('refuses global pax headers that would rename later entries', async () => {
      const entries = wrap([{ name: 'files/a', content: 'a' }]);
      const tar = Buffer.concat([rawTar([{ name: 'g', type: 'g', content: '19 path=files/evil\n' }], { end: false }), rawTar(entries)]);
      expect(await codeOf(gzipSync(tar))).toBe('PACKAGE_UNSAFE_ENTRY');
    });

    it('runs extra checks given by the caller', async () => {
      const noPdf: EntryCheck = {
        name: 'no-pdf',
        check(entry) {
          if (entry.path.endsWith('.pdf')) throw new Error('pdf');
        },
      };
      await expect(read(gzipTar(wrap([{ name: 'files/a.pdf', content: 'a' }])), { checks: [noPdf] })).rejects.toThrow('pdf');
    });
  });

  it('stops after the entry whose handler calls stop(), without reading the rest', async () => {
    const data = Buffer.concat([gzipTar(wrap([{ name: 'files/a', content: 'a' }], sumsFor([]))), Buffer.from('garbage')]);
    const seen: string[] = [];
    const summary = await readPackage(source(data), {
      onEntry(entry, control) {
        seen.push(entry.path);
        control.stop();
      },
    });
    expect(seen).toEqual(['manifest.json']);
    expect(summary.stopped).toBe(true);
  });

  it('fails with PACKAGE_ABORTED when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(read(gzipTar(wrap([])), { signal: controller.signal })).rejects.toMatchObject({ code: 'PACKAGE_ABORTED' });
  });

  it('reports input that is not gzip as PACKAGE_FORMAT_UNSUPPORTED', async () => {
    expect(await codeOf(Buffer.from('PK\u0003\u0004 a zip file'))).toBe('PACKAGE_FORMAT_UNSUPPORTED');
  });
});
