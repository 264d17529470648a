import type { BackupType } from '../model/entities';
import type { ExportedTable, PackageManifest } from '../package/manifest';
import type { PackageProgress } from '../backup/engine/backup-engine.port';
import type { FilePlan, TablePlan } from './restore-plan';

/** A file of a staged package, ready to be swapped into the file store. */
export interface StagedFile {
  storageKey: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * A package read once, validated end to end and unpacked into a staging
 * directory on the file store's volume: rows as NDJSON, files as files.
 * Nothing of the live system has changed yet.
 */
export interface StagedPackage {
  restoreId: string;
  manifest: PackageManifest;
  /** Rows of one table as validated (already upgraded to the current schema). */
  rows(table: ExportedTable): AsyncIterable<Record<string, unknown>>;
  files(): AsyncIterable<StagedFile>;
  fileCount: number;
  fileBytes: number;
}

export interface StagePackageRequest {
  restoreId: string;
  packagePath: string;
  passphrase?: string;
  /** Which parts to stage: the database rows, the files, or both. */
  restoreType: BackupType;
  /** Migrations the rows must be upgraded through (older packages). */
  migrateThrough: readonly string[];
  onProgress?: (progress: PackageProgress) => void;
  signal?: AbortSignal;
}

export interface DiskSpace {
  freeBytes: number;
  totalBytes: number;
}

export interface RestoreStaging {
  /** Validates and unpacks; throws a coded DomainError and leaves nothing behind on any problem. */
  stage(request: StagePackageRequest): Promise<StagedPackage>;
  /** A package staged earlier by this restore (two-phase confirm), or null. */
  open(restoreId: string): Promise<StagedPackage | null>;
  discard(restoreId: string): Promise<void>;
  diskSpace(): Promise<DiskSpace>;
}

/** Who acts, for the rule that the acting user is never removed or disabled. */
export interface RestoreActorInfo {
  userId: string | null;
  username: string | null;
}

export interface DatabaseRestorePlan {
  tables: TablePlan[];
  /** The newest change in the live data, to warn when restoring over newer data. */
  newestLiveChange: Date | null;
}

/** A digest of what the restore must have produced, compared after applying. */
export interface RestoreDigest {
  tables: Record<string, { rows: number; sha256: string }>;
}

export interface RestoreApplyOptions {
  /**
   * Also remove users that are not in the package (never the acting user).
   * Only for rolling back to this installation's own safety snapshot, taken
   * just before: the users a failed restore added must not stay behind. A
   * normal restore merges users and never removes anyone.
   */
  removeUsersNotInPackage?: boolean;
}

export interface RestoreDatabase {
  /** Compares the staged rows with the live tables under the protection rules. */
  plan(staged: StagedPackage, actor: RestoreActorInfo): Promise<DatabaseRestorePlan>;
  /** Replaces the EDMS data in one transaction under the protection rules; returns the digest of what it wrote. */
  apply(staged: StagedPackage, actor: RestoreActorInfo, options?: RestoreApplyOptions): Promise<RestoreDigest>;
  /** The digest of the live tables now, to compare with what apply returned. */
  digest(): Promise<RestoreDigest>;
  /** What a system reset would remove (SPEC §6). */
  planReset(actor: RestoreActorInfo): Promise<ResetCounts>;
  /** Removes documents, versions and non-admin users (except the actor) in one transaction. */
  applyReset(actor: RestoreActorInfo): Promise<ResetCounts>;
}

export interface ResetCounts {
  documents: number;
  versions: number;
  users: number;
  /** Usernames removed. */
  usernames: string[];
}

/**
 * Swaps staged files into the live store. Old files are moved aside, not
 * deleted, until the restore is finished, so the swap can be rolled back.
 */
export interface RestoreFiles {
  plan(staged: StagedPackage, options: { removeUnlisted: boolean; keepKeys?: ReadonlySet<string> }): Promise<FilePlan>;
  swapIn(staged: StagedPackage, options: { removeUnlisted: boolean }): Promise<void>;
  /** Puts the moved-aside files back and removes what was swapped in. */
  rollback(restoreId: string): Promise<void>;
  /** Deletes the moved-aside files and the staging directory. */
  finish(restoreId: string): Promise<void>;
}

/**
 * The journal that lets the next start finish or roll back a restore that was
 * killed midway. Phases only move forward.
 */
export type RestoreJournalPhase = 'staged' | 'database-committed' | 'files-swapped';

export interface RestoreJournalEntry {
  restoreId: string;
  phase: RestoreJournalPhase;
  restoreType: BackupType;
  startedAt: string;
}

export interface RestoreJournal {
  read(): Promise<RestoreJournalEntry | null>;
  write(entry: RestoreJournalEntry): Promise<void>;
  clear(): Promise<void>;
}

/** One maintenance operation at a time, across processes and machines. */
export interface MaintenanceLock {
  /** Throws `BUSY` naming the holder when someone else holds it. */
  acquire(operation: string, holder: string): Promise<{ release(): Promise<void> }>;
}

export interface RestoreEngine {
  staging: RestoreStaging;
  database: RestoreDatabase;
  files: RestoreFiles;
  journal: RestoreJournal;
  lock: MaintenanceLock;
  knownMigrations(): string[];
  /** Whether the database part of this restore committed (its marker is in the database). */
  isDatabaseCommitted(restoreId: string): Promise<boolean>;
  /** Test hook: kill the process at a named phase (EDMS_TEST_CRASH_AT). */
  crashPoint(phase: string): void;
}
