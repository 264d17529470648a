import { createMemoryContext, testAdmin } from '../test-support/in-memory';
import { seedDefaults } from '../seed/seed-defaults';
import { runBackupNow } from '../backup/jobs/run-backup-now';
import { TEMP_RESTORE_CONFIG_NAME } from '../configurations/configuration-rules';
import type { PackageManifest } from '../package/manifest';
import { registerPackageForRestore, temporaryJobName } from './register-package';

const manifest: PackageManifest = {
  format: 'edms-backup',
  formatVersion: 1,
  packageId: '5b0c6a70-1111-4222-8333-444455556666',
  createdAt: '2026-11-01T02:00:00.000Z',
  backupType: 'FULL',
  source: { instanceId: 'elsewhere', hostname: 'other', appVersion: '1.0.0', databaseProvider: 'sqlite' },
  schemaVersion: '20261126044059_init',
  configuration: { name: 'daily-full' },
  database: { tables: {} },
  files: { count: 0, bytes: 0 },
};

async function setup() {
  const ctx = createMemoryContext();
  await seedDefaults(ctx, { adminPassword: 'correct horse battery' });
  return ctx;
}

describe('temporaryJobName', () => {
  it('is temp_restore_ with a UTC timestamp', () => {
    expect(temporaryJobName(new Date('2026-11-26T10:11:12.345Z'))).toBe('temp_restore_20261126T101112345Z');
  });
});

describe('registerPackageForRestore', () => {
  it('creates a temporary IMPORTED COMPLETED job under temp_restore_config for an unknown package', async () => {
    const ctx = await setup();
    const result = await registerPackageForRestore(ctx.repos, ctx.clock, testAdmin, { path: '/x.tar.gz', sizeBytes: 10, sha256: 'a'.repeat(64), manifest });
    expect(result.createdTemporary).toBe(true);
    expect(result.job).toMatchObject({ origin: 'IMPORTED', status: 'COMPLETED', isTemporary: true, packageId: manifest.packageId, jobName: expect.stringMatching(/^temp_restore_/) });
    const config = ctx.state().configurations.get(result.job.configurationId);
    expect(config).toMatchObject({ name: TEMP_RESTORE_CONFIG_NAME, frequency: 'ON_DEMAND', isTemporary: true });
  });

  it('reuses the job on a second run with the same file (no duplicates)', async () => {
    const ctx = await setup();
    const first = await registerPackageForRestore(ctx.repos, ctx.clock, testAdmin, { path: '/x.tar.gz', sizeBytes: 10, sha256: 'a'.repeat(64), manifest });
    const second = await registerPackageForRestore(ctx.repos, ctx.clock, testAdmin, { path: '/copy.tar.gz', sizeBytes: 10, sha256: 'a'.repeat(64), manifest });
    expect(second).toEqual({ job: first.job, createdTemporary: false });
    expect([...ctx.state().configurations.values()].filter((c) => c.name === TEMP_RESTORE_CONFIG_NAME)).toHaveLength(1);
  });

  it('reuses a catalog job found by sha256 even when the packageId differs', async () => {
    const ctx = await setup();
    const job = await runBackupNow(ctx, testAdmin, { configuration: 'daily-full' });
    const result = await registerPackageForRestore(ctx.repos, ctx.clock, testAdmin, {
      path: '/elsewhere.tar.gz', sizeBytes: 1, sha256: job.sha256 as string, manifest,
    });
    expect(result).toMatchObject({ createdTemporary: false, job: { id: job.id } });
  });

  it('reuses a catalog job found by packageId', async () => {
    const ctx = await setup();
    const job = await runBackupNow(ctx, testAdmin, { configuration: 'daily-full' });
    const result = await registerPackageForRestore(ctx.repos, ctx.clock, testAdmin, {
      path: '/renamed.tar.gz', sizeBytes: 1, sha256: 'b'.repeat(64), manifest: { ...manifest, packageId: job.packageId as string },
    });
    expect(result).toMatchObject({ createdTemporary: false, job: { id: job.id } });
  });
});
