import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { isObjectStorageLocation } from '@edms/domain';
import { once } from 'node:events';
import { CliError } from './cli-error';

/** A local file to read: must exist and be a regular file. */
export async function openInputFile(path: string): Promise<{ fileName: string; sizeBytes: number; content: AsyncIterable<Uint8Array> }> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new CliError('INPUT_FILE_NOT_FOUND', `no file at ${path}`, { details: { path } });
  if (!info.isFile()) throw new CliError('USAGE_ERROR', `${path} is not a regular file`, { details: { path } });
  return { fileName: basename(path), sizeBytes: info.size, content: createReadStream(path) };
}

/** Reads a small secret file (a password), without its trailing newline. */
export async function readSecretFile(path: string): Promise<string> {
  const handle = await open(path, constants.O_RDONLY).catch(() => null);
  if (!handle) throw new CliError('INPUT_FILE_NOT_FOUND', `cannot read the password file ${path}`, { details: { path } });
  try {
    return (await handle.readFile('utf8')).replace(/\r?\n$/, '');
  } finally {
    await handle.close();
  }
}

/** A package or directory argument: `s3://bucket/key` as given, a local path made absolute. */
export function packageLocation(argument: string): string {
  return isObjectStorageLocation(argument) ? argument.trim() : resolve(argument);
}

export async function fileExists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

export interface WrittenOutput {
  sizeBytes: number;
  sha256: string;
}

/**
 * Copies a stream to stdout, honouring back-pressure, hashing as it goes.
 * stdout is never ended: oclif and Node still own it.
 */
export async function writeToStdout(content: AsyncIterable<Uint8Array>): Promise<WrittenOutput> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  try {
    for await (const chunk of content) {
      hash.update(chunk);
      sizeBytes += chunk.byteLength;
      if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
    }
  } catch (error) {
    // The reader went away early (`| head`): say so plainly instead of reporting an unexpected EPIPE.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') {
      (content as { destroy?: () => void }).destroy?.();
      throw new CliError('OUTPUT_CLOSED', `stdout was closed after ${sizeBytes} bytes, before the whole file was written`, { cause: error });
    }
    throw error;
  }
  return { sizeBytes, sha256: hash.digest('hex') };
}

/**
 * Writes a stream to a temporary name next to `path`, fsyncs, and renames it
 * into place, so an interrupted download never leaves a half file under the
 * final name. The rename replaces an existing file: callers refuse to
 * overwrite (unless --force) before they start.
 */
export async function writeToFile(path: string, content: AsyncIterable<Uint8Array>): Promise<WrittenOutput> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const handle = await open(temp, 'wx');
  try {
    for await (const chunk of content) {
      hash.update(chunk);
      sizeBytes += chunk.byteLength;
      await handle.write(chunk);
    }
    await handle.sync();
    await handle.close();
    await rename(temp, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  return { sizeBytes, sha256: hash.digest('hex') };
}
