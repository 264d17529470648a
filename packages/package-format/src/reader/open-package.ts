/**
 * Opens a package file for reading: detects gzip vs. encrypted from the head,
 * puts the decrypt stage in front when needed, and hashes the file's bytes as
 * they are read (the sha256 recorded on the BackupJob).
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, Transform, type Readable } from 'node:stream';
import { createDecryptStream, isEncryptedPackageHead } from '../encryption-stage';
import { errnoCode, errorMessage, isDomainError, packageError } from '../errors';

export interface OpenedPackage {
  /** The gzip byte stream (decrypted when the file is encrypted). */
  stream: Readable;
  encrypted: boolean;
  /** Size of the package file. */
  sizeBytes: number;
  /** Bytes of the file read so far. */
  bytesRead(): number;
  /** sha256 of the file's bytes; call once the stream has been read to its end. */
  sha256(): string;
}

/**
 * A package that is not a local file (an object in object storage): its size
 * and first bytes, and a stream of its bytes from the start. Errors should be
 * DomainErrors with code PACKAGE_READ_FAILED (others are wrapped in one).
 */
export interface PackageSource {
  /** Where the package is, for messages and the catalog (e.g. `s3://bucket/key`). */
  readonly location: string;
  /** Size of the package and up to `bytes` of its first bytes. */
  head(bytes: number): Promise<{ sizeBytes: number; head: Buffer }>;
  /** The package's bytes from the first to the last. */
  open(options: { highWaterMark: number }): Readable;
}

/** A local path or a PackageSource. */
export type PackageInput = string | PackageSource;

export function packageLocation(input: PackageInput): string {
  return typeof input === 'string' ? input : input.location;
}

export interface OpenPackageOptions {
  passphrase?: string;
  /** Read chunk size. */
  highWaterMark?: number;
}

const GZIP_MAGIC = [0x1f, 0x8b];

async function headOf(source: PackageSource): Promise<{ sizeBytes: number; head: Buffer }> {
  try {
    return await source.head(16);
  } catch (error) {
    if (isDomainError(error)) throw error;
    throw packageError('PACKAGE_READ_FAILED', `Cannot read package ${source.location}: ${errorMessage(error)}`, { path: source.location }, error);
  }
}

async function headOfFile(path: string): Promise<{ sizeBytes: number; head: Buffer }> {
  try {
    const handle = await open(path, 'r');
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) {
        throw packageError('PACKAGE_READ_FAILED', `${path} is not a regular file`, { path, reason: 'not a file' });
      }
      const head = Buffer.alloc(16);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      return { sizeBytes: stat.size, head: head.subarray(0, bytesRead) };
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (errnoCode(error) === undefined) throw error;
    throw packageError('PACKAGE_READ_FAILED', `Cannot read package ${path}: ${errorMessage(error)}`, { path, errno: errnoCode(error) }, error);
  }
}

export async function openPackageFile(input: PackageInput, options: OpenPackageOptions = {}): Promise<OpenedPackage> {
  const path = packageLocation(input);
  const { head, sizeBytes } = typeof input === 'string' ? await headOfFile(input) : await headOf(input);

  const encrypted = isEncryptedPackageHead(head);
  if (!encrypted && !(head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1])) {
    throw packageError(
      'PACKAGE_FORMAT_UNSUPPORTED',
      head.length === 0 ? `${path} is empty` : `${path} is neither a gzip-compressed nor an encrypted package`,
      { path, reason: head.length === 0 ? 'empty file' : 'unknown file type' },
    );
  }
  if (encrypted && !options.passphrase) {
    throw packageError('PACKAGE_PASSPHRASE_REQUIRED', `${path} is encrypted: a passphrase is needed`, { path });
  }

  const hash: Hash = createHash('sha256');
  let bytesRead = 0;
  const highWaterMark = options.highWaterMark ?? 1024 * 1024;
  const raw = typeof input === 'string' ? createReadStream(path, { highWaterMark }) : input.open({ highWaterMark });
  const hasher = new Transform({
    // Chunks are handed on one by one (a byte-mode async iterator would concatenate them).
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytesRead += chunk.length;
      callback(null, chunk);
    },
  });
  const onError = () => undefined; // errors reach the reader through the last stream
  const stream: Readable = encrypted
    ? pipeline(raw, hasher, createDecryptStream(options.passphrase as string), onError)
    : pipeline(raw, hasher, onError);
  let digest: string | undefined;
  return {
    stream,
    encrypted,
    sizeBytes,
    bytesRead: () => bytesRead,
    sha256: () => (digest ??= hash.digest('hex')),
  };
}
