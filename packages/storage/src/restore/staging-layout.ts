import { createReadStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { DomainError, type StagedFile } from '@edms/domain';
import { assertSafeStorageKey } from '../storage-key';

/** A restore id names one directory under the staging root: one safe path segment. */
const SAFE_RESTORE_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

export function assertSafeRestoreId(restoreId: string): void {
  if (!SAFE_RESTORE_ID.test(restoreId) || restoreId === '.' || restoreId === '..') {
    throw new DomainError('RESTORE_ID_INVALID', `restore id ${JSON.stringify(restoreId)} cannot name a staging directory`, {
      details: { restoreId },
    });
  }
}

/**
 * The fixed layout of one restore's staging directory, `<stagingRoot>/<restoreId>/`:
 * - `files/<storageKey>`, `files.ndjson`, `staged.json` — written by staging;
 * - `previous/<storageKey>` — live files moved aside by the swap (owned here);
 * - `new-keys.ndjson` — keys that had no live file before the swap (owned here);
 * - `rolling-back` — marker: a rollback started, so the swap must never resume.
 * Removal renames it to `<stagingRoot>/.discarded-<restoreId>-<hex>` first (a
 * restore id never starts with a dot), then deletes that.
 */
export class StagingLayout {
  readonly restoreId: string;
  readonly dir: string;
  readonly filesDir: string;
  readonly previousDir: string;
  readonly index: string;
  readonly stagedMarker: string;
  readonly newKeys: string;
  readonly rollbackMarker: string;
  /** The whole live store, moved aside by a FULL restore's directory swap. */
  readonly previousStoreDir: string;

  constructor(stagingRoot: string, restoreId: string) {
    assertSafeRestoreId(restoreId);
    this.restoreId = restoreId;
    this.dir = join(resolve(stagingRoot), restoreId);
    this.filesDir = join(this.dir, 'files');
    this.previousDir = join(this.dir, 'previous');
    this.index = join(this.dir, 'files.ndjson');
    this.stagedMarker = join(this.dir, 'staged.json');
    this.newKeys = join(this.dir, 'new-keys.ndjson');
    this.rollbackMarker = join(this.dir, 'rolling-back');
    this.previousStoreDir = join(this.dir, 'previous-store');
  }

  staged(key: string): string {
    return join(this.filesDir, ...key.split('/'));
  }

  previous(key: string): string {
    return join(this.previousDir, ...key.split('/'));
  }
}

function indexInvalid(path: string, line: number, reason: string): DomainError {
  return new DomainError('RESTORE_STAGING_INVALID', `${path} line ${line}: ${reason}`, { details: { path, line } });
}

/**
 * Streams the staged file index (one `{"storageKey","sizeBytes","sha256"}` per
 * line), checking every row and every key before the caller sees it. Only one
 * line is held at a time.
 */
export async function* readStagedIndex(path: string): AsyncIterable<StagedFile> {
  const input = createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  const opened = new Promise<void>((resolveOpen, rejectOpen) => {
    input.once('open', () => resolveOpen());
    input.once('error', rejectOpen);
  });
  try {
    await opened;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new DomainError('RESTORE_STAGING_GONE', `the staged file index ${path} is missing; start the restore again`, {
        details: { path },
        cause: error,
      });
    }
    throw error;
  }
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        throw indexInvalid(path, lineNumber, 'not JSON');
      }
      if (typeof row !== 'object' || row === null || Array.isArray(row)) throw indexInvalid(path, lineNumber, 'not an object');
      const { storageKey, sizeBytes, sha256 } = row as Record<string, unknown>;
      if (typeof storageKey !== 'string') throw indexInvalid(path, lineNumber, 'storageKey is not a string');
      if (typeof sizeBytes !== 'number' || !Number.isSafeInteger(sizeBytes) || sizeBytes < 0) {
        throw indexInvalid(path, lineNumber, 'sizeBytes is not a size');
      }
      if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) throw indexInvalid(path, lineNumber, 'sha256 is not a sha256');
      assertSafeStorageKey(storageKey);
      yield { storageKey, sizeBytes, sha256 };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}
