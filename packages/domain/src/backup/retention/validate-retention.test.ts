import type { RetentionPolicy } from '../../model/entities';
import { DomainError } from '../../shared/domain-error';
import { isKeepEverythingPolicy, validateRetention } from './validate-retention';

const policy = (overrides: Partial<RetentionPolicy> = {}): RetentionPolicy => ({
  keepLast: 0,
  keepDaily: 0,
  keepWeekly: 0,
  keepMonthly: 0,
  ...overrides,
});

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('validateRetention', () => {
  it.each<[string, Partial<RetentionPolicy>]>([
    ['all zero', {}],
    ['the maximum of 10000', { keepLast: 10_000, keepDaily: 10_000, keepWeekly: 10_000, keepMonthly: 10_000 }],
    ['a typical policy', { keepLast: 3, keepDaily: 7, keepWeekly: 4, keepMonthly: 12 }],
  ])('accepts %s', (_label, overrides) => {
    expect(() => validateRetention(policy(overrides))).not.toThrow();
  });

  it.each<[string, Partial<RetentionPolicy>, keyof RetentionPolicy]>([
    ['a negative value', { keepLast: -1 }, 'keepLast'],
    ['a fraction', { keepDaily: 1.5 }, 'keepDaily'],
    ['more than 10000', { keepWeekly: 10_001 }, 'keepWeekly'],
    ['NaN', { keepMonthly: Number.NaN }, 'keepMonthly'],
    ['Infinity', { keepMonthly: Number.POSITIVE_INFINITY }, 'keepMonthly'],
    ['a numeric string', { keepLast: '3' as unknown as number }, 'keepLast'],
    ['a missing field', { keepDaily: undefined as unknown as number }, 'keepDaily'],
  ])('refuses %s with CONFIG_INVALID_RETENTION naming the field', (_label, overrides, field) => {
    const error = errorOf(() => validateRetention(policy(overrides)));
    expect(error.code).toBe('CONFIG_INVALID_RETENTION');
    expect(error.details).toMatchObject({ field });
  });

  it('lists every offending field in one clear message', () => {
    const error = errorOf(() => validateRetention(policy({ keepLast: -1, keepMonthly: 20_000 })));
    expect(error.message).toBe(
      'Invalid retention policy: keepLast must be an integer from 0 to 10000; got -1; keepMonthly must be an integer from 0 to 10000; got 20000',
    );
    expect(error.details).toMatchObject({ issues: [{ field: 'keepLast' }, { field: 'keepMonthly' }] });
  });
});

describe('isKeepEverythingPolicy', () => {
  it.each<[Partial<RetentionPolicy>, boolean]>([
    [{}, true],
    [{ keepLast: 1 }, false],
    [{ keepDaily: 1 }, false],
    [{ keepWeekly: 1 }, false],
    [{ keepMonthly: 1 }, false],
  ])('is true only when all four rules are 0 (%j)', (overrides, expected) => {
    expect(isKeepEverythingPolicy(policy(overrides))).toBe(expected);
  });
});
