import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { LocalFileStore } from './local-file-store';

async function* chunks(...parts: string[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield Buffer.from(part);
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of source) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString();
}

describe('LocalFileStore', () => {
  let root: string;
  let store: LocalFileStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'edms-store-'));
    store = new LocalFileStore(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('writes content under its key and reports size and sha256', async () => {
    const written = await store.write('documents/a/v1-x.txt', chunks('hello ', 'world'));
    expect(written).toEqual({
      key: 'documents/a/v1-x.txt',
      sizeBytes: 11,
      sha256: createHash('sha256').update('hello world').digest('hex'),
    });
    expect(await readFile(join(root, 'documents/a/v1-x.txt'), 'utf8')).toBe('hello world');
    expect(await collect(await store.openRead('documents/a/v1-x.txt'))).toBe('hello world');
  });

  it('leaves no temporary file and keeps the old content when the source fails midway', async () => {
    await store.write('k/file.txt', chunks('old'));
    async function* failing(): AsyncIterable<Uint8Array> {
      yield Buffer.from('new-partial');
      throw new Error('source broke');
    }
    await expect(store.write('k/file.txt', failing())).rejects.toThrow('source broke');
    expect(await readFile(join(root, 'k/file.txt'), 'utf8')).toBe('old');
    expect(await readdir(join(root, 'k'))).toEqual(['file.txt']);
  });

  it.each(['', '/etc/passwd', '../x', 'a/../../x', 'a//b', 'a\\b', 'C:/x', 'a/./b', 'nul\0byte'])(
    'refuses the unsafe key %j',
    async (key) => {
      await expect(store.write(key, chunks('x'))).rejects.toMatchObject({ code: 'STORAGE_KEY_INVALID' });
    },
  );

  it('lists stored files in key order, skipping its own temporary files', async () => {
    await store.write('b/2.txt', chunks('22'));
    await store.write('a/1.txt', chunks('1'));
    await writeFile(join(root, 'a', '.1.txt.tmp-abcdef'), 'partial');
    const listed = [];
    for await (const item of store.list()) listed.push(item);
    expect(listed).toEqual([
      { key: 'a/1.txt', sizeBytes: 1 },
      { key: 'b/2.txt', sizeBytes: 2 },
    ]);
  });

  it('reports a missing key as null from stat and as STORAGE_OBJECT_MISSING from openRead', async () => {
    expect(await store.stat('nope.txt')).toBeNull();
    await expect(store.openRead('nope.txt')).rejects.toMatchObject({ code: 'STORAGE_OBJECT_MISSING' });
  });

  it('lists nothing for a store directory that does not exist yet', async () => {
    const empty = new LocalFileStore(join(root, 'missing'));
    const listed = [];
    for await (const item of empty.list()) listed.push(item);
    expect(listed).toEqual([]);
  });
});
