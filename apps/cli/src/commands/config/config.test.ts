import { CliSandbox } from '../../test-support/run-cli';

const DEFAULT_NAMES = [
  'compliance-quarterly',
  'daily-database',
  'daily-files',
  'daily-full',
  'hourly-database',
  'manual-database',
  'manual-files',
  'monthly-files-archive',
  'monthly-full',
  'pre-upgrade-full',
  'weekly-database-archive',
  'weekly-full',
];

describe('edms config', () => {
  const cli = new CliSandbox();
  afterAll(() => cli.cleanup());

  it('prints exactly the 12 default configurations with --json, and nothing else on stdout', async () => {
    const result = await cli.run(['config', 'list', '--json']);
    expect(result.code).toBe(0);
    const configurations = result.json<Array<{ name: string; backupType: string; frequency: string }>>();
    expect(configurations.map((c) => c.name).sort()).toEqual(DEFAULT_NAMES);
    expect(configurations.find((c) => c.name === 'weekly-full')).toMatchObject({ backupType: 'FULL', frequency: 'WEEKLY', dayOfWeek: 0, scheduleTime: '03:00' });
    // The first start seeds the administrator and says so on stderr, never on stdout.
    expect(result.stderr).toContain('Created administrator "admin"');
  });

  it('lists configurations as an aligned table without --json', async () => {
    const result = await cli.run(['config', 'list']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+TYPE\s+SCHEDULE \(UTC\)/);
    expect(lines).toHaveLength(13);
    expect(result.stdout).toMatch(/weekly-full\s+FULL\s+WEEKLY Sun 03:00/);
    expect(result.stderr).toBe('');
  });

  it('creates, shows, updates and deletes a configuration', async () => {
    const created = await cli.run([
      'config', 'create', 'offsite-weekly', '--type', 'full', '--frequency', 'weekly', '--day-of-week', 'sat',
      '--time', '04:30', '--keep-weekly', '12', '--encrypt', '--description', 'Weekly copy for the vault', '--json',
    ]);
    expect(created.code).toBe(0);
    expect(created.json()).toMatchObject({
      name: 'offsite-weekly',
      backupType: 'FULL',
      frequency: 'WEEKLY',
      dayOfWeek: 6,
      scheduleTime: '04:30',
      encrypt: true,
      isEnabled: true,
      storagePath: 'backups/offsite-weekly',
      retention: { keepWeekly: 12 },
    });

    const shown = await cli.run(['config', 'show', 'offsite-weekly']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/Schedule \(UTC\):\s+WEEKLY Sat 04:30/);
    expect(shown.stdout).toMatch(/Description:\s+Weekly copy for the vault/);

    const updated = await cli.run(['config', 'update', 'offsite-weekly', '--disabled', '--name', 'vault-weekly', '--time', '05:00', '--json']);
    expect(updated.code).toBe(0);
    expect(updated.json()).toMatchObject({ name: 'vault-weekly', isEnabled: false, scheduleTime: '05:00', retention: { keepWeekly: 12 } });

    const deleted = await cli.run(['config', 'delete', 'vault-weekly', '--yes', '--json']);
    expect(deleted.code).toBe(0);
    expect(deleted.json()).toMatchObject({ deleted: { name: 'vault-weekly' } });

    const gone = await cli.run(['config', 'show', 'vault-weekly', '--json']);
    expect(gone.code).toBe(3);
    expect(gone.json()).toEqual({
      error: expect.objectContaining({ code: 'CONFIG_NOT_FOUND', message: expect.stringContaining('vault-weekly') }),
    });
  });

  it('refuses a schedule time that is not HH:MM with exit code 2 and CONFIG_INVALID_SCHEDULE', async () => {
    const result = await cli.run(['config', 'create', 'bad-time', '--type', 'database', '--frequency', 'daily', '--time', '25:00', '--json']);
    expect(result.code).toBe(2);
    const body = result.json();
    expect(body.error.code).toBe('CONFIG_INVALID_SCHEDULE');
    expect(body.error.message).toContain('25:00');
    expect(body.error.details).toMatchObject({ field: 'scheduleTime' });
  });

  it('refuses an unknown backup type with exit code 2 and CONFIG_INVALID', async () => {
    const result = await cli.run(['config', 'create', 'bad-type', '--type', 'everything', '--frequency', 'daily', '--json']);
    expect(result.code).toBe(2);
    expect(result.json().error).toMatchObject({ code: 'CONFIG_INVALID', details: { field: 'backupType' } });
  });

  it('reports a domain error as "Error [CODE]: message" on stderr, without a stack trace', async () => {
    const result = await cli.run(['config', 'create', 'daily-full', '--type', 'full', '--frequency', 'daily']);
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Error \[CONFIG_EXISTS\]: a configuration named "daily-full" already exists$/m);
    expect(result.stderr).toContain('Hint: ');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a missing argument as a usage error with exit code 2 and a JSON body', async () => {
    const result = await cli.run(['config', 'show', '--json']);
    expect(result.code).toBe(2);
    expect(result.json().error.code).toBe('USAGE_ERROR');
  });

  it('refuses to delete without --yes when there is no terminal, and names --yes', async () => {
    const result = await cli.run(['config', 'delete', 'manual-files']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('CONFIRMATION_REQUIRED');
    expect(result.stderr).toContain('--yes');
    const stillThere = await cli.run(['config', 'show', 'manual-files', '--json']);
    expect(stillThere.code).toBe(0);
    expect(stillThere.json().name).toBe('manual-files');
  });

  it('refuses an update that changes nothing', async () => {
    const result = await cli.run(['config', 'update', 'daily-full', '--json']);
    expect(result.code).toBe(2);
    expect(result.json().error.code).toBe('USAGE_ERROR');
  });
});
