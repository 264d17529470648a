import { createMemoryContext } from '../test-support/in-memory';
import { seedDefaults } from './seed-defaults';
import { DEFAULT_CONFIGURATIONS } from './default-configurations';
import { verifyPassword } from '../shared/password';

const SPEC_DEFAULTS = [
  ['hourly-database', 'DATABASE', 'HOURLY'],
  ['daily-database', 'DATABASE', 'DAILY'],
  ['daily-files', 'FILES', 'DAILY'],
  ['daily-full', 'FULL', 'DAILY'],
  ['weekly-full', 'FULL', 'WEEKLY'],
  ['monthly-full', 'FULL', 'MONTHLY'],
  ['weekly-database-archive', 'DATABASE', 'WEEKLY'],
  ['monthly-files-archive', 'FILES', 'MONTHLY'],
  ['pre-upgrade-full', 'FULL', 'ON_DEMAND'],
  ['manual-database', 'DATABASE', 'ON_DEMAND'],
  ['manual-files', 'FILES', 'ON_DEMAND'],
  ['compliance-quarterly', 'FULL', 'MONTHLY'],
];

describe('DEFAULT_CONFIGURATIONS', () => {
  it('are exactly the twelve of the specification', () => {
    expect(DEFAULT_CONFIGURATIONS.map((c) => [c.name, c.backupType, c.frequency])).toEqual(SPEC_DEFAULTS);
  });

  it('use the specified times and days', () => {
    const byName = new Map(DEFAULT_CONFIGURATIONS.map((c) => [c.name, c]));
    expect(byName.get('daily-database')?.scheduleTime).toBe('01:00');
    expect(byName.get('daily-files')?.scheduleTime).toBe('01:30');
    expect(byName.get('daily-full')?.scheduleTime).toBe('02:00');
    expect(byName.get('weekly-full')).toMatchObject({ scheduleTime: '03:00', dayOfWeek: 0 });
    expect(byName.get('monthly-full')).toMatchObject({ scheduleTime: '04:00', dayOfMonth: 1 });
    expect(byName.get('weekly-database-archive')).toMatchObject({ scheduleTime: '05:00', dayOfWeek: 6 });
    expect(byName.get('monthly-files-archive')).toMatchObject({ scheduleTime: '05:00', dayOfMonth: 1 });
    expect(byName.get('compliance-quarterly')).toMatchObject({ dayOfMonth: 1, retention: { keepMonthly: 36 } });
  });
});

describe('seedDefaults', () => {
  it('creates the instance id, an admin and the twelve configurations on first run', async () => {
    const ctx = createMemoryContext();
    const result = await seedDefaults(ctx, { adminPassword: 'a-long-enough-password' });
    expect(result.adminCreated).toEqual({ username: 'admin', password: 'a-long-enough-password', generated: false });
    expect(result.configurationsCreated).toHaveLength(12);
    const admin = [...ctx.state().users.values()][0];
    expect(admin?.role).toBe('ADMIN');
    expect(await verifyPassword('a-long-enough-password', admin?.passwordHash ?? '')).toBe(true);
  });

  it('changes nothing when run again', async () => {
    const ctx = createMemoryContext();
    const first = await seedDefaults(ctx, {});
    const auditCount = ctx.state().audit.length;
    const second = await seedDefaults(ctx, {});
    expect(second).toEqual({ instanceId: first.instanceId, adminCreated: null, configurationsCreated: [] });
    expect(ctx.state().configurations.size).toBe(12);
    expect(ctx.state().audit.length).toBe(auditCount);
  });

  it('generates a password when none is given and returns it once', async () => {
    const ctx = createMemoryContext();
    const result = await seedDefaults(ctx, {});
    expect(result.adminCreated?.generated).toBe(true);
    expect(result.adminCreated?.password.length).toBeGreaterThanOrEqual(12);
  });

  it('refuses a too-short admin password and creates nothing', async () => {
    const ctx = createMemoryContext();
    await expect(seedDefaults(ctx, { adminPassword: 'short' })).rejects.toMatchObject({ code: 'USER_PASSWORD_TOO_SHORT' });
    expect(ctx.state().users.size).toBe(0);
  });

  it('does not bring back a default configuration the operator deleted', async () => {
    const ctx = createMemoryContext();
    await seedDefaults(ctx, {});
    const hourly = [...ctx.state().configurations.values()].find((c) => c.name === 'hourly-database');
    ctx.state().configurations.delete(hourly?.id ?? '');
    await seedDefaults(ctx, {});
    expect([...ctx.state().configurations.values()].some((c) => c.name === 'hourly-database')).toBe(false);
  });
});
