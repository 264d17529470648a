import { allowedRestoreTypes, checkSchemaCompatibility, resolveRestoreType, upgradeRow } from './restore-rules';

describe('allowedRestoreTypes', () => {
  it.each([
    ['FULL', ['FULL', 'DATABASE', 'FILES']],
    ['DATABASE', ['DATABASE']],
    ['FILES', ['FILES']],
  ] as const)('a %s package allows %j', (type, allowed) => {
    expect(allowedRestoreTypes(type)).toEqual(allowed);
  });
});

describe('resolveRestoreType', () => {
  it.each([
    ['FULL', undefined, 'FULL'],
    ['FULL', 'FILES', 'FILES'],
    ['FULL', 'DATABASE', 'DATABASE'],
    ['DATABASE', 'DATABASE', 'DATABASE'],
    ['FILES', undefined, 'FILES'],
  ] as const)('%s package, %s requested → %s', (pkg, requested, expected) => {
    expect(resolveRestoreType(pkg, requested)).toBe(expected);
  });

  it.each([
    ['DATABASE', 'FULL'],
    ['DATABASE', 'FILES'],
    ['FILES', 'FULL'],
    ['FILES', 'DATABASE'],
  ] as const)('refuses %s restored as %s', (pkg, requested) => {
    expect(() => resolveRestoreType(pkg, requested)).toThrow(expect.objectContaining({ code: 'RESTORE_TYPE_NOT_IN_PACKAGE' }));
  });
});

describe('checkSchemaCompatibility', () => {
  const known = ['20260101000000_init', '20260301000000_add_x', '20260601000000_add_y'];

  it('accepts the newest schema as is', () => {
    expect(checkSchemaCompatibility('20260601000000_add_y', known)).toEqual({ kind: 'same' });
  });

  it('migrates an older schema forward through every later migration', () => {
    expect(checkSchemaCompatibility('20260101000000_init', known)).toEqual({
      kind: 'older',
      migrateThrough: ['20260301000000_add_x', '20260601000000_add_y'],
    });
    expect(checkSchemaCompatibility('20260301000000_add_x', known)).toEqual({ kind: 'older', migrateThrough: ['20260601000000_add_y'] });
  });

  it('refuses a newer schema with PACKAGE_SCHEMA_NEWER', () => {
    expect(() => checkSchemaCompatibility('20270101000000_future', known)).toThrow(expect.objectContaining({ code: 'PACKAGE_SCHEMA_NEWER' }));
  });

  it('refuses an unknown older name with PACKAGE_SCHEMA_UNKNOWN', () => {
    expect(() => checkSchemaCompatibility('20250101000000_elsewhere', known)).toThrow(expect.objectContaining({ code: 'PACKAGE_SCHEMA_UNKNOWN' }));
  });
});

describe('upgradeRow', () => {
  it('applies the upgrades of the given migrations in order and skips migrations without one', () => {
    const upgrades = {
      a: (_t: string, r: Record<string, unknown>) => ({ ...r, steps: [...(r.steps as string[]), 'a'] }),
      c: (_t: string, r: Record<string, unknown>) => ({ ...r, steps: [...(r.steps as string[]), 'c'] }),
    };
    expect(upgradeRow('User', { steps: [] }, ['a', 'b', 'c'], upgrades)).toEqual({ steps: ['a', 'c'] });
  });
});
