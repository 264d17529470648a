import { buildRestorePlan, computePlanHash, EMPTY_FILE_PLAN, type BuildPlanInput, type TablePlan } from './restore-plan';
import type { PackageManifest } from '../package/manifest';

const manifest: PackageManifest = {
  format: 'edms-backup',
  formatVersion: 1,
  packageId: '5b0c6a70-1111-4222-8333-444455556666',
  createdAt: '2026-11-01T02:00:00.000Z',
  backupType: 'FULL',
  source: { instanceId: 'here', hostname: 'host', appVersion: '1.0.0', databaseProvider: 'sqlite' },
  schemaVersion: 'v1',
  configuration: { name: 'daily-full' },
};

const table = (name: string, currentRows = 3): TablePlan => ({
  table: name, packageRows: 3, currentRows, insert: 0, replace: 0, delete: 0, unchanged: 3, protected: 0, rule: 'r',
});

const input = (over: Partial<BuildPlanInput> = {}): BuildPlanInput => ({
  restoreType: 'FULL',
  manifest,
  tables: [table('Document'), table('AuditEvent', 10)],
  files: EMPTY_FILE_PLAN,
  localInstanceId: 'here',
  newestLiveChange: new Date('2026-10-01T00:00:00Z'),
  disk: { freeBytes: 10 * 1024 ** 3, totalBytes: 20 * 1024 ** 3 },
  safetyBackupBytes: 1024,
  safetyBackup: true,
  ...over,
});

describe('buildRestorePlan', () => {
  it('has no warnings when the package is newer, from this instance, with room to spare', () => {
    expect(buildRestorePlan(input()).warnings).toEqual([]);
  });

  it('warns when live data changed after the package was made (one ms later counts)', () => {
    expect(buildRestorePlan(input({ newestLiveChange: new Date('2026-11-01T02:00:00.000Z') })).warnings).toEqual([]);
    const plan = buildRestorePlan(input({ newestLiveChange: new Date('2026-11-01T02:00:00.001Z') }));
    expect(plan.warnings.map((w) => w.code)).toEqual(['RESTORE_DATA_NEWER_THAN_PACKAGE']);
  });

  it('warns for a package from another installation', () => {
    expect(buildRestorePlan(input({ localInstanceId: 'elsewhere' })).warnings.map((w) => w.code)).toEqual(['RESTORE_OTHER_INSTANCE']);
  });

  it('warns when little space would remain after the safety snapshot and the files', () => {
    const plan = buildRestorePlan(input({ disk: { freeBytes: 600 * 1024 ** 2, totalBytes: 1024 ** 3 }, safetyBackupBytes: 100 * 1024 ** 2 }));
    expect(plan.warnings.map((w) => w.code)).toEqual(['RESTORE_LOW_DISK_SPACE']);
    expect(plan.disk.neededBytes).toBe(100 * 1024 ** 2);
  });

  it('does not count the safety snapshot when the operator opted out', () => {
    expect(buildRestorePlan(input({ safetyBackup: false, safetyBackupBytes: 5 })).disk.neededBytes).toBe(0);
  });
});

describe('computePlanHash', () => {
  it('is stable for the same plan and ignores free space and the audit chain length', () => {
    const a = computePlanHash(buildRestorePlan(input()));
    expect(computePlanHash(buildRestorePlan(input({ disk: { freeBytes: 9 * 1024 ** 3, totalBytes: 20 * 1024 ** 3 } })))).toBe(a);
    expect(computePlanHash(buildRestorePlan(input({ tables: [table('Document'), table('AuditEvent', 99)] })))).toBe(a);
  });

  it('changes when what will change changes', () => {
    const a = computePlanHash(buildRestorePlan(input()));
    expect(computePlanHash(buildRestorePlan(input({ tables: [table('Document', 4), table('AuditEvent', 10)] })))).not.toBe(a);
    expect(computePlanHash(buildRestorePlan(input({ restoreType: 'DATABASE' })))).not.toBe(a);
    expect(computePlanHash(buildRestorePlan(input({ safetyBackup: false })))).not.toBe(a);
  });
});
