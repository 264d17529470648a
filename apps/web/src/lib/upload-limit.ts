/** Uploads larger than this are refused unless EDMS_MAX_UPLOAD_BYTES says otherwise. */
export const DEFAULT_MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

/**
 * Reads EDMS_MAX_UPLOAD_BYTES: a whole number of bytes, optionally with a
 * binary unit (`512MiB`, `8GiB`). Empty means the default; anything else that
 * is not a positive size is refused rather than guessed at.
 */
export function parseMaxUploadBytes(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_MAX_UPLOAD_BYTES;
  const match = /^(\d+)\s*(B|KiB|MiB|GiB|TiB)?$/i.exec(value.trim());
  if (!match) throw new RangeError(`EDMS_MAX_UPLOAD_BYTES must be a size in bytes (e.g. 1073741824 or 1GiB), got "${value}"`);
  const units: Record<string, number> = { b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };
  const bytes = Number(match[1]) * (units[(match[2] ?? 'b').toLowerCase()] ?? 1);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new RangeError(`EDMS_MAX_UPLOAD_BYTES must be a positive size, got "${value}"`);
  }
  return bytes;
}

/** Upload ids are server-made UUIDs; nothing else may name a file in the uploads directory. */
export const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUploadId(value: unknown): value is string {
  return typeof value === 'string' && UPLOAD_ID.test(value);
}
