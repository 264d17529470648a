import { createMemoryContext, testAdmin, testOperator, testViewer } from '../test-support/in-memory';
import {
  createConfiguration,
  deleteConfiguration,
  getConfiguration,
  listConfigurations,
  updateConfiguration,
} from './manage-configurations';
import { TEMP_RESTORE_CONFIG_NAME } from './configuration-rules';

describe('createConfiguration', () => {
  it('fills defaults and records an audit event', async () => {
    const ctx = createMemoryContext();
    const created = await createConfiguration(ctx, testOperator, { name: 'nightly', backupType: 'FULL', frequency: 'DAILY' });
    expect(created).toMatchObject({
      name: 'nightly',
      scheduleTime: '02:00',
      storagePath: 'backups/nightly',
      compressionLevel: 6,
      encrypt: false,
      isEnabled: true,
      isTemporary: false,
    });
    expect(ctx.state().audit.map((e) => e.action)).toEqual(['config.create']);
  });

  it('defaults weekly to Sunday and monthly to the 1st', async () => {
    const ctx = createMemoryContext();
    const weekly = await createConfiguration(ctx, testAdmin, { name: 'w', backupType: 'FULL', frequency: 'WEEKLY' });
    const monthly = await createConfiguration(ctx, testAdmin, { name: 'm', backupType: 'FULL', frequency: 'MONTHLY' });
    expect(weekly.dayOfWeek).toBe(0);
    expect(monthly.dayOfMonth).toBe(1);
  });

  it.each([
    [{ name: 'Bad Name' }, 'CONFIG_INVALID'],
    [{ name: TEMP_RESTORE_CONFIG_NAME }, 'CONFIG_INVALID'],
    [{ scheduleTime: '24:00' }, 'CONFIG_INVALID_SCHEDULE'],
    [{ compressionLevel: 10 }, 'CONFIG_INVALID'],
    [{ compressionLevel: -1 }, 'CONFIG_INVALID'],
    [{ storagePath: '../outside' }, 'CONFIG_INVALID'],
    [{ storagePath: 'a/../../b' }, 'CONFIG_INVALID'],
    [{ retention: { keepLast: -1, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 } }, 'CONFIG_INVALID_RETENTION'],
  ])('refuses %j with %s and stores nothing', async (override, code) => {
    const ctx = createMemoryContext();
    await expect(
      createConfiguration(ctx, testAdmin, { name: 'x', backupType: 'FULL', frequency: 'DAILY', ...override }),
    ).rejects.toMatchObject({ code });
    expect(ctx.state().configurations.size).toBe(0);
    expect(ctx.state().audit).toHaveLength(0);
  });

  it('accepts compression levels 0 and 9 at the boundaries', async () => {
    const ctx = createMemoryContext();
    await createConfiguration(ctx, testAdmin, { name: 'a', backupType: 'FULL', frequency: 'DAILY', compressionLevel: 0 });
    await createConfiguration(ctx, testAdmin, { name: 'b', backupType: 'FULL', frequency: 'DAILY', compressionLevel: 9 });
    expect(ctx.state().configurations.size).toBe(2);
  });

  it('refuses a duplicate name with CONFIG_EXISTS', async () => {
    const ctx = createMemoryContext();
    await createConfiguration(ctx, testAdmin, { name: 'dup', backupType: 'FULL', frequency: 'DAILY' });
    await expect(createConfiguration(ctx, testAdmin, { name: 'dup', backupType: 'FILES', frequency: 'DAILY' })).rejects.toMatchObject({
      code: 'CONFIG_EXISTS',
    });
  });

  it('refuses a viewer with FORBIDDEN', async () => {
    const ctx = createMemoryContext();
    await expect(createConfiguration(ctx, testViewer, { name: 'v', backupType: 'FULL', frequency: 'DAILY' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('updateConfiguration', () => {
  it('changes only the given fields and records which ones', async () => {
    const ctx = createMemoryContext();
    await createConfiguration(ctx, testAdmin, { name: 'n', backupType: 'FULL', frequency: 'DAILY', description: 'keep' });
    const updated = await updateConfiguration(ctx, testAdmin, 'n', { scheduleTime: '03:30', isEnabled: false });
    expect(updated).toMatchObject({ scheduleTime: '03:30', isEnabled: false, description: 'keep', backupType: 'FULL' });
    expect(ctx.state().audit[1]?.details).toMatchObject({ changed: ['scheduleTime', 'isEnabled'] });
  });

  it('validates the merged result, e.g. switching to WEEKLY keeps a valid day', async () => {
    const ctx = createMemoryContext();
    await createConfiguration(ctx, testAdmin, { name: 'n', backupType: 'FULL', frequency: 'DAILY' });
    await expect(updateConfiguration(ctx, testAdmin, 'n', { frequency: 'WEEKLY' })).rejects.toMatchObject({
      code: 'CONFIG_INVALID_SCHEDULE',
    });
    expect((await getConfiguration(ctx, testAdmin, 'n')).frequency).toBe('DAILY');
  });

  it('refuses to rename onto an existing name', async () => {
    const ctx = createMemoryContext();
    await createConfiguration(ctx, testAdmin, { name: 'a', backupType: 'FULL', frequency: 'DAILY' });
    await createConfiguration(ctx, testAdmin, { name: 'b', backupType: 'FULL', frequency: 'DAILY' });
    await expect(updateConfiguration(ctx, testAdmin, 'a', { name: 'b' })).rejects.toMatchObject({ code: 'CONFIG_EXISTS' });
  });

  it('reports an unknown configuration as CONFIG_NOT_FOUND', async () => {
    const ctx = createMemoryContext();
    await expect(updateConfiguration(ctx, testAdmin, 'ghost', { isEnabled: false })).rejects.toMatchObject({ code: 'CONFIG_NOT_FOUND' });
  });
});

describe('deleteConfiguration', () => {
  it('deletes a configuration without backups', async () => {
    const ctx = createMemoryContext();
    await createConfiguration(ctx, testAdmin, { name: 'gone', backupType: 'FULL', frequency: 'DAILY' });
    await deleteConfiguration(ctx, testAdmin, 'gone');
    expect(await listConfigurations(ctx, testViewer)).toEqual([]);
  });

  it('refuses one that still has backups in the catalog', async () => {
    const ctx = createMemoryContext();
    const c = await createConfiguration(ctx, testAdmin, { name: 'used', backupType: 'FULL', frequency: 'DAILY' });
    ctx.state().backupJobCounts.set(c.id, 1);
    await expect(deleteConfiguration(ctx, testAdmin, 'used')).rejects.toMatchObject({ code: 'CONFIG_IN_USE' });
  });

  it('refuses to delete or edit the temporary restore configuration', async () => {
    const ctx = createMemoryContext();
    const now = ctx.clock.now();
    ctx.state().configurations.set('t', {
      id: 't', name: TEMP_RESTORE_CONFIG_NAME, description: '', backupType: 'FULL', frequency: 'ON_DEMAND', scheduleTime: '00:00',
      dayOfWeek: null, dayOfMonth: null, storagePath: 'backups/imported', retention: { keepLast: 0, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 },
      compressionLevel: 6, encrypt: false, isEnabled: true, isTemporary: true, createdById: null, createdAt: now, updatedAt: now,
    });
    await expect(deleteConfiguration(ctx, testAdmin, TEMP_RESTORE_CONFIG_NAME)).rejects.toMatchObject({ code: 'CONFIG_PROTECTED' });
    await expect(updateConfiguration(ctx, testAdmin, TEMP_RESTORE_CONFIG_NAME, { isEnabled: false })).rejects.toMatchObject({
      code: 'CONFIG_PROTECTED',
    });
  });
});
