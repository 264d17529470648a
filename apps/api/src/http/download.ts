import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Response } from 'express';

export interface Download {
  content: AsyncIterable<Uint8Array>;
  sizeBytes: number;
  fileName: string;
  contentType: string;
  /** Hex sha256 of the bytes, sent as `Repr-Digest` so clients can check what they received. */
  sha256?: string | null;
}

/** A file name safe in a quoted header value; the exact name goes in `filename*`. */
function asciiFallback(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\/]/g, '_').trim();
  return ascii || 'download';
}

export function contentDisposition(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return `attachment; filename="${asciiFallback(base)}"; filename*=UTF-8''${encodeURIComponent(base)}`;
}

/**
 * Streams bytes with their length and an attachment disposition. The body is
 * never rendered by a browser: `attachment`, `nosniff`, and a sandboxing CSP.
 * A read failure after the headers went out cuts the connection, so the client
 * sees a short body against Content-Length rather than a truncated file that looks whole.
 */
export async function sendDownload(res: Response, download: Download): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', download.contentType);
  res.setHeader('Content-Length', String(download.sizeBytes));
  res.setHeader('Content-Disposition', contentDisposition(download.fileName));
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  if (download.sha256) res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(download.sha256, 'hex').toString('base64')}:`);
  try {
    await pipeline(Readable.from(download.content), res);
  } catch (error) {
    res.destroy(error as Error);
  }
}
