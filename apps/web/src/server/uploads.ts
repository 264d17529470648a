import 'server-only';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { isUploadId } from '@/lib/upload-limit';
import { WebError } from '@/lib/web-error';
import { getServices } from './services';

/**
 * Uploaded packages land in `<dataDir>/uploads/<uuid>.tar.gz`. The name is
 * always made here — the browser's file name is only displayed — so an upload
 * can never choose where it is written, and a restore can only ever read a
 * file this server received (or one in the catalog).
 */

export interface ReceivedUpload {
  uploadId: string;
  sizeBytes: number;
}

/** EDMS_MAX_UPLOAD_BYTES, read by @edms/runtime the same way for the API and the web app (default 20 GiB). */
export async function maxUploadBytes(): Promise<number> {
  return (await getServices()).env.maxUploadBytes;
}

async function uploadsDir(): Promise<string> {
  const { env } = await getServices();
  return path.join(env.dataDir, 'uploads');
}

/** Where an upload id's file lives. Throws UPLOAD_NOT_FOUND for ids this server did not make. */
export async function uploadPath(uploadId: string): Promise<string> {
  if (!isUploadId(uploadId)) throw new WebError('UPLOAD_NOT_FOUND', 'not an upload id');
  const file = path.join(await uploadsDir(), `${uploadId}.tar.gz`);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new WebError('UPLOAD_NOT_FOUND', `upload ${uploadId} does not exist`);
  return file;
}

/** Removes an upload that nothing refers to (a refused package). */
export async function discardUpload(uploadId: string): Promise<void> {
  if (!isUploadId(uploadId)) return;
  await rm(path.join(await uploadsDir(), `${uploadId}.tar.gz`), { force: true });
}

/**
 * Streams the request body to disk under a temporary name, counting bytes:
 * over the limit the transfer is cut and the partial file removed. Memory
 * stays flat whatever the size. The file gets its final name only when
 * complete, so a half upload is never mistaken for a package.
 */
export async function receiveUpload(body: ReadableStream<Uint8Array> | null, declaredLength: number | null): Promise<ReceivedUpload> {
  const limit = await maxUploadBytes();
  if (declaredLength !== null && declaredLength > limit) {
    throw new WebError('UPLOAD_TOO_LARGE', `upload of ${declaredLength} bytes is over the limit of ${limit}`);
  }
  if (!body || declaredLength === 0) throw new WebError('UPLOAD_EMPTY', 'the upload has no content');
  const dir = await uploadsDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const uploadId = randomUUID();
  const partial = path.join(dir, `${uploadId}.part`);
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > limit) callback(new WebError('UPLOAD_TOO_LARGE', `upload is over the limit of ${limit} bytes`));
      else callback(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), counter, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
    if (received === 0) throw new WebError('UPLOAD_EMPTY', 'the upload has no content');
    if (declaredLength !== null && received !== declaredLength) {
      throw new WebError('UPLOAD_INCOMPLETE', `received ${received} of ${declaredLength} bytes`);
    }
    await rename(partial, path.join(dir, `${uploadId}.tar.gz`));
    return { uploadId, sizeBytes: received };
  } catch (error) {
    await rm(partial, { force: true }).catch(() => undefined);
    if (error instanceof WebError) throw error;
    throw new WebError('UPLOAD_INCOMPLETE', 'the upload stopped before it was complete', { cause: error });
  }
}
