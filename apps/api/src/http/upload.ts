import { randomUUID, createHash } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Request } from 'express';
import { API_ERROR_CODES } from './error-map';
import { requestError } from './http-error';

function tooLarge(maxBytes: number): Error {
  return requestError(API_ERROR_CODES.uploadTooLarge, `the upload is larger than the server accepts (${maxBytes} bytes, EDMS_MAX_UPLOAD_BYTES)`, {
    limitBytes: maxBytes,
  });
}

/** Refuses at once when the client announces a body over the cap. */
function checkDeclaredLength(req: Request, maxBytes: number): void {
  const declared = Number(req.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
}

/**
 * The request body as the domain's `AsyncIterable<Uint8Array>`, read as it
 * arrives (memory stays flat), failing with `UPLOAD_TOO_LARGE` the moment the
 * cap is crossed and with `UPLOAD_ABORTED` when the client goes away.
 */
export async function* streamRequestBody(req: Request, maxBytes: number): AsyncIterable<Uint8Array> {
  checkDeclaredLength(req, maxBytes);
  let received = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      received += chunk.byteLength;
      if (received > maxBytes) throw tooLarge(maxBytes);
      yield chunk;
    }
  } catch (error) {
    if ((error as { code?: unknown }).code === API_ERROR_CODES.uploadTooLarge) throw error;
    throw requestError(API_ERROR_CODES.uploadAborted, 'the upload ended before its last byte arrived', { receivedBytes: received }, error);
  }
  if (!req.complete) throw requestError(API_ERROR_CODES.uploadAborted, 'the upload ended before its last byte arrived', { receivedBytes: received });
}

export interface SavedUpload {
  /** Where the bytes are: `<dir>/<uuid><suffix>`, a name the server chose. */
  path: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * Streams the body to `<dir>/.<uuid>.part`, fsyncs it and renames it to
 * `<dir>/<uuid><suffix>` once complete. The name never comes from the client.
 * Any failure (cap crossed, client gone, disk full) removes the partial file.
 */
export async function saveUpload(
  req: Request,
  dir: string,
  maxBytes: number,
  chooseSuffix: (partPath: string) => Promise<string>,
): Promise<SavedUpload> {
  checkDeclaredLength(req, maxBytes);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const id = randomUUID();
  const part = join(dir, `.${id}.part`);
  const hash = createHash('sha256');
  let sizeBytes = 0;
  try {
    const handle = await open(part, 'wx', 0o600);
    try {
      for await (const chunk of streamRequestBody(req, maxBytes)) {
        hash.update(chunk);
        sizeBytes += chunk.byteLength;
        let offset = 0;
        while (offset < chunk.byteLength) {
          const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
          offset += bytesWritten;
        }
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    const path = join(dir, `${id}${await chooseSuffix(part)}`);
    await rename(part, path);
    return { path, sizeBytes, sha256: hash.digest('hex') };
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
}
