/**
 * Package storage on S3-compatible object storage (AWS SDK v3), for
 * configurations whose storagePath is `s3://bucket[/prefix]`.
 *
 * - Writing streams the package into a multipart upload (@aws-sdk/lib-storage):
 *   memory holds at most `queueSize + 1` parts, whatever the package size; the
 *   object appears only when the upload completes, so a failed or aborted
 *   backup leaves nothing under the package's name (the parts are aborted).
 * - Reading streams GetObject bodies; reads after the first pin the object's
 *   ETag (If-Match), so a package replaced while it is read fails instead of
 *   mixing two objects; a connection that breaks mid-body is resumed with a
 *   ranged GET from the next byte.
 * - Failures are DomainErrors: STORAGE_UNAVAILABLE (stat, list, remove),
 *   PACKAGE_READ_FAILED (reading a package), BACKUP_DESTINATION_UNWRITABLE
 *   (writing one).
 */
import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
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

/** One package streaming into a multipart upload; see PackageUpload. */
export class S3PackageUpload implements PackageUpload {
  private readonly body = new PassThrough({ highWaterMark: MIB });
  private readonly upload: Upload;
  private readonly finished: Promise<void>;
  private failure: DomainError | undefined;
  private written = 0;
  /** The store accepted the upload (the object exists), whether or not it passed the size check. */
  private uploaded = false;
  private completed = false;
  /** Parts sent so far (for tests and progress). */
  parts = 0;

  constructor(
    private readonly client: S3Client,
    private readonly target: UploadTarget,
  ) {
    this.upload = new Upload({
      client,
      params: { Bucket: target.bucket, Key: target.key, Body: this.body, ContentType: target.contentType },
      partSize: target.partSize,
      queueSize: target.queueSize,
      leavePartsOnError: false,
    });
    this.upload.on('httpUploadProgress', (progress) => {
      if (progress.part !== undefined) this.parts = Math.max(this.parts, progress.part);
    });
    this.finished = this.upload.done().then(
      () => undefined,
      (error: unknown) => {
        this.failure ??= writeError(error, target.location);
        this.body.destroy();
      },
    );
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    this.written += chunk.length;
    // The upload keeps chunks until a part is full; the caller reuses its buffers.
    if (this.body.write(Buffer.from(chunk))) return;
    await new Promise<void>((resolve, reject) => {
      const cleanup = () => {
        this.body.off('drain', onDrain);
        this.body.off('close', onClose);
      };
      const onDrain = () => {
        cleanup();
        resolve();
      };
      const onClose = () => {
        cleanup();
        reject(this.failure ?? writeError(new Error('the upload stream closed'), this.target.location));
      };
      this.body.on('drain', onDrain);
      this.body.on('close', onClose);
    });
  }

  async complete(): Promise<void> {
    if (this.failure) throw this.failure;
    this.body.end();
    await this.finished;
    if (this.failure) throw this.failure;
    this.uploaded = true;
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
    this.failure ??= writeError(new Error('the upload was aborted'), this.target.location);
    await this.upload.abort().catch(() => undefined);
    this.body.destroy();
    await this.finished;
    // Completed by the store but refused by the check: nothing may stay under the package's name.
    if (this.uploaded) {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.target.bucket, Key: this.target.key })).catch(() => undefined);
    }
  }
}
