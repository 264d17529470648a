import type { BackupFinding, BackupType, DocumentVersion } from '../../model/entities';
import type { DatabaseProvider, PackageManifest } from '../../package/manifest';

/** One exported table: rows ordered by primary key, every column, JSON-safe values. */
export interface TableSource {
  name: string;
  rows: () => AsyncIterable<Record<string, unknown>>;
}

/**
 * A consistent read view of the database for one backup: the tables and the
 * document versions whose files go into the package all come from the same
 * moment. Release it when the package is written.
 */
export interface DatabaseSnapshot {
  provider: DatabaseProvider;
  schemaVersion: string;
  tables: TableSource[];
  documentVersions(): Promise<DocumentVersion[]>;
  release(): Promise<void>;
}

export interface DatabaseExporter {
  openSnapshot(): Promise<DatabaseSnapshot>;
}

export interface PackageFileSource {
  storageKey: string;
  absolutePath: string;
  expectedSha256?: string;
  expectedSize?: number;
}

export interface PackageProgress {
  bytesDone: number;
  bytesTotal: number;
  phase: string;
  message: string;
}

export type ManifestBase = Omit<PackageManifest, 'database' | 'files'>;

export interface WritePackageRequest {
  destinationDir: string;
  /** Final file name without the encryption suffix. */
  fileName: string;
  manifest: ManifestBase;
  tables: TableSource[];
  files: PackageFileSource[];
  compressionLevel: number;
  passphrase?: string;
  failOnFindings: boolean;
  onProgress?: (progress: PackageProgress) => void;
  signal?: AbortSignal;
}

export interface WrittenPackage {
  path: string;
  sizeBytes: number;
  sha256: string;
  manifest: PackageManifest;
  findings: BackupFinding[];
  entries: number;
}

export interface VerifiedPackage {
  manifest: PackageManifest;
  entries: number;
  bytes: number;
  /** sha256 of the package file, computed while it was read. */
  sha256: string;
}

export interface PackageWriter {
  write(request: WritePackageRequest): Promise<WrittenPackage>;
}

export interface PackageReader {
  /** Reads only the head of the package (decrypting when needed). */
  readManifest(path: string, options?: { passphrase?: string }): Promise<PackageManifest>;
  /** Reads the whole package and checks every checksum and row; throws a coded DomainError on the first problem. */
  verify(path: string, options?: { passphrase?: string; onProgress?: (p: PackageProgress) => void }): Promise<VerifiedPackage>;
  isEncrypted(path: string): Promise<boolean>;
}

export interface StoredPackageFile {
  path: string;
  sizeBytes: number;
}

/**
 * Where package files live: local (or mounted) directories, and S3-compatible
 * object storage for `s3://bucket/prefix` storage paths. Paths are locations:
 * absolute file paths or `s3://bucket/key`. Failures of the storage itself are
 * DomainErrors (STORAGE_UNAVAILABLE for object storage).
 */
export interface PackageStorage {
  /** The directory (or `s3://bucket/prefix`) for a configuration's storagePath; relative paths are under the data directory. */
  resolveDirectory(storagePath: string): string;
  stat(path: string): Promise<StoredPackageFile | null>;
  sha256(path: string): Promise<string>;
  /** The package's bytes, streamed (for downloads). */
  read(path: string): AsyncIterable<Uint8Array>;
  remove(path: string): Promise<void>;
  /** Package files (`*.tar.gz`, `*.tar.gz.enc`) directly inside a directory. */
  list(directory: string): AsyncIterable<StoredPackageFile>;
  /** Every directory in which packages may live, for catalog sync. */
  knownDirectories(storagePaths: string[]): string[];
}

export interface InstanceInfo {
  hostname: string;
  appVersion: string;
  /** This process. */
  pid: number;
  /** Whether a process of this host with that pid exists (a pid that was reused reads as alive: the heartbeat decides then). */
  isProcessAlive(pid: number): boolean;
}

/** The ports the backup use cases need besides the repositories. */
export interface BackupEngine {
  exporter: DatabaseExporter;
  writer: PackageWriter;
  reader: PackageReader;
  storage: PackageStorage;
  instance: InstanceInfo;
  /** The backup passphrase (EDMS_BACKUP_PASSPHRASE or a passphrase file), when configured. */
  passphrase: string | undefined;
}

export function packageFileName(configurationName: string, backupType: BackupType, at: Date, jobId: string): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return `${configurationName}_${backupType.toLowerCase()}_${stamp}_${jobId.slice(0, 8)}.tar.gz`;
}
