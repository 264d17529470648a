import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RestoreJournalEntry } from '@edms/domain';
import { FileRestoreJournal } from './file-restore-journal';

const ENTRY: RestoreJournalEntry = {
  restoreId: 'r-1',
  phase: 'database-committed',
  restoreType: 'FULL',
  startedAt: '2026-01-02T03:04:05.000Z',
};

describe('FileRestoreJournal', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edms-journal-'));
    path = join(dir, 'restore-journal.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads null when no restore is in flight', async () => {
    expect(await new FileRestoreJournal(path).read()).toBeNull();
  });

  it('reads back what was written, and the last write wins', async () => {
    const journal = new FileRestoreJournal(path);
    await journal.write({ ...ENTRY, phase: 'staged' });
    await journal.write(ENTRY);
    expect(await journal.read()).toEqual(ENTRY);
    expect(await new FileRestoreJournal(path).read()).toEqual(ENTRY); // another process sees it too
  });

  it('writes durably through a temporary file, leaving only the journal behind', async () => {
    await new FileRestoreJournal(path).write(ENTRY);
    expect(await readdir(dir)).toEqual(['restore-journal.json']);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(ENTRY);
  });

  it('creates a missing data directory when writing', async () => {
    const nested = join(dir, 'data', 'restore-journal.json');
    await new FileRestoreJournal(nested).write(ENTRY);
    expect(await new FileRestoreJournal(nested).read()).toEqual(ENTRY);
  });

  it('clear removes the journal and is idempotent', async () => {
    const journal = new FileRestoreJournal(path);
    await journal.write(ENTRY);
    await journal.clear();
    await journal.clear();
    expect(await journal.read()).toBeNull();
    expect(await readdir(dir)).toEqual([]);
  });

  it('clear succeeds when the directory does not exist', async () => {
    await expect(new FileRestoreJournal(join(dir, 'missing', 'restore-journal.json')).clear()).resolves.toBeUndefined();
  });

  it.each([
    ['truncated JSON', '{"restoreId":"r-1","pha'],
    ['an empty file', ''],
    ['JSON that is not an object', '[1,2]'],
    ['an unknown phase', JSON.stringify({ ...ENTRY, phase: 'half-done' })],
    ['an unknown restore type', JSON.stringify({ ...ENTRY, restoreType: 'EVERYTHING' })],
    ['a missing restoreId', JSON.stringify({ ...ENTRY, restoreId: undefined })],
    ['a startedAt that is no timestamp', JSON.stringify({ ...ENTRY, startedAt: 'yesterday' })],
  ])('refuses a corrupt journal (%s) with RESTORE_JOURNAL_CORRUPT naming the file', async (_name, content) => {
    await writeFile(path, content);
    const error = await new FileRestoreJournal(path).read().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RESTORE_JOURNAL_CORRUPT', details: { path } });
    expect((error as Error).message).toContain(path);
  });

  it('refuses to write an entry that it could not read back', async () => {
    const journal = new FileRestoreJournal(path);
    await expect(journal.write({ ...ENTRY, phase: 'nonsense' as RestoreJournalEntry['phase'] })).rejects.toMatchObject({
      code: 'RESTORE_JOURNAL_CORRUPT',
    });
    expect(await journal.read()).toBeNull();
  });
});
