import { createHash } from 'node:crypto';
import { bytesOf, createMemoryContext, testAdmin, testViewer } from '../test-support/in-memory';
import { addDocument, addDocumentVersion } from './add-document';
import { getDocument, openDocumentVersion } from './document-queries';
import { nextDocumentNumber, safeFileName, storageKeyFor } from './document-rules';
import { seedDefaults } from '../seed/seed-defaults';

async function contextWithAdmin() {
  const ctx = createMemoryContext();
  await seedDefaults(ctx, { adminPassword: 'correct horse battery' });
  return ctx;
}

async function read(source: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of source) parts.push(Buffer.from(c));
  return Buffer.concat(parts).toString();
}

describe('nextDocumentNumber', () => {
  it.each([
    ['SOP', null, 'SOP-0001'],
    ['SOP', 'SOP-0041', 'SOP-0042'],
    ['WI', 'WI-9999', 'WI-10000'],
  ])('after %s %s comes %s', (prefix, last, expected) => {
    expect(nextDocumentNumber(prefix, last)).toBe(expected);
  });
});

describe('safeFileName', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\x\\file name.txt', 'file_name.txt'],
    ['...hidden', 'hidden'],
    ['', 'file'],
  ])('turns %j into %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('keys are unique per document and version', () => {
    expect(storageKeyFor('d1', 1, 'a.txt')).not.toBe(storageKeyFor('d1', 2, 'a.txt'));
  });
});

describe('addDocument', () => {
  it('stores the bytes, records size and sha256, and audits the creation', async () => {
    const ctx = await contextWithAdmin();
    const { document, version } = await addDocument(ctx, testAdmin, { title: 'Cleaning', fileName: 'c.txt', content: bytesOf('hello') });
    expect(document.number).toBe('SOP-0001');
    expect(version).toMatchObject({ version: 1, sizeBytes: 5, sha256: createHash('sha256').update('hello').digest('hex'), mimeType: 'text/plain' });
    expect(ctx.fileStore.objects.get(version.storageKey)?.toString()).toBe('hello');
    expect(ctx.state().audit.at(-1)).toMatchObject({ action: 'document.create', targetId: document.id });
  });

  it('allocates consecutive numbers per prefix', async () => {
    const ctx = await contextWithAdmin();
    const a = await addDocument(ctx, testAdmin, { title: 'A', fileName: 'a.txt', content: bytesOf('a') });
    const b = await addDocument(ctx, testAdmin, { title: 'B', fileName: 'b.txt', content: bytesOf('b') });
    const w = await addDocument(ctx, testAdmin, { title: 'W', prefix: 'WI', fileName: 'w.txt', content: bytesOf('w') });
    expect([a.document.number, b.document.number, w.document.number]).toEqual(['SOP-0001', 'SOP-0002', 'WI-0001']);
  });

  it('removes the stored bytes again when the number already exists', async () => {
    const ctx = await contextWithAdmin();
    await addDocument(ctx, testAdmin, { number: 'SOP-0007', title: 'A', fileName: 'a.txt', content: bytesOf('a') });
    await expect(
      addDocument(ctx, testAdmin, { number: 'SOP-0007', title: 'B', fileName: 'b.txt', content: bytesOf('b') }),
    ).rejects.toMatchObject({ code: 'DOCUMENT_EXISTS' });
    expect(ctx.fileStore.objects.size).toBe(1);
    expect(ctx.state().documents.size).toBe(1);
  });

  it.each([
    [{ title: '' }, 'DOCUMENT_INVALID'],
    [{ number: 'sop-1' }, 'DOCUMENT_INVALID'],
    [{ status: 'PUBLISHED' }, 'DOCUMENT_INVALID'],
    [{ ownerUsername: 'ghost' }, 'USER_NOT_FOUND'],
  ])('refuses %j with %s and leaves no file behind', async (override, code) => {
    const ctx = await contextWithAdmin();
    await expect(
      addDocument(ctx, testAdmin, { title: 'T', fileName: 'a.txt', content: bytesOf('a'), ...override }),
    ).rejects.toMatchObject({ code });
    expect(ctx.fileStore.objects.size).toBe(0);
  });

  it('refuses a viewer', async () => {
    const ctx = await contextWithAdmin();
    await expect(addDocument(ctx, testViewer, { title: 'T', fileName: 'a.txt', content: bytesOf('a') })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('addDocumentVersion', () => {
  it('adds version 2 and serves the newest version by default', async () => {
    const ctx = await contextWithAdmin();
    await addDocument(ctx, testAdmin, { title: 'T', fileName: 'a.txt', content: bytesOf('one') });
    const { version } = await addDocumentVersion(ctx, testAdmin, { document: 'SOP-0001', fileName: 'a.txt', content: bytesOf('two'), status: 'APPROVED' });
    expect(version.version).toBe(2);
    const details = await getDocument(ctx, testViewer, 'sop-0001');
    expect(details.document.status).toBe('APPROVED');
    expect(details.owner).toEqual({ id: details.document.ownerId, username: 'admin', displayName: expect.any(String) });
    expect(details.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(await read((await openDocumentVersion(ctx, testViewer, 'SOP-0001')).content)).toBe('two');
    expect(await read((await openDocumentVersion(ctx, testViewer, 'SOP-0001', 1)).content)).toBe('one');
  });

  it('reports unknown documents, versions and missing files with their own codes', async () => {
    const ctx = await contextWithAdmin();
    await expect(getDocument(ctx, testViewer, 'SOP-9999')).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
    const { version } = await addDocument(ctx, testAdmin, { title: 'T', fileName: 'a.txt', content: bytesOf('x') });
    await expect(openDocumentVersion(ctx, testViewer, 'SOP-0001', 3)).rejects.toMatchObject({ code: 'DOCUMENT_VERSION_NOT_FOUND' });
    ctx.fileStore.objects.delete(version.storageKey);
    await expect(openDocumentVersion(ctx, testViewer, 'SOP-0001')).rejects.toMatchObject({ code: 'DOCUMENT_FILE_MISSING' });
  });
});
