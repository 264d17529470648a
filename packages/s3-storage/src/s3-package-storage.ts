/**
 * Package storage on S3-compatible object storage (AWS SDK v3), for
 * configurations whose storagePath is `s3://bucket[/prefix]`.
 *
 * - Writing streams the package into a multipart upload (CreateMultipartUpload,
 *   UploadPart, CompleteMultipartUpload): memory holds at most `queueSize + 1`
 *   part buffers, reused, whatever the package size; the object appears only
 *   when the upload completes, so a failed or aborted backup leaves nothing
 *   under the package's name (the parts are aborted).
 * - Reading streams GetObject bodies; reads after the first pin the object's
 *   ETag (If-Match), so a package replaced while it is read fails instead of
 *   mixing two objects; a connection that breaks mid-body is resumed with a
 *   ranged GET from the next byte.
 * - Failures are DomainErrors: STORAGE_UNAVAILABLE (stat, list, remove),
 *   PACKAGE_READ_FAILED (reading a package), BACKUP_DESTINATION_UNWRITABLE
 *   (writing one).
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  DomainError,
  formatObjectStorageLocation,
  isDomainError,
  parseObjectStorageLocation,
  StorageLocationError,
  type ObjectStorageLocation,
  type PackageStorage,
  type StoredPackageFile,
} from '@edms/domain';
import type { PackageSource, PackageTarget, PackageUpload } from '@edms/package-format';

const PACKAGE_NAME = /\.tar\.gz(\.enc)?$/;
const MIB = 1024 * 1024;
/** S3 allows 10,000 parts; aim below it so that a package larger than its estimate still fits. */
const TARGET_PARTS = 9000;
const MIN_PART_SIZE = 5 * MIB;
/** Times one read continues after its connection broke mid-body. */
const MAX_RESUMES = 5;

export interface S3PackageStorageOptions {
  client: S3Client;
  /** Smallest part of a multipart upload (default 8 MiB; S3's minimum is 5 MiB). */
  minPartSize?: number;
  /** Parts uploaded at the same time (default 4; 2 when parts are larger than 64 MiB). */
  queueSize?: number;
  /** Keys per ListObjectsV2 page (default 1000, S3's maximum). */
  listPageSize?: number;
}

export interface S3Object {
  bucket: string;
  key: string;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { Code?: string }).Code ?? error.name;
    return code && code !== 'Error' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  return name === 'NotFound' || name === 'NoSuchKey' || httpStatus(error) === 404;
}

function errorDetails(error: unknown, location: string): Record<string, unknown> {
  const name = (error as { Code?: string; name?: string })?.Code ?? (error as { name?: string })?.name;
  return { location, ...(name ? { s3Error: name } : {}), ...(httpStatus(error) ? { httpStatus: httpStatus(error) } : {}) };
}

function storageError(error: unknown, action: string, location: string): DomainError {
  if (isDomainError(error)) return error;
  return new DomainError('STORAGE_UNAVAILABLE', `Object storage: cannot ${action} ${location}: ${describe(error)}`, {
    details: errorDetails(error, location),
    cause: error,
  });
}

function readError(error: unknown, location: string): DomainError {
  if (isDomainError(error)) return error;
  const changed = httpStatus(error) === 412;
  return new DomainError(
    'PACKAGE_READ_FAILED',
    changed ? `Cannot read package ${location}: the object changed while it was being read` : `Cannot read package ${location}: ${describe(error)}`,
    { details: { ...errorDetails(error, location), ...(changed ? { reason: 'object changed' } : {}) }, cause: error },
  );
}

function writeError(error: unknown, location: string): DomainError {
  if (isDomainError(error)) return error;
  return new DomainError('BACKUP_DESTINATION_UNWRITABLE', `Cannot write to the backup destination ${location}: ${describe(error)}`, {
    details: errorDetails(error, location),
    cause: error,
  });
}

/** Part size for an upload of about `expectedBytes`: at least `minimum`, a whole number of MiB, at most ~9,000 parts. */
export function choosePartSize(expectedBytes: number, minimum = 8 * MIB): number {
  const floor = Math.max(MIN_PART_SIZE, minimum);
  // Compressed output is rarely larger than its input; allow 10 % for stored blocks and encryption.
  const needed = Math.ceil((Math.max(0, expectedBytes) * 1.1) / TARGET_PARTS);
  return Math.max(floor, Math.ceil(needed / MIB) * MIB);
}

export class S3PackageStorage implements PackageStorage {
  private readonly client: S3Client;
  private readonly minPartSize: number;
  private readonly queueSize: number | undefined;
  private readonly listPageSize: number;

  constructor(options: S3PackageStorageOptions) {
    this.client = options.client;
    this.minPartSize = options.minPartSize ?? 8 * MIB;
    this.queueSize = options.queueSize;
    this.listPageSize = options.listPageSize ?? 1000;
  }

  /** Bucket and key of an `s3://bucket/key` location; throws STORAGE_LOCATION_INVALID otherwise. */
  objectOf(location: string): S3Object {
    const { bucket, prefix } = this.parse(location);
    if (prefix === '') throw new DomainError('STORAGE_LOCATION_INVALID', `${location} names a bucket, not an object`, { details: { location } });
    return { bucket, key: prefix };
  }

  resolveDirectory(storagePath: string): string {
    return formatObjectStorageLocation(this.parse(storagePath));
  }

  knownDirectories(storagePaths: string[]): string[] {
    return [...new Set(storagePaths.map((p) => this.resolveDirectory(p)))].sort();
  }

  async stat(path: string): Promise<StoredPackageFile | null> {
    const { bucket, key } = this.objectOf(path);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { path, sizeBytes: head.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw storageError(error, 'look up', path);
    }
  }

  async sha256(path: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of this.read(path)) hash.update(chunk);
    return hash.digest('hex');
  }

  read(path: string): AsyncIterable<Uint8Array> {
    return this.chunks(this.objectOf(path), path);
  }

  async remove(path: string): Promise<void> {
    const { bucket, key } = this.objectOf(path);
    try {
      // Deleting a key that does not exist succeeds, like `rm -f`.
      await this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      if (isNotFound(error)) return;
      throw storageError(error, 'remove', path);
    }
  }

  /** Packages (`*.tar.gz`, `*.tar.gz.enc`) directly under the prefix, in key order; names starting with a dot are skipped. */
  async *list(directory: string): AsyncIterable<StoredPackageFile> {
    const location = this.parse(directory);
    const keyPrefix = location.prefix ? `${location.prefix}/` : '';
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: location.bucket,
            Prefix: keyPrefix,
            Delimiter: '/',
            MaxKeys: this.listPageSize,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
      } catch (error) {
        throw storageError(error, 'list', directory);
      }
      for (const object of page.Contents ?? []) {
        const key = object.Key ?? '';
        const name = key.slice(keyPrefix.length);
        if (!key.startsWith(keyPrefix) || name.includes('/') || name.startsWith('.') || !PACKAGE_NAME.test(name)) continue;
        yield { path: formatObjectStorageLocation({ bucket: location.bucket, prefix: key }), sizeBytes: object.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** The package at `path` for the package reader. */
  source(path: string): PackageSource {
    const object = this.objectOf(path);
    let etag: string | undefined;
    return {
      location: path,
      head: async (bytes) => {
        let size: number;
        try {
          const head = await this.client.send(new HeadObjectCommand({ Bucket: object.bucket, Key: object.key }));
          etag = head.ETag;
          size = head.ContentLength ?? 0;
        } catch (error) {
          if (isNotFound(error)) {
            throw new DomainError('PACKAGE_READ_FAILED', `Cannot read package ${path}: no such object`, { details: { location: path, reason: 'not found' } });
          }
          throw readError(error, path);
        }
        if (size === 0 || bytes <= 0) return { sizeBytes: size, head: Buffer.alloc(0) };
        const parts: Buffer[] = [];
        for await (const chunk of this.chunks(object, path, etag, 0, Math.min(bytes, size) - 1)) parts.push(Buffer.from(chunk));
        return { sizeBytes: size, head: Buffer.concat(parts) };
      },
      open: ({ highWaterMark }) => Readable.from(this.chunks(object, path, etag), { objectMode: false, highWaterMark }),
    };
  }

  /** Where a configuration's packages are written (`directory` is `s3://bucket[/prefix]`). */
  target(directory: string): PackageTarget {
    const location = this.parse(directory);
    return {
      location: (fileName) => formatObjectStorageLocation(location, fileName),
      exists: async (fileName) => (await this.stat(formatObjectStorageLocation(location, fileName))) !== null,
      create: async (fileName, expectedBytes) => {
        const partSize = choosePartSize(expectedBytes, this.minPartSize);
        return new S3PackageUpload(this.client, {
          bucket: location.bucket,
          key: location.prefix ? `${location.prefix}/${fileName}` : fileName,
          location: formatObjectStorageLocation(location, fileName),
          partSize,
          queueSize: this.queueSize ?? (partSize > 64 * MIB ? 2 : 4),
          contentType: fileName.endsWith('.enc') ? 'application/octet-stream' : 'application/gzip',
        });
      },
    };
  }

  private parse(location: string): ObjectStorageLocation {
    try {
      return parseObjectStorageLocation(location);
    } catch (error) {
      if (!(error instanceof StorageLocationError)) throw error;
      throw new DomainError('STORAGE_LOCATION_INVALID', `${location}: ${error.message}`, { details: { location } });
    }
  }

  /**
   * The object's bytes (from `first` to `last`, inclusive, when given). A
   * connection that breaks in the middle of the body is picked up where it
   * stopped — a ranged GET from the next byte, pinned to the same object by its
   * ETag — up to MAX_RESUMES times per read, so a long restore survives a
   * flaky network instead of starting over.
   */
  private async *chunks(object: S3Object, location: string, ifMatch?: string, first = 0, last?: number): AsyncGenerator<Uint8Array> {
    let offset = first;
    let pin = ifMatch;
    let resumes = 0;
    for (;;) {
      let body: AsyncIterable<Uint8Array>;
      let length: number | undefined;
      const ranged = offset > 0 || last !== undefined;
      try {
        const response = await this.client.send(
          new GetObjectCommand({
            Bucket: object.bucket,
            Key: object.key,
            ...(pin ? { IfMatch: pin } : {}),
            ...(ranged ? { Range: `bytes=${offset}-${last ?? ''}` } : {}),
          }),
        );
        body = response.Body as AsyncIterable<Uint8Array>;
        length = response.ContentLength;
        // Stores that ignore If-Match still return the object's ETag: compare it here too.
        if (pin && response.ETag && response.ETag !== pin) {
          (body as unknown as { destroy?: () => void }).destroy?.();
          throw Object.assign(new Error('precondition failed'), { $metadata: { httpStatusCode: 412 } });
        }
        pin ??= response.ETag;
      } catch (error) {
        throw readError(error, location);
      }
      try {
        let received = 0;
        for await (const chunk of body) {
          offset += chunk.length;
          received += chunk.length;
          yield chunk;
        }
        if (length !== undefined && received < length) throw new Error(`the body ended after ${received} of ${length} bytes`);
        return;
      } catch (error) {
        if (resumes >= MAX_RESUMES || !pin) throw readError(error, location);
        resumes++;
      }
    }
  }
}

interface UploadTarget {
  bucket: string;
  key: string;
  location: string;
  partSize: number;
  queueSize: number;
  contentType: string;
}

/**
 * One package streaming into a multipart upload; see PackageUpload.
 *
 * The bytes are copied once, into part-sized buffers from a small pool that
 * are reused as their parts finish uploading: memory is at most
 * `(queueSize + 1) × partSize` whatever the package size, and a write only
 * waits when all of them are in flight (backpressure on the writer). A package
 * smaller than one part is sent with a single PutObject. Any failure aborts
 * the multipart upload, so no parts are left behind and nothing appears under
 * the package's name.
 */
export class S3PackageUpload implements PackageUpload {
  private readonly pool: Buffer[] = [];
  private current: Buffer | undefined;
  private filled = 0;
  private uploadId: string | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly done: CompletedPart[] = [];
  private nextPart = 1;
  private buffers = 0;
  private failure: DomainError | undefined;
  private written = 0;
  /** The store accepted the upload (the object exists), whether or not it passed the size check. */
  private uploaded = false;
  private completed = false;
  private closed = false;

  constructor(
    private readonly client: S3Client,
    private readonly target: UploadTarget,
  ) {}

  /** Parts sent so far (for tests and progress). */
  get parts(): number {
    return this.nextPart - 1;
  }

  /** Part buffers allocated so far (at most queueSize + 1). */
  get partBuffers(): number {
    return this.buffers;
  }

  async write(chunk: Buffer): Promise<void> {
    this.assertOpen();
    let offset = 0;
    while (offset < chunk.length) {
      const part = this.current ?? (this.current = await this.takeBuffer());
      const n = chunk.copy(part, this.filled, offset);
      this.filled += n;
      offset += n;
      this.written += n;
      if (this.filled === part.length) await this.sendCurrent();
    }
  }

  async complete(): Promise<void> {
    this.assertOpen();
    this.closed = true;
    try {
      if (this.uploadId === undefined) {
        // Smaller than one part: a single PUT.
        const body = this.current ? this.current.subarray(0, this.filled) : Buffer.alloc(0);
        await this.client.send(
          new PutObjectCommand({ Bucket: this.target.bucket, Key: this.target.key, Body: body, ContentLength: body.length, ContentType: this.target.contentType }),
        );
      } else {
        if (this.filled > 0) await this.sendCurrent();
        await this.settle();
        if (this.failure) throw this.failure;
        await this.client.send(
          new CompleteMultipartUploadCommand({
            Bucket: this.target.bucket,
            Key: this.target.key,
            UploadId: this.uploadId,
            MultipartUpload: { Parts: [...this.done].sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0)) },
          }),
        );
      }
    } catch (error) {
      this.failure ??= writeError(error, this.target.location);
      throw this.failure;
    }
    this.uploaded = true;
    this.release();
    // The store must hold exactly the bytes sent.
    let stored: number | undefined;
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.target.bucket, Key: this.target.key }));
      stored = head.ContentLength;
    } catch (error) {
      throw writeError(error, this.target.location);
    }
    if (stored !== this.written) {
      throw new DomainError('BACKUP_DESTINATION_UNWRITABLE', `${this.target.location} holds ${String(stored)} bytes after the upload, ${this.written} were sent`, {
        details: { location: this.target.location, stored, sent: this.written },
      });
    }
    this.completed = true;
  }

  async abort(): Promise<void> {
    if (this.completed) return;
    this.closed = true;
    this.failure ??= writeError(new Error('the upload was aborted'), this.target.location);
    await this.settle();
    if (this.uploadId !== undefined && !this.uploaded) {
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: this.target.bucket, Key: this.target.key, UploadId: this.uploadId }))
        .catch(() => undefined);
    }
    // Completed by the store but refused by the check: nothing may stay under the package's name.
    if (this.uploaded) {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.target.bucket, Key: this.target.key })).catch(() => undefined);
    }
    this.release();
  }

  private assertOpen(): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw writeError(new Error('the upload is already complete'), this.target.location);
  }

  /** A free part buffer: from the pool, a new one while fewer than queueSize + 1 exist, or the next to come back. */
  private async takeBuffer(): Promise<Buffer> {
    for (;;) {
      if (this.failure) throw this.failure;
      const free = this.pool.pop();
      if (free) return free;
      if (this.buffers < this.target.queueSize + 1) {
        this.buffers += 1;
        return Buffer.allocUnsafe(this.target.partSize);
      }
      await Promise.race(this.inFlight);
    }
  }

  /** Starts uploading the current buffer as the next part; waits while queueSize parts are in flight. */
  private async sendCurrent(): Promise<void> {
    const buffer = this.current as Buffer;
    const length = this.filled;
    this.current = undefined;
    this.filled = 0;
    while (this.inFlight.size >= this.target.queueSize) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
    if (this.uploadId === undefined) {
      try {
        const created = await this.client.send(
          new CreateMultipartUploadCommand({ Bucket: this.target.bucket, Key: this.target.key, ContentType: this.target.contentType }),
        );
        this.uploadId = created.UploadId;
      } catch (error) {
        this.failure ??= writeError(error, this.target.location);
        throw this.failure;
      }
      if (!this.uploadId) throw (this.failure ??= writeError(new Error('the store returned no upload id'), this.target.location));
    }
    const partNumber = this.nextPart++;
    const sending: Promise<void> = this.client
      .send(
        new UploadPartCommand({
          Bucket: this.target.bucket,
          Key: this.target.key,
          UploadId: this.uploadId,
          PartNumber: partNumber,
          Body: buffer.subarray(0, length),
          ContentLength: length,
        }),
      )
      .then(
        (result) => {
          this.done.push({ PartNumber: partNumber, ETag: result.ETag });
        },
        (error: unknown) => {
          this.failure ??= writeError(error, this.target.location);
        },
      )
      .finally(() => {
        this.inFlight.delete(sending);
        this.pool.push(buffer);
      });
    this.inFlight.add(sending);
  }

  private async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
  }

  private release(): void {
    this.pool.length = 0;
    this.current = undefined;
  }
}
