import { testDatabaseTargets, testPostgresUrl } from './test-databases';

// Nothing listens on port 1: PostgreSQL there is "unreachable".
const NOWHERE = 'postgresql://postgres@127.0.0.1:1/postgres';

describe('which databases the suites run against', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it('skips an unreachable default PostgreSQL on a developer machine, with a warning', () => {
    expect(testDatabaseTargets({}, NOWHERE)).toEqual([['sqlite', 'file:']]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/PostgreSQL for tests is unreachable .*running these tests on SQLite only/));
  });

  it('fails in CI when PostgreSQL is unreachable', () => {
    expect(() => testDatabaseTargets({ CI: 'true' }, NOWHERE)).toThrow(/unreachable.*CI/);
  });

  it('skips an unreachable EDMS_TEST_POSTGRES_URL outside CI and fails in CI', () => {
    expect(testDatabaseTargets({ EDMS_TEST_POSTGRES_URL: NOWHERE })).toEqual([['sqlite', 'file:']]);
    expect(() => testDatabaseTargets({ EDMS_TEST_POSTGRES_URL: NOWHERE, CI: '1' })).toThrow(/unreachable/);
  });

  it('includes a reachable PostgreSQL', () => {
    const targets = testDatabaseTargets();
    expect(targets[0]).toEqual(['sqlite', 'file:']);
    if (targets.length > 1) expect(targets[1]?.[0]).toBe('postgresql');
  });

  it('EDMS_TEST_POSTGRES_URL=none runs SQLite only, except in CI', () => {
    expect(testPostgresUrl({ EDMS_TEST_POSTGRES_URL: 'none' })).toBeNull();
    expect(testDatabaseTargets({ EDMS_TEST_POSTGRES_URL: 'none' })).toEqual([['sqlite', 'file:']]);
    expect(testPostgresUrl({ EDMS_TEST_POSTGRES_URL: 'none', CI: 'true' }, NOWHERE)).toBe(NOWHERE);
  });

  it('uses EDMS_TEST_POSTGRES_URL, else the local default', () => {
    expect(testPostgresUrl({ EDMS_TEST_POSTGRES_URL: 'postgresql://ci@db/x' })).toBe('postgresql://ci@db/x');
    expect(testPostgresUrl({})).toBe('postgresql://postgres@127.0.0.1:5432/postgres');
    expect(testPostgresUrl({ CI: 'false' }, NOWHERE)).toBe(NOWHERE);
  });
});
