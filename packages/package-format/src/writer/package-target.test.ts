/**
 * The writer's contract with a PackageTarget (object storage): bytes go to
 * the upload, completion is the publish step, and every failure — the
 * target's or the backup's — aborts the upload so nothing appears.
 * (The S3 implementation is tested against a real server in @edms/s3-storage.)
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { isDomainError } from '@edms/domain';
import { verifyPackage } from '../reader/verify-package';
import type { PackageSource } from '../reader/open-package';
import { Readable } from 'node:stream';
import { baseOptions, makeStore, tempDir } from '../test-support/fixtures';
import { writePackage } from './write-package';
import type { PackageTarget, PackageUpload } from './types';

/** A target that keeps uploads in memory and records what happened to them. */
class MemoryTarget implements PackageTarget {
  readonly objects = new Map<string, Buffer>();
  readonly events: string[] = [];
  failWriteAfter = Infinity;
  failComplete = false;
  failCreate = false;

  location(fileName: string): string {
    return `mem://bucket/${fileName}`;
  }

  async exists(fileName: string): Promise<boolean> {
    return this.objects.has(fileName);
  }

  async create(fileName: string, expectedBytes: number): Promise<PackageUpload> {
    this.events.push(`create ${fileName} ${expectedBytes > 0 ? 'sized' : 'unsized'}`);
    if (this.failCreate) throw new Error('create refused');
    const chunks: Buffer[] = [];
    let written = 0;
    return {
      write: async (chunk) => {
        written += chunk.length;
        if (written > this.failWriteAfter) throw new Error('connection reset');
        chunks.push(Buffer.from(chunk));
      },
      complete: async () => {
        this.events.push('complete');
        if (this.failComplete) throw new Error('complete refused');
        this.objects.set(fileName, Buffer.concat(chunks));
      },
      abort: async () => {
        this.events.push('abort');
      },
    };
  }

  source(fileName: string): PackageSource {
    const data = this.objects.get(fileName) as Buffer;
    return {
      location: this.location(fileName),
      head: async (bytes) => ({ sizeBytes: data.length, head: data.subarray(0, bytes) }),
      open: () => Readable.from([data]),
    };
  }
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('writePackage with a PackageTarget', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  const files = () => makeStore(tmp.path, { 'docs/a.bin': randomBytes(2 * 1024 * 1024), 'docs/b.txt': 'text\n'.repeat(5000) });

  it('streams the package into the upload, completes it, and reports the target location, size and sha256', async () => {
    const target = new MemoryTarget();
    const work = `${tmp.path}/work`;
    const result = await writePackage(baseOptions(work, { target, files: files() }));
    const object = target.objects.get('daily-full_20261126T020000Z_1a2b3c4d.tar.gz') as Buffer;
    expect(result.path).toBe('mem://bucket/daily-full_20261126T020000Z_1a2b3c4d.tar.gz');
    expect(result.sizeBytes).toBe(object.length);
    expect(result.sha256).toBe(createHash('sha256').update(object).digest('hex'));
    expect(target.events).toEqual(['create daily-full_20261126T020000Z_1a2b3c4d.tar.gz sized', 'complete']);
    expect(readdirSync(work)).toEqual([]); // spool files removed, no package file written locally
    const verified = await verifyPackage(target.source('daily-full_20261126T020000Z_1a2b3c4d.tar.gz'), { expectedSha256: result.sha256 });
    expect(verified.manifest.files).toEqual(result.manifest.files);
  });

  it('refuses a name that exists at the target before uploading anything', async () => {
    const target = new MemoryTarget();
    target.objects.set('daily-full_20261126T020000Z_1a2b3c4d.tar.gz', Buffer.from('older'));
    expect(await codeOf(writePackage(baseOptions(`${tmp.path}/work`, { target, files: files() })))).toBe('BACKUP_DESTINATION_UNWRITABLE');
    expect(target.events).toEqual([]);
  });

  it.each([
    ['creating the upload fails', (t: MemoryTarget) => (t.failCreate = true), ['create daily-full_20261126T020000Z_1a2b3c4d.tar.gz sized']],
    ['a write fails midway', (t: MemoryTarget) => (t.failWriteAfter = 100_000), ['create daily-full_20261126T020000Z_1a2b3c4d.tar.gz sized', 'abort']],
    ['completing fails', (t: MemoryTarget) => (t.failComplete = true), ['create daily-full_20261126T020000Z_1a2b3c4d.tar.gz sized', 'complete', 'abort']],
  ])('when %s: BACKUP_DESTINATION_UNWRITABLE, the upload aborted, nothing stored', async (_what, arrange, events) => {
    const target = new MemoryTarget();
    arrange(target);
    const work = `${tmp.path}/work`;
    expect(await codeOf(writePackage(baseOptions(work, { target, files: files() })))).toBe('BACKUP_DESTINATION_UNWRITABLE');
    expect(target.events).toEqual(events);
    expect(target.objects.size).toBe(0);
    expect(readdirSync(work)).toEqual([]);
  });

  it('aborts the upload when the backup fails for its own reasons (a file changed while archived)', async () => {
    const target = new MemoryTarget();
    const input = files();
    input[0] = { ...input[0]!, expectedSha256: '0'.repeat(64) };
    expect(await codeOf(writePackage(baseOptions(`${tmp.path}/work`, { target, files: input })))).toBe('BACKUP_SOURCE_FILE_CHANGED');
    expect(target.events).toEqual(['create daily-full_20261126T020000Z_1a2b3c4d.tar.gz sized', 'abort']);
    expect(target.objects.size).toBe(0);
  });
});
