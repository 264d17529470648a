import { createHash } from 'node:crypto';
import type { BackupType } from '../model/entities';
import type { PackageManifest } from '../package/manifest';
import { canonicalJson } from '../shared/canonical-json';

export interface TablePlan {
  table: string;
  packageRows: number;
  currentRows: number;
  insert: number;
  replace: number;
  delete: number;
  unchanged: number;
  /** Rows kept as they are by a protection rule. */
  protected: number;
  /** How the table is treated, in one line. */
  rule: string;
}

export interface FileCounts {
  count: number;
  bytes: number;
}

export interface FilePlan {
  write: FileCounts;
  overwrite: FileCounts;
  remove: FileCounts;
  unchanged: FileCounts;
}

export interface PlanWarning {
  code: 'RESTORE_DATA_NEWER_THAN_PACKAGE' | 'RESTORE_OTHER_INSTANCE' | 'RESTORE_LOW_DISK_SPACE' | 'RESTORE_FILES_MISSING_AFTER';
  message: string;
}

export interface RestorePlan {
  restoreType: BackupType;
  package: {
    packageId: string;
    createdAt: string;
    backupType: BackupType;
    configuration: string;
    sourceInstanceId: string;
    sourceHostname: string;
    schemaVersion: string;
  };
  tables: TablePlan[];
  files: FilePlan | null;
  protectedRecords: string[];
  disk: { neededBytes: number; freeBytes: number; freeAfterBytes: number };
  safetyBackup: boolean;
  warnings: PlanWarning[];
}

export const EMPTY_FILE_PLAN: FilePlan = {
  write: { count: 0, bytes: 0 },
  overwrite: { count: 0, bytes: 0 },
  remove: { count: 0, bytes: 0 },
  unchanged: { count: 0, bytes: 0 },
};

/** What the protection rules keep, as shown to the operator before anything changes. */
export const PROTECTED_RECORDS: readonly string[] = [
  'Backup configurations: never overwritten; configurations missing here are added from the package',
  'Backup and restore catalog: never touched',
  'Audit events: the local chain is kept; the package\'s events stay in the package as evidence',
  'API tokens, sessions and settings: never touched (not in packages)',
  'Users: merged by username; users not in the package are kept; an ADMIN or the acting user is never removed, disabled or demoted',
];

/** Free space kept after a restore below which the plan warns. */
export const LOW_DISK_MARGIN_BYTES = 512 * 1024 * 1024;

export interface BuildPlanInput {
  restoreType: BackupType;
  manifest: PackageManifest;
  tables: TablePlan[];
  files: FilePlan | null;
  localInstanceId: string | null;
  newestLiveChange: Date | null;
  disk: { freeBytes: number; totalBytes: number };
  /** Bytes the safety snapshot will need (estimated as the live data it copies). */
  safetyBackupBytes: number;
  safetyBackup: boolean;
}

/** Assembles the plan and its warnings; pure, so every front door shows the same plan for the same state. */
export function buildRestorePlan(input: BuildPlanInput): RestorePlan {
  const m = input.manifest;
  const filesNeeded = input.files ? input.files.write.bytes + input.files.overwrite.bytes : 0;
  const neededBytes = (input.safetyBackup ? input.safetyBackupBytes : 0) + filesNeeded;
  const freeAfterBytes = input.disk.freeBytes - neededBytes;
  const warnings: PlanWarning[] = [];
  if (input.newestLiveChange && input.newestLiveChange.getTime() > Date.parse(m.createdAt)) {
    warnings.push({
      code: 'RESTORE_DATA_NEWER_THAN_PACKAGE',
      message: `live data changed at ${input.newestLiveChange.toISOString()}, after the package was made (${m.createdAt}); those changes will be replaced`,
    });
  }
  if (input.localInstanceId && m.source.instanceId !== input.localInstanceId) {
    warnings.push({
      code: 'RESTORE_OTHER_INSTANCE',
      message: `the package comes from another installation (${m.source.hostname}, instance ${m.source.instanceId})`,
    });
  }
  if (freeAfterBytes < LOW_DISK_MARGIN_BYTES) {
    warnings.push({
      code: 'RESTORE_LOW_DISK_SPACE',
      message: `only ${Math.max(0, freeAfterBytes)} bytes would remain free after the safety snapshot and the restore`,
    });
  }
  return {
    restoreType: input.restoreType,
    package: {
      packageId: m.packageId,
      createdAt: m.createdAt,
      backupType: m.backupType,
      configuration: m.configuration.name,
      sourceInstanceId: m.source.instanceId,
      sourceHostname: m.source.hostname,
      schemaVersion: m.schemaVersion,
    },
    tables: input.tables,
    files: input.files,
    protectedRecords: [...PROTECTED_RECORDS],
    disk: { neededBytes, freeBytes: input.disk.freeBytes, freeAfterBytes },
    safetyBackup: input.safetyBackup,
    warnings,
  };
}

/**
 * Identifies a plan: what will change, not when it was computed. The API and
 * web confirm with the hash they showed; a different hash at confirmation
 * means the system changed in between and the operator must look again.
 */
export function computePlanHash(plan: RestorePlan): string {
  const { disk: _volatile, ...stable } = plan;
  // The local audit chain grows with every step of the restore itself and is
  // never touched by it, so its length is shown but not part of the identity.
  const tables = stable.tables.map((t) => (t.table === 'AuditEvent' ? { ...t, currentRows: 0 } : t));
  return createHash('sha256').update(canonicalJson({ ...stable, tables })).digest('hex');
}
