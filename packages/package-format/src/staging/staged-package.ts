/**
 * The staging directory of one restore, as stagePackage leaves it (a fixed
 * layout: the file swap reads it too):
 *
 *   <stagingDir>/            mode 0700
 *     database/<Table>.ndjson  validated rows, upgraded to the current schema (FULL, DATABASE restores)
 *     files/<storageKey>       the document bytes, mode 0644 (FULL, FILES restores)
 *     files.ndjson             {"storageKey","sizeBytes","sha256"} per line, sorted by storageKey
 *     staged.json              written last and atomically: its presence means staging completed
 *
 * openStagedPackage reads it back; rows and the file index are streamed line
 * by line, never loaded whole.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BACKUP_TYPES,
  parseManifest,
  type BackupType,
  type ExportedTable,
  type PackageManifest,
  type StagedFile,
  type StagedPackage,
} from '@edms/domain';
import { errnoCode, errorMessage } from '../errors';
import { LineSplitter } from '../reader/line-splitter';
import { stagingError } from './errors';

export const STAGED_MARKER = 'staged.json';
export const STAGED_FILES_INDEX = 'files.ndjson';
export const STAGED_FILES_DIR = 'files';
export const STAGED_DATABASE_DIR = 'database';

/** Contents of staged.json. */
export interface StagedInfo {
  restoreId: string;
  restoreType: BackupType;
  manifest: PackageManifest;
  /** Files staged under files/ (0 when the restore type has no files). */
  fileCount: number;
  fileBytes: number;
  /** Tables staged under database/, with their row counts (empty when the restore type has no database part). */
  tables: Record<string, number>;
}

/** A StagedPackage with where it lives and what was staged. */
export interface StagedPackageHandle extends StagedPackage {
  stagingDir: string;
  restoreType: BackupType;
  tables: Record<string, number>;
}

export function stagedTablePath(stagingDir: string, table: string): string {
  return join(stagingDir, STAGED_DATABASE_DIR, `${table}.ndjson`);
}

function invalid(stagingDir: string, message: string, details: Record<string, unknown> = {}, cause?: unknown) {
  return stagingError('RESTORE_STAGING_INVALID', `Staging directory ${stagingDir}: ${message}`, { stagingDir, ...details }, cause);
}

/** Streams the JSON objects of an NDJSON file, one line at a time. */
async function* readObjects(path: string, stagingDir: string): AsyncGenerator<Record<string, unknown>> {
  const input = createReadStream(path, { highWaterMark: 256 * 1024 });
  let ready: Array<Record<string, unknown>> = [];
  let failure: Error | undefined;
  const splitter = new LineSplitter(
    (line, lineNumber) => {
      if (failure) return;
      let value: unknown;
      try {
        value = JSON.parse(line.toString('utf8'));
      } catch (error) {
        failure = invalid(stagingDir, `${path} line ${lineNumber} is not JSON`, { path, line: lineNumber }, error);
        return;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        failure = invalid(stagingDir, `${path} line ${lineNumber} is not a JSON object`, { path, line: lineNumber });
        return;
      }
      ready.push(value as Record<string, unknown>);
    },
    Number.MAX_SAFE_INTEGER,
    () => undefined,
  );
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      splitter.push(chunk);
      if (failure) throw failure;
      const batch = ready;
      ready = [];
      yield* batch;
    }
    splitter.end();
    if (failure) throw failure;
    yield* ready;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') {
      throw stagingError('RESTORE_STAGING_INVALID', `Staging directory ${stagingDir}: ${path} is missing`, { stagingDir, path }, error);
    }
    throw error;
  } finally {
    input.destroy();
  }
}

/** A StagedPackage over a staging directory and its staged.json. */
export function stagedPackageFrom(stagingDir: string, info: StagedInfo): StagedPackageHandle {
  return {
    stagingDir,
    restoreId: info.restoreId,
    restoreType: info.restoreType,
    manifest: info.manifest,
    fileCount: info.fileCount,
    fileBytes: info.fileBytes,
    tables: { ...info.tables },
    rows(table: ExportedTable): AsyncIterable<Record<string, unknown>> {
      if (!Object.prototype.hasOwnProperty.call(info.tables, table)) return (async function* () {})();
      return readObjects(stagedTablePath(stagingDir, table), stagingDir);
    },
    files(): AsyncIterable<StagedFile> {
      return readObjects(join(stagingDir, STAGED_FILES_INDEX), stagingDir) as AsyncIterable<unknown> as AsyncIterable<StagedFile>;
    },
  };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Checks staged.json's shape (it lives in a directory only we can write, but a crash or an operator may have touched it). */
export function parseStagedInfo(stagingDir: string, json: unknown): StagedInfo {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalid(stagingDir, `${STAGED_MARKER} is not a JSON object`);
  const value = json as Record<string, unknown>;
  if (typeof value.restoreId !== 'string' || value.restoreId === '') throw invalid(stagingDir, `${STAGED_MARKER} has no restoreId`);
  if (typeof value.restoreType !== 'string' || !(BACKUP_TYPES as readonly string[]).includes(value.restoreType)) {
    throw invalid(stagingDir, `${STAGED_MARKER} has no valid restoreType`);
  }
  if (!isCount(value.fileCount) || !isCount(value.fileBytes)) throw invalid(stagingDir, `${STAGED_MARKER} has no valid fileCount/fileBytes`);
  const tablesIn = value.tables;
  if (typeof tablesIn !== 'object' || tablesIn === null || Array.isArray(tablesIn)) throw invalid(stagingDir, `${STAGED_MARKER} has no tables`);
  const tables: Record<string, number> = {};
  for (const [name, rows] of Object.entries(tablesIn as Record<string, unknown>)) {
    if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name) || !isCount(rows)) throw invalid(stagingDir, `${STAGED_MARKER} has an invalid table ${name}`);
    tables[name] = rows;
  }
  let manifest: PackageManifest;
  try {
    manifest = parseManifest(value.manifest);
  } catch (error) {
    throw invalid(stagingDir, `${STAGED_MARKER} holds an invalid manifest: ${errorMessage(error)}`, {}, error);
  }
  return {
    restoreId: value.restoreId,
    restoreType: value.restoreType as BackupType,
    manifest,
    fileCount: value.fileCount,
    fileBytes: value.fileBytes,
    tables,
  };
}

/**
 * The package staged in `stagingDir`, or null when staging did not complete
 * there (no staged.json: the directory is absent or was left by a crash and
 * can be removed).
 */
export async function openStagedPackage(stagingDir: string): Promise<StagedPackageHandle | null> {
  let text: string;
  try {
    text = await readFile(join(stagingDir, STAGED_MARKER), 'utf8');
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw stagingError('RESTORE_STAGING_FAILED', `Cannot read ${join(stagingDir, STAGED_MARKER)}: ${errorMessage(error)}`, { stagingDir, errno: code ?? null }, error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(stagingDir, `${STAGED_MARKER} is not valid JSON`, {}, error);
  }
  return stagedPackageFrom(stagingDir, parseStagedInfo(stagingDir, json));
}
