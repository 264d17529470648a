import type { PackageManifest } from '@edms/domain';

/** Manifest fields the caller supplies; the writer computes `database.tables` and `files`. */
export type WritePackageManifest = Omit<PackageManifest, 'database' | 'files' | 'format' | 'formatVersion'> &
  Partial<Pick<PackageManifest, 'format' | 'formatVersion'>>;

export interface WritePackageTable {
  /** Model name; becomes `database/<name>.ndjson`. */
  name: string;
  /** Rows in primary-key order; each is written as JSON.stringify(row) + '\n'. */
  rows: () => AsyncIterable<Record<string, unknown>>;
}

export interface WritePackageFile {
  /** Path relative to the file store root, forward slashes; becomes `files/<storageKey>`. */
  storageKey: string;
  absolutePath: string;
  /** DocumentVersion.sha256; a difference is reported as a finding. */
  expectedSha256?: string;
  /** DocumentVersion.sizeBytes; a difference is reported as a finding. */
  expectedSize?: number;
}

export type WritePackagePhase = 'prepare' | 'scan' | 'export' | 'archive' | 'finalize';

export interface WritePackageProgress {
  /** Payload bytes (NDJSON + file bytes) archived so far; rows exported in the export phase. */
  bytesDone: number;
  /** Payload bytes to archive; 0 while unknown. */
  bytesTotal: number;
  phase: WritePackagePhase;
  message: string;
}

export type WritePackageFindingCode = 'FILE_MISSING' | 'FILE_SIZE_CHANGED' | 'FILE_CHECKSUM_MISMATCH';

export interface WritePackageFinding {
  code: WritePackageFindingCode;
  storageKey: string;
  expected?: string | number;
  actual?: string | number;
}

/**
 * Where a finished package goes when it is not a file in `destinationDir`
 * (object storage). The writer streams the package bytes into an upload and
 * completes it only when the package is whole; an upload that is aborted
 * leaves nothing under the final name.
 */
export interface PackageTarget {
  /** The package's location under its final name, as the catalog records it (e.g. `s3://bucket/prefix/name.tar.gz`). */
  location(fileName: string): string;
  /** True when something already exists under the final name (a package is never overwritten). */
  exists(fileName: string): Promise<boolean>;
  /** Starts an upload; `expectedBytes` is the payload size, a hint for part sizes. */
  create(fileName: string, expectedBytes: number): Promise<PackageUpload>;
}

export interface PackageUpload {
  /** Resolves once the chunk has been taken (copied or sent): the caller may reuse the buffer then. */
  write(chunk: Buffer): Promise<void>;
  /** Makes the package visible under its final name, all or nothing. */
  complete(): Promise<void>;
  /** Discards everything written; safe to call after a failure or twice. */
  abort(): Promise<void>;
}

export interface WritePackageOptions {
  /**
   * The package's directory; with `target`, only the local working directory
   * for the writer's spool files (table exports, the SHA256SUMS list).
   */
  destinationDir: string;
  /** Streams the package to this target instead of a file in destinationDir. */
  target?: PackageTarget;
  /** Final file name, e.g. `daily-full_20261126T020000Z_1a2b3c4d.tar.gz`; `.enc` is appended when encrypting. */
  fileName: string;
  manifest: WritePackageManifest;
  tables: WritePackageTable[];
  files: WritePackageFile[];
  /** gzip level 0..9, default 6. */
  compressionLevel?: number;
  encryption?: { passphrase: string };
  onProgress?: (progress: WritePackageProgress) => void;
  signal?: AbortSignal;
  /** Called for every finding as it is found. */
  onFinding?: (finding: WritePackageFinding) => void;
  /**
   * Default true: any finding fails the backup (BACKUP_SOURCE_FILE_MISSING /
   * BACKUP_SOURCE_FILE_CHANGED) and no package remains. When false, missing
   * files are left out, changed files are archived as they are now, and the
   * findings are returned.
   */
  failOnFindings?: boolean;
  /** Compression worker threads; default os.availableParallelism() (max 8). */
  workers?: number;
  /**
   * How document files are read. 'auto' (default): synchronous reads (least CPU
   * on a warm page cache), switching to parallel asynchronous reads as soon as
   * reads turn out slow (cold cache, network file system). 'sync' / 'async'
   * force one way.
   */
  readMode?: 'auto' | 'sync' | 'async';
}

export interface WritePackageResult {
  /** Absolute path of the package under its final name (the target's location with `target`). */
  path: string;
  sizeBytes: number;
  /** sha256 of the package file (after encryption, if any). */
  sha256: string;
  manifest: PackageManifest;
  findings: WritePackageFinding[];
  /** Tar entries written (manifest, tables, files, SHA256SUMS). */
  entries: number;
  encrypted: boolean;
  /** Compression statistics. */
  stats: {
    tarBytes: number;
    storedBytes: number;
    deflatedBytes: number;
    members: number;
  };
}
