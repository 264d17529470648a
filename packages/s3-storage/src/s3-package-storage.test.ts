/**
 * S3PackageStorage against a real S3-protocol server (s3rver in a child
 * process): multipart uploads, aborts, listing, ranged and conditional reads,
 * failures with their codes, and whole packages written and verified through
 * the package format's writer and reader.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, connect, type Server } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { isDomainError } from '@edms/domain';
import { readManifest, verifyPackage, writePackage, type WritePackageOptions } from '@edms/package-format';
import { createS3Client } from './s3-client';
import { choosePartSize, S3PackageStorage, S3PackageUpload } from './s3-package-storage';
import { startS3TestServer, type S3TestServer } from './test-server';

const MIB = 1024 * 1024;
const BUCKET = 'edms-test';

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

async function collect(iterable: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of iterable) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
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

/** The manifest fields the writer needs from its caller, for a FILES package. */
function filesManifest(): WritePackageOptions['manifest'] {
  return {
    packageId: randomUUID(),
    createdAt: '2026-11-26T02:00:00.000Z',
    backupType: 'FILES',
    source: { instanceId: 'instance-1', hostname: 'edms-test', appVersion: '0.1.0', databaseProvider: 'sqlite' },
    schemaVersion: '20261126044059_init',
    configuration: { name: 'daily' },
  };
}

async function listAll(storage: S3PackageStorage, directory: string) {
  const found = [];
  for await (const file of storage.list(directory)) found.push(file);
  return found;
}

describe('choosePartSize', () => {
  it.each([
    [0, 8 * MIB],
    [8 * MIB * 9000, 9 * MIB], // 10 % headroom pushes it past 8 MiB
    [Math.floor((8 * MIB * 9000) / 1.1), 8 * MIB],
    [1024 ** 4, 129 * MIB], // 1 TiB: ~9,000 parts of 129 MiB
  ])('%d bytes → %d', (bytes, expected) => {
    expect(choosePartSize(bytes)).toBe(expected);
  });

  it('never goes below S3’s 5 MiB minimum, and keeps 1 TiB under 10,000 parts', () => {
    expect(choosePartSize(100, 1)).toBe(5 * MIB);
    expect(Math.ceil((1024 ** 4 * 1.1) / choosePartSize(1024 ** 4))).toBeLessThan(10_000);
  });
});

describe('S3PackageStorage on a real S3-protocol server', () => {
  let root: string;
  let server: S3TestServer;
  let client: S3Client;
  let storage: S3PackageStorage;
  let sentCommands: string[];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'edms-s3-'));
    server = await startS3TestServer({ directory: join(root, 's3'), buckets: [BUCKET] });
    client = createS3Client(server.settings);
    sentCommands = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        sentCommands.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'countCommands' },
    );
    storage = new S3PackageStorage({ client, minPartSize: 5 * MIB, queueSize: 2 });
  }, 60_000);

  afterAll(async () => {
    client?.destroy();
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const dir = () => `s3://${BUCKET}/${randomUUID().slice(0, 8)}`;

  async function put(location: string, body: Buffer | string): Promise<void> {
    const { bucket, key } = storage.objectOf(location);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  }

  it('streams a package into a multipart upload and reads it back whole, in ranges and as a stream', async () => {
    const directory = dir();
    const target = storage.target(directory);
    const data = randomBytes(17 * MIB + 123);
    sentCommands.length = 0;
    const upload = (await target.create('a_full_x.tar.gz', data.length)) as S3PackageUpload;
    // Write in odd-sized chunks and reuse the buffer afterwards, as the writer does.
    const scratch = Buffer.alloc(300_000);
    for (let offset = 0; offset < data.length; offset += scratch.length) {
      const n = data.copy(scratch, 0, offset, offset + scratch.length);
      await upload.write(scratch.subarray(0, n));
      scratch.fill(0xee);
    }
    expect(await storage.stat(target.location('a_full_x.tar.gz'))).toBeNull(); // not visible before completion
    await upload.complete();
    expect(upload.parts).toBe(4); // 5+5+5+2 MiB
    expect(upload.partBuffers).toBeLessThanOrEqual(3); // queueSize 2 in flight + 1 filling, reused
    expect(sentCommands.filter((c) => c === 'UploadPartCommand')).toHaveLength(4);
    expect(sentCommands).toContain('CompleteMultipartUploadCommand');

    const location = `${directory}/a_full_x.tar.gz`;
    expect(target.location('a_full_x.tar.gz')).toBe(location);
    expect(await target.exists('a_full_x.tar.gz')).toBe(true);
    expect(await storage.stat(location)).toEqual({ path: location, sizeBytes: data.length });
    expect(await storage.sha256(location)).toBe(sha256(data));
    expect((await collect(storage.read(location))).equals(data)).toBe(true);

    const source = storage.source(location);
    const head = await source.head(16);
    expect(head).toEqual({ sizeBytes: data.length, head: data.subarray(0, 16) });
    expect((await collect(source.open({ highWaterMark: 64 * 1024 }))).equals(data)).toBe(true);
  }, 120_000);

  it('uses a single PUT for a package smaller than one part, and reads an empty object', async () => {
    const directory = dir();
    sentCommands.length = 0;
    const upload = await storage.target(directory).create('small.tar.gz', 10);
    await upload.write(Buffer.from('0123456789'));
    await upload.complete();
    expect(sentCommands).toContain('PutObjectCommand');
    expect(sentCommands).not.toContain('UploadPartCommand');
    expect((await collect(storage.read(`${directory}/small.tar.gz`))).toString()).toBe('0123456789');

    await put(`${directory}/empty.tar.gz`, Buffer.alloc(0));
    expect(await storage.source(`${directory}/empty.tar.gz`).head(16)).toEqual({ sizeBytes: 0, head: Buffer.alloc(0) });
  });

  it('an aborted upload leaves no object, and a second abort or an abort after a failure is harmless', async () => {
    const directory = dir();
    const upload = await storage.target(directory).create('aborted.tar.gz', 12 * MIB);
    await upload.write(randomBytes(11 * MIB)); // at least two parts in flight
    await upload.abort();
    await upload.abort();
    expect(await codeOf(upload.write(Buffer.from('more')))).toBe('BACKUP_DESTINATION_UNWRITABLE');
    expect(await codeOf(upload.complete())).toBe('BACKUP_DESTINATION_UNWRITABLE');
    expect(await storage.stat(`${directory}/aborted.tar.gz`)).toBeNull();
    expect(await listAll(storage, directory)).toEqual([]);
  });

  it('an object the store reports with another size than was sent is refused and removed by the abort', async () => {
    const directory = dir();
    let tamper = false;
    const tampering = createS3Client(server.settings);
    tampering.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (tamper && context.commandName === 'HeadObjectCommand') (result.output as { ContentLength?: number }).ContentLength = 1;
        return result;
      },
      { step: 'initialize', name: 'tamperHead' },
    );
    try {
      const upload = await new S3PackageStorage({ client: tampering }).target(directory).create('short.tar.gz', 100);
      await upload.write(Buffer.from('x'.repeat(100)));
      tamper = true;
      expect(await codeOf(upload.complete())).toBe('BACKUP_DESTINATION_UNWRITABLE');
      tamper = false;
      expect(await storage.stat(`${directory}/short.tar.gz`)).not.toBeNull(); // the store has it …
      await upload.abort();
      expect(await storage.stat(`${directory}/short.tar.gz`)).toBeNull(); // … until the writer aborts
    } finally {
      tampering.destroy();
    }
  });

  it('lists only packages directly under the prefix, in key order, across pages', async () => {
    const directory = dir();
    for (const name of ['c.tar.gz', 'a.tar.gz.enc', 'b.tar.gz', 'e.tar.gz', 'd.tar.gz', '.partial.tar.gz', 'notes.txt', 'nested/f.tar.gz']) {
      await put(`${directory}/${name}`, name);
    }
    await put(`${directory}-sibling/g.tar.gz`, 'g');
    const paged = new S3PackageStorage({ client, listPageSize: 2 });
    const found = await listAll(paged, directory);
    expect(found.map((f) => f.path.slice(directory.length + 1))).toEqual(['a.tar.gz.enc', 'b.tar.gz', 'c.tar.gz', 'd.tar.gz', 'e.tar.gz']);
    expect(found[0]).toEqual({ path: `${directory}/a.tar.gz.enc`, sizeBytes: 'a.tar.gz.enc'.length });
    expect(sentCommands.filter((c) => c === 'ListObjectsV2Command').length).toBeGreaterThanOrEqual(3);
    expect(await listAll(storage, `${dir()}/nothing-here`)).toEqual([]);
  });

  it('removes packages; removing a missing one succeeds; stat of a missing one is null', async () => {
    const location = `${dir()}/gone.tar.gz`;
    await put(location, 'x');
    await storage.remove(location);
    expect(await storage.stat(location)).toBeNull();
    await expect(storage.remove(location)).resolves.toBeUndefined();
  });

  it('refuses to read a package that is missing, or that is replaced while it is read', async () => {
    const location = `${dir()}/changing.tar.gz`;
    expect(await codeOf(storage.source(location).head(16))).toBe('PACKAGE_READ_FAILED');

    await put(location, randomBytes(1024));
    const source = storage.source(location);
    await source.head(16);
    await put(location, randomBytes(1024)); // another object under the same key
    try {
      await collect(source.open({ highWaterMark: 1024 }));
      throw new Error('expected PACKAGE_READ_FAILED');
    } catch (error) {
      expect(isDomainError(error) && error.code).toBe('PACKAGE_READ_FAILED');
      expect(isDomainError(error) && error.details?.reason).toBe('object changed');
    }
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: storage.objectOf(location).key }));
  });

  it('gives coded errors for bad locations, a missing bucket and wrong credentials', async () => {
    expect(() => storage.objectOf(`s3://${BUCKET}`)).toThrow(expect.objectContaining({ code: 'STORAGE_LOCATION_INVALID' }));
    expect(await codeOf(storage.stat('s3://X/y.tar.gz'))).toBe('STORAGE_LOCATION_INVALID');
    expect(() => storage.resolveDirectory('/var/backups')).toThrow(expect.objectContaining({ code: 'STORAGE_LOCATION_INVALID' }));
    expect(await codeOf(listAll(storage, 's3://no-such-bucket/x'))).toBe('STORAGE_UNAVAILABLE');
    expect(await codeOf(storage.target('s3://no-such-bucket/x').create('p.tar.gz', 1).then(async (u) => {
      await u.write(Buffer.from('x'));
      await u.complete();
    }))).toBe('BACKUP_DESTINATION_UNWRITABLE');

    const intruder = createS3Client({ ...server.settings, accessKeyId: 'NOT-A-KEY', secretAccessKey: 'wrong-secret' });
    try {
      const wrong = new S3PackageStorage({ client: intruder });
      expect(await codeOf(listAll(wrong, `s3://${BUCKET}/x`))).toBe('STORAGE_UNAVAILABLE');
      expect(await codeOf(wrong.stat(`s3://${BUCKET}/x/p.tar.gz`).then((found) => {
        if (found === null) throw Object.assign(new Error('a refused HEAD must not read as "missing"'), {});
      }))).toBe('STORAGE_UNAVAILABLE');
    } finally {
      intruder.destroy();
    }
  });

  it('a package written by the package writer to S3 verifies, and its manifest reads, through the S3 source (plain and encrypted)', async () => {
    const store = join(root, `store-${randomUUID().slice(0, 8)}`);
    mkdirSync(join(store, 'docs'), { recursive: true });
    const files = [
      { key: 'docs/scan.bin', data: randomBytes(12 * MIB) },
      { key: 'docs/sop.txt', data: Buffer.from('Cleaning SOP, version 2.\n'.repeat(20_000)) },
    ].map(({ key, data }) => {
      const absolutePath = join(store, key);
      writeFileSync(absolutePath, data);
      return { storageKey: key, absolutePath, expectedSha256: sha256(data), expectedSize: data.length };
    });
    const directory = dir();
    for (const passphrase of [undefined, 'correct horse battery staple']) {
      const options: WritePackageOptions = {
        destinationDir: join(root, 'work'),
        target: storage.target(directory),
        fileName: passphrase ? 'daily_full_enc.tar.gz' : 'daily_full.tar.gz',
        manifest: filesManifest(),
        tables: [],
        files,
        workers: 2,
        ...(passphrase ? { encryption: { passphrase } } : {}),
      };
      const written = await writePackage(options);
      expect(written.path).toBe(`${directory}/${passphrase ? 'daily_full_enc.tar.gz.enc' : 'daily_full.tar.gz'}`);
      expect(await storage.stat(written.path)).toEqual({ path: written.path, sizeBytes: written.sizeBytes });
      expect(await storage.sha256(written.path)).toBe(written.sha256);

      const verified = await verifyPackage(storage.source(written.path), { passphrase, expectedSha256: written.sha256 });
      expect(verified.manifest.packageId).toBe(options.manifest.packageId);
      expect((await readManifest(storage.source(written.path), { passphrase })).manifest.files).toEqual({ count: 2, bytes: 12 * MIB + 25 * 20_000 });
      // A second package under the same name is refused before anything is uploaded.
      expect(await codeOf(writePackage({ ...options, manifest: { ...options.manifest, packageId: randomUUID() } }))).toBe('BACKUP_DESTINATION_UNWRITABLE');
    }
    // Only the two packages are in the bucket, and the working directory holds no spool files.
    expect((await listAll(storage, directory)).map((f) => f.path.slice(directory.length + 1))).toEqual(['daily_full.tar.gz', 'daily_full_enc.tar.gz.enc']);
    expect(require('node:fs').readdirSync(join(root, 'work'))).toEqual([]);
  }, 120_000);

  it('a backup whose files fail the checks uploads nothing', async () => {
    const directory = dir();
    const missing = { storageKey: 'docs/missing.pdf', absolutePath: join(root, 'no-such-file.pdf'), expectedSize: 3 };
    const code = await codeOf(
      writePackage({
        destinationDir: join(root, 'work'),
        target: storage.target(directory),
        fileName: 'broken.tar.gz',
        manifest: filesManifest(),
        tables: [],
        files: [missing],
        workers: 1,
      }),
    );
    expect(code).toBe('BACKUP_SOURCE_FILE_MISSING');
    expect(await listAll(storage, directory)).toEqual([]);
  });
});

describe('S3 uploads when the server goes away', () => {
  it('a write or completion after the server died fails with BACKUP_DESTINATION_UNWRITABLE and leaves no object', async () => {
    const root = mkdtempSync(join(tmpdir(), 'edms-s3-dead-'));
    let server = await startS3TestServer({ directory: join(root, 's3'), buckets: [BUCKET] });
    const client = createS3Client({ ...server.settings });
    const storage = new S3PackageStorage({ client, minPartSize: 5 * MIB, queueSize: 1 });
    try {
      const upload = await storage.target(`s3://${BUCKET}/dead`).create('p.tar.gz', 30 * MIB);
      await upload.write(randomBytes(6 * MIB));
      await server.stop();
      let code: string | undefined;
      try {
        for (let i = 0; i < 10; i++) await upload.write(randomBytes(MIB));
        await upload.complete();
      } catch (error) {
        code = isDomainError(error) ? error.code : String(error);
      }
      expect(code).toBe('BACKUP_DESTINATION_UNWRITABLE');
      await upload.abort();
      server = await startS3TestServer({ directory: join(root, 's3'), buckets: [BUCKET], port: server.port });
      expect(await storage.stat(`s3://${BUCKET}/dead/p.tar.gz`)).toBeNull();
    } finally {
      client.destroy();
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});

/**
 * A TCP proxy in front of the S3 server that breaks connections: once a
 * connection has carried more than `cutAfterBytes` of responses, it is
 * destroyed mid-body, `cuts` times in all.
 */
async function cuttingProxy(upstreamPort: number, cutAfterBytes: number, cuts: number): Promise<{ port: number; cutsMade: () => number; close: () => Promise<void> }> {
  let made = 0;
  const server: Server = createServer((client) => {
    const upstream = connect(upstreamPort, '127.0.0.1');
    let carried = 0;
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      carried += chunk.length;
      if (made < cuts && carried > cutAfterBytes) {
        made++;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    upstream.on('end', () => client.end());
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    cutsMade: () => made,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('S3 reads whose connection breaks mid-body', () => {
  let root: string;
  let server: S3TestServer;
  let client: S3Client;
  const location = `s3://${BUCKET}/flaky/p.tar.gz`;
  const data = randomBytes(12 * MIB);

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'edms-s3-flaky-'));
    server = await startS3TestServer({ directory: join(root, 's3'), buckets: [BUCKET] });
    client = createS3Client(server.settings);
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'flaky/p.tar.gz', Body: data }));
  }, 60_000);

  afterAll(async () => {
    client?.destroy();
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('resumes from the next byte, pinned to the same object, and delivers the object whole', async () => {
    const proxy = await cuttingProxy(server.port, 2 * MIB, 3);
    const flakyClient = createS3Client({ ...server.settings, endpoint: `http://127.0.0.1:${proxy.port}` });
    try {
      const storage = new S3PackageStorage({ client: flakyClient });
      const source = storage.source(location);
      expect((await source.head(16)).sizeBytes).toBe(data.length);
      const read = await collect(source.open({ highWaterMark: 256 * 1024 }));
      expect(proxy.cutsMade()).toBe(3);
      expect(read.length).toBe(data.length);
      expect(sha256(read)).toBe(sha256(data));
    } finally {
      flakyClient.destroy();
      await proxy.close();
    }
  }, 60_000);

  it('gives up with PACKAGE_READ_FAILED when the connection keeps breaking', async () => {
    const proxy = await cuttingProxy(server.port, 1 * MIB, 100);
    const flakyClient = createS3Client({ ...server.settings, endpoint: `http://127.0.0.1:${proxy.port}` });
    try {
      const storage = new S3PackageStorage({ client: flakyClient });
      expect(await codeOf(collect(storage.read(location)))).toBe('PACKAGE_READ_FAILED');
      expect(proxy.cutsMade()).toBe(6); // the first read and five resumes
    } finally {
      flakyClient.destroy();
      await proxy.close();
    }
  }, 60_000);
});
