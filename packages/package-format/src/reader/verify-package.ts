/**
 * verifyPackage: reads a package end to end (SPEC §4 "Verify") — every entry
 * hashed and checked against SHA256SUMS, every NDJSON row parsed, the manifest's
 * numbers compared with the bytes, the entries compared with the backup type.
 *
 * Problems that concern one entry's content (a checksum mismatch, an invalid
 * row, a manifest number that disagrees, an entry missing, unexpected or of the
 * wrong type) do not stop the reading: verify goes on to the end so the
 * operator learns everything that is wrong in one run, then throws a
 * DomainError with the first problem's code and message and all problems in
 * `details.problems`. Problems that make further reading unsafe or meaningless
 * (corrupt or truncated compression, unsafe or duplicate entries, limits,
 * missing or invalid manifest) throw at once.
 */
import { createHash, type Hash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import type { PackageManifest, PackageTableSummary } from '@edms/domain';
import { DomainError, packageError, type PackageErrorCode } from '../errors';
import { resolveLimits, type PackageLimits } from '../limits';
import { MANIFEST_ENTRY, SUMS_ENTRY, tableEntryPath, tableNameOf } from '../package-layout';
import { DEFAULT_ENTRY_CHECKS, type EntryCheck } from './entry-checks';
import { LineSplitter } from './line-splitter';
import { openPackageFile, packageLocation, type PackageInput } from './open-package';
import { collectEntry, decodeManifest } from './read-manifest';
import { readPackage, type EntryConsumer, type PackageEntry } from './read-package';

export interface VerifyProgress {
  bytesDone: number;
  bytesTotal: number;
  phase: 'verify';
  message: string;
}

export interface VerifyPackageOptions {
  passphrase?: string;
  onProgress?: (progress: VerifyProgress) => void;
  signal?: AbortSignal;
  limits?: Partial<PackageLimits>;
  /** Extra entry checks appended to the defaults. */
  checks?: readonly EntryCheck[];
  /** sha256 of the package file as recorded in the catalog; compared when given. */
  expectedSha256?: string;
  /** Longest NDJSON line accepted (default 64 MiB). */
  maxRowBytes?: number;
  /** Problems collected before giving up (default 100). */
  maxProblems?: number;
}

export interface VerifyProblem {
  code: PackageErrorCode;
  message: string;
  details: Record<string, unknown>;
}

export interface VerifyPackageResult {
  ok: true;
  manifest: PackageManifest;
  /** Entries in the archive (directories included). */
  entries: number;
  /** Sum of the entry sizes. */
  bytes: number;
  /** What the NDJSON entries hold, as measured. */
  tables: Record<string, PackageTableSummary>;
  files: { count: number; bytes: number };
  encrypted: boolean;
  /** Size and sha256 of the package file. */
  sizeBytes: number;
  sha256: string;
}

const SUMS_LINE = /^([0-9a-fA-F]{64}) [ *](.+)$/;

class ProblemList {
  readonly problems: VerifyProblem[] = [];
  total = 0;
  constructor(private readonly max: number) {}

  add(code: PackageErrorCode, message: string, details: Record<string, unknown> = {}): void {
    this.total++;
    if (this.problems.length < this.max) this.problems.push({ code, message, details });
    if (this.total >= this.max) this.throwIfAny();
  }

  throwIfAny(): void {
    const first = this.problems[0];
    if (!first) return;
    const more = this.total - 1;
    throw new DomainError(
      first.code,
      more > 0 ? `${first.message} (and ${more} more problem${more === 1 ? '' : 's'})` : first.message,
      { details: { ...first.details, problems: this.problems, problemCount: this.total } },
    );
  }
}

interface TableMeasure {
  rows: number;
  bytes: number;
  hash: Hash;
  firstInvalid?: { line: number; reason: string };
  invalidRows: number;
}

/** Reads the whole package and checks it; see the module comment for the error policy. */
export async function verifyPackage(input: PackageInput, options: VerifyPackageOptions = {}): Promise<VerifyPackageResult> {
  const limits = resolveLimits(options.limits);
  const maxRowBytes = options.maxRowBytes ?? 64 * 1024 * 1024;
  const problems = new ProblemList(options.maxProblems ?? 100);
  const opened = await openPackageFile(input, { passphrase: options.passphrase });

  let manifest: PackageManifest | undefined;
  /** sha256 of every file entry; '' once matched with a SHA256SUMS line. */
  const unlisted = new Map<string, string>();
  const tables = new Map<string, PackageTableSummary>();
  const files = { count: 0, bytes: 0 };
  let currentPath = '';
  let lastProgress = 0;

  const progress = (force = false) => {
    if (!options.onProgress) return;
    const now = Date.now();
    if (!force && now - lastProgress < 200) return;
    lastProgress = now;
    options.onProgress({
      bytesDone: opened.bytesRead(),
      bytesTotal: opened.sizeBytes,
      phase: 'verify',
      message: currentPath ? `verifying ${currentPath}` : 'verifying',
    });
  };

  const hashing = (entry: PackageEntry, inner?: EntryConsumer & { onDigest?: (hex: string) => void }): EntryConsumer => {
    const hash = createHash('sha256');
    return {
      data(chunk) {
        hash.update(chunk);
        return inner?.data(chunk);
      },
      end() {
        const hex = hash.digest('hex');
        unlisted.set(entry.path, hex);
        inner?.onDigest?.(hex);
        return inner?.end();
      },
    };
  };

  const tableConsumer = (entry: PackageEntry, table: string): EntryConsumer & { onDigest: (hex: string) => void } => {
    const measure: TableMeasure = { rows: 0, bytes: 0, hash: createHash('sha256'), invalidRows: 0 };
    const invalid = (line: number, reason: string) => {
      measure.invalidRows++;
      measure.firstInvalid ??= { line, reason };
    };
    const splitter = new LineSplitter(
      (line, lineNumber) => {
        measure.rows++;
        if (!isUtf8(line)) return invalid(lineNumber, 'not valid UTF-8');
        let value: unknown;
        try {
          value = JSON.parse(line.toString('utf8'));
        } catch {
          return invalid(lineNumber, 'not valid JSON');
        }
        if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(lineNumber, 'not a JSON object');
      },
      maxRowBytes,
      (lineNumber) => {
        measure.rows++;
        invalid(lineNumber, `longer than ${maxRowBytes} bytes`);
      },
    );
    return {
      data(chunk) {
        measure.bytes += chunk.length;
        splitter.push(chunk);
      },
      end() {
        splitter.end();
        if (measure.firstInvalid) {
          problems.add(
            'PACKAGE_ROW_INVALID',
            `${entry.path} line ${measure.firstInvalid.line}: ${measure.firstInvalid.reason}`,
            { table, line: measure.firstInvalid.line, reason: measure.firstInvalid.reason, invalidRows: measure.invalidRows },
          );
        }
      },
      onDigest(hex) {
        tables.set(table, { rows: measure.rows, bytes: measure.bytes, sha256: hex });
      },
    };
  };

  const sumsConsumer = (): EntryConsumer => {
    const splitter = new LineSplitter(
      (line, lineNumber) => {
        const match = SUMS_LINE.exec(isUtf8(line) ? line.toString('utf8') : '');
        if (!match) {
          problems.add('PACKAGE_CORRUPT', `${SUMS_ENTRY} line ${lineNumber} is malformed`, { entry: SUMS_ENTRY, line: lineNumber });
          return;
        }
        const expected = (match[1] as string).toLowerCase();
        let listedPath = match[2] as string;
        while (listedPath.startsWith('./')) listedPath = listedPath.slice(2);
        const actual = unlisted.get(listedPath);
        if (actual === '') {
          problems.add('PACKAGE_CORRUPT', `${SUMS_ENTRY} lists ${listedPath} twice`, { entry: SUMS_ENTRY, path: listedPath, line: lineNumber });
          return;
        }
        if (actual === undefined) {
          problems.add('PACKAGE_ENTRY_MISSING', `${listedPath} is listed in ${SUMS_ENTRY} but not in the package`, { path: listedPath });
          return;
        }
        unlisted.set(listedPath, '');
        if (actual !== expected) {
          problems.add('PACKAGE_CHECKSUM_MISMATCH', `Checksum mismatch for ${listedPath}`, { path: listedPath, expected, actual });
        }
      },
      limits.maxPathBytes + 80,
      (lineNumber) =>
        problems.add('PACKAGE_CORRUPT', `${SUMS_ENTRY} line ${lineNumber} is too long`, { entry: SUMS_ENTRY, line: lineNumber }),
    );
    return {
      data: (chunk) => splitter.push(chunk),
      end: () => splitter.end(),
    };
  };

  const summary = await readPackage(opened.stream, {
    limits,
    signal: options.signal,
    checks: options.checks ? [...DEFAULT_ENTRY_CHECKS, ...options.checks] : undefined,
    onProgress: () => progress(),
    onEntry(entry): EntryConsumer | undefined {
      if (entry.type !== 'file') return undefined;
      currentPath = entry.path;
      switch (entry.role) {
        case 'manifest': {
          if (entry.size > limits.maxManifestBytes) {
            throw packageError('PACKAGE_LIMIT_EXCEEDED', `${MANIFEST_ENTRY} is larger than ${limits.maxManifestBytes} bytes`, {
              limit: 'maxManifestBytes',
              value: limits.maxManifestBytes,
            });
          }
          const collected = collectEntry(limits.maxManifestBytes, MANIFEST_ENTRY);
          return hashing(entry, {
            data: (chunk) => collected.consumer.data(chunk),
            end: () => {
              manifest = decodeManifest(collected.bytes());
            },
          });
        }
        case 'sums':
          return sumsConsumer();
        case 'table': {
          const table = tableNameOf(entry.path) as string;
          const m = manifest as PackageManifest;
          if (!m.database) {
            problems.add('PACKAGE_TYPE_MISMATCH', `A ${m.backupType} package holds no database entries: ${entry.path}`, {
              path: entry.path,
              backupType: m.backupType,
            });
            return hashing(entry);
          }
          if (!(table in m.database.tables)) {
            problems.add('PACKAGE_MANIFEST_MISMATCH', `${entry.path} is not listed in the manifest`, { path: entry.path, table });
          }
          return hashing(entry, tableConsumer(entry, table));
        }
        case 'file': {
          const m = manifest as PackageManifest;
          if (!m.files) {
            problems.add('PACKAGE_TYPE_MISMATCH', `A ${m.backupType} package holds no files: ${entry.path}`, {
              path: entry.path,
              backupType: m.backupType,
            });
          }
          files.count++;
          files.bytes += entry.size;
          return hashing(entry);
        }
        default:
          problems.add('PACKAGE_ENTRY_UNEXPECTED', `Unexpected entry ${entry.path}`, { path: entry.path });
          return hashing(entry);
      }
    },
  });
  currentPath = '';
  progress(true);

  const m = manifest as PackageManifest; // readPackage guarantees manifest.json came first
  for (const [path, sha] of unlisted) {
    if (sha === '') continue;
    problems.add('PACKAGE_ENTRY_UNEXPECTED', `${path} is not listed in ${SUMS_ENTRY}`, { path });
  }
  if (m.database) {
    for (const [name, expected] of Object.entries(m.database.tables)) {
      const actual = tables.get(name);
      if (!actual) {
        problems.add('PACKAGE_ENTRY_MISSING', `${tableEntryPath(name)} is missing`, { path: tableEntryPath(name), table: name });
        continue;
      }
      for (const key of ['rows', 'bytes', 'sha256'] as const) {
        if (actual[key] !== expected[key]) {
          problems.add('PACKAGE_MANIFEST_MISMATCH', `${tableEntryPath(name)}: ${key} is ${actual[key]}, the manifest says ${expected[key]}`, {
            table: name,
            field: key,
            expected: expected[key],
            actual: actual[key],
          });
        }
      }
    }
  }
  if (m.files) {
    for (const key of ['count', 'bytes'] as const) {
      if (files[key] !== m.files[key]) {
        problems.add('PACKAGE_MANIFEST_MISMATCH', `files: ${key} is ${files[key]}, the manifest says ${m.files[key]}`, {
          field: `files.${key}`,
          expected: m.files[key],
          actual: files[key],
        });
      }
    }
  }
  const sha256 = opened.sha256();
  if (options.expectedSha256 !== undefined && options.expectedSha256.toLowerCase() !== sha256) {
    problems.add('PACKAGE_CHECKSUM_MISMATCH', 'The package file does not match its recorded sha256', {
      path: packageLocation(input),
      expected: options.expectedSha256.toLowerCase(),
      actual: sha256,
    });
  }
  problems.throwIfAny();

  const measuredTables: Record<string, PackageTableSummary> = {};
  for (const [name, measure] of tables) measuredTables[name] = measure;
  return {
    ok: true,
    manifest: m,
    entries: summary.entries,
    bytes: summary.payloadBytes,
    tables: measuredTables,
    files,
    encrypted: opened.encrypted,
    sizeBytes: opened.sizeBytes,
    sha256,
  };
}
