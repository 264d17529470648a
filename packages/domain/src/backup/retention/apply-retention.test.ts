import type { RetentionPolicy } from '../../model/entities';
import { applyRetention, type RetentionCandidate, type RetentionReason } from './apply-retention';

const policy = (overrides: Partial<RetentionPolicy> = {}): RetentionPolicy => ({
  keepLast: 0,
  keepDaily: 0,
  keepWeekly: 0,
  keepMonthly: 0,
  ...overrides,
});

/** Packages named after their UTC completion time, so expectations read as dates. */
const packages = (...isoTimes: string[]): RetentionCandidate[] =>
  isoTimes.map((iso) => ({ id: iso, completedAt: new Date(`${iso}Z`) }));

const keptIds = (policyOverrides: Partial<RetentionPolicy>, input: RetentionCandidate[]): string[] =>
  applyRetention(policy(policyOverrides), input).keep.map((k) => k.id);

/** One package a day at noon UTC, from `first` to `last` inclusive, ids YYYY-MM-DD. */
function daily(first: string, last: string): RetentionCandidate[] {
  const out: RetentionCandidate[] = [];
  for (let t = Date.parse(`${first}T12:00:00Z`); t <= Date.parse(`${last}T12:00:00Z`); t += 86_400_000) {
    out.push({ id: new Date(t).toISOString().slice(0, 10), completedAt: new Date(t) });
  }
  return out;
}

describe('applyRetention', () => {
  it.each([policy(), policy({ keepLast: 3 })])('returns nothing for no packages (%j)', (p) => {
    expect(applyRetention(p, [])).toEqual({ keep: [], remove: [] });
  });

  it('keeps everything when all four rules are 0, so a zero policy never deletes every backup', () => {
    const input = packages('2026-01-01T00:00', '2026-03-01T00:00', '2026-02-01T00:00');
    expect(applyRetention(policy(), input)).toEqual({
      keep: [
        { id: '2026-03-01T00:00', reasons: ['keep-everything'] },
        { id: '2026-02-01T00:00', reasons: ['keep-everything'] },
        { id: '2026-01-01T00:00', reasons: ['keep-everything'] },
      ],
      remove: [],
    });
  });

  it('matches the restic documentation: 12 Sunday backups with keep-daily 4 keep the last four Sundays', () => {
    const sundays = packages(
      '2019-09-01T11:00', '2019-09-08T11:00', '2019-09-15T11:00', '2019-09-22T11:00',
      '2019-09-29T11:00', '2019-10-06T11:00', '2019-10-13T11:00', '2019-10-20T11:00',
      '2019-10-27T11:00', '2019-11-03T11:00', '2019-11-10T11:00', '2019-11-17T11:00',
    );
    const result = applyRetention(policy({ keepDaily: 4 }), sundays);
    expect(result.keep).toEqual(
      ['2019-11-17T11:00', '2019-11-10T11:00', '2019-11-03T11:00', '2019-10-27T11:00'].map((id) => ({ id, reasons: ['daily'] })),
    );
    expect(result.remove.map((r) => r.id)).toEqual([
      '2019-10-20T11:00', '2019-10-13T11:00', '2019-10-06T11:00', '2019-09-29T11:00',
      '2019-09-22T11:00', '2019-09-15T11:00', '2019-09-08T11:00', '2019-09-01T11:00',
    ]);
  });

  it.each<[string, Partial<RetentionPolicy>, string[], string[]]>([
    [
      'keepLast n keeps the n newest packages, whatever their dates',
      { keepLast: 2 },
      ['2026-03-01T10:00', '2026-03-01T11:00', '2026-03-01T12:00', '2025-01-01T00:00'],
      ['2026-03-01T12:00', '2026-03-01T11:00'],
    ],
    [
      'a rule larger than the number of packages keeps them all',
      { keepLast: 10 },
      ['2026-03-01T10:00', '2026-03-02T10:00'],
      ['2026-03-02T10:00', '2026-03-01T10:00'],
    ],
    [
      'keepDaily keeps the newest package of each day when a day has several',
      { keepDaily: 2 },
      ['2026-03-02T01:00', '2026-03-02T23:59:59.999', '2026-03-02T13:00', '2026-03-01T10:00', '2026-03-01T20:00', '2026-02-28T20:00'],
      ['2026-03-02T23:59:59.999', '2026-03-01T20:00'],
    ],
    [
      'keepDaily counts days that have packages, not calendar days',
      { keepDaily: 3 },
      ['2026-03-01T12:00', '2026-03-05T12:00', '2026-03-20T12:00', '2026-03-21T12:00'],
      ['2026-03-21T12:00', '2026-03-20T12:00', '2026-03-05T12:00'],
    ],
    [
      'keepDaily splits days at midnight UTC',
      { keepDaily: 2 },
      ['2026-03-01T23:59:59.999', '2026-03-02T00:00', '2026-03-02T00:30'],
      ['2026-03-02T00:30', '2026-03-01T23:59:59.999'],
    ],
    [
      'keepWeekly uses ISO weeks across the year end (2027-W01 begins Mon 2027-01-04)',
      { keepWeekly: 3 },
      ['2026-12-24T12:00', '2026-12-27T12:00', '2026-12-31T12:00', '2027-01-03T12:00', '2027-01-04T12:00'],
      ['2027-01-04T12:00', '2027-01-03T12:00', '2026-12-27T12:00'],
    ],
    [
      'keepWeekly counts weeks that have packages, not calendar weeks',
      { keepWeekly: 2 },
      ['2026-01-05T12:00', '2026-03-02T12:00', '2026-06-01T12:00'],
      ['2026-06-01T12:00', '2026-03-02T12:00'],
    ],
    [
      'keepMonthly keeps the newest package of each month, split at the UTC month boundary',
      { keepMonthly: 2 },
      ['2025-12-31T12:00', '2026-01-31T23:59:59.999', '2026-02-01T00:00', '2026-02-15T12:00'],
      ['2026-02-15T12:00', '2026-01-31T23:59:59.999'],
    ],
    [
      'keepMonthly reaches the leap day as February’s newest',
      { keepMonthly: 2 },
      ['2028-02-28T12:00', '2028-02-29T23:00', '2028-03-01T00:00'],
      ['2028-03-01T00:00', '2028-02-29T23:00'],
    ],
  ])('%s', (_rule, policyOverrides, input, expected) => {
    const result = applyRetention(policy(policyOverrides), packages(...input));
    expect(result.keep.map((k) => k.id)).toEqual(expected);
    // Everything not kept is removed, and nothing is lost or counted twice.
    expect([...result.keep, ...result.remove].map((p) => p.id).sort()).toEqual([...input].sort());
  });

  it('combines all rules, keeps what any rule keeps and lists every reason (restic’s daily-backups example)', () => {
    const input = daily('2024-01-01', '2025-06-29'); // 546 days, the last a Sunday
    const result = applyRetention(policy({ keepLast: 3, keepDaily: 7, keepWeekly: 5, keepMonthly: 12 }), input);
    const expected: Array<[string, RetentionReason[]]> = [
      ['2025-06-29', ['last', 'daily', 'weekly', 'monthly']],
      ['2025-06-28', ['last', 'daily']],
      ['2025-06-27', ['last', 'daily']],
      ['2025-06-26', ['daily']],
      ['2025-06-25', ['daily']],
      ['2025-06-24', ['daily']],
      ['2025-06-23', ['daily']],
      // The 7 dailies hold one week's newest, so 4 more Sundays are kept.
      ['2025-06-22', ['weekly']],
      ['2025-06-15', ['weekly']],
      ['2025-06-08', ['weekly']],
      ['2025-06-01', ['weekly']],
      // June's newest is already kept, so 11 more month ends.
      ['2025-05-31', ['monthly']],
      ['2025-04-30', ['monthly']],
      ['2025-03-31', ['monthly']],
      ['2025-02-28', ['monthly']],
      ['2025-01-31', ['monthly']],
      ['2024-12-31', ['monthly']],
      ['2024-11-30', ['monthly']],
      ['2024-10-31', ['monthly']],
      ['2024-09-30', ['monthly']],
      ['2024-08-31', ['monthly']],
      ['2024-07-31', ['monthly']],
    ];
    expect(result.keep.map((k) => [k.id, k.reasons])).toEqual(expected);
    expect(result.remove).toHaveLength(546 - expected.length);
    expect(result.remove[0]?.id).toBe('2025-06-21');
  });

  it.each<Partial<RetentionPolicy>>([{ keepLast: 1 }, { keepDaily: 1 }, { keepWeekly: 1 }, { keepMonthly: 1 }])(
    'always keeps the newest package when any rule is non-zero (%j)',
    (p) => {
      expect(keptIds(p, packages('2026-01-01T00:00', '2026-03-09T12:00', '2026-03-09T11:00'))).toEqual(['2026-03-09T12:00']);
    },
  );

  it('breaks ties on identical completedAt by id, so input order does not matter', () => {
    const same = new Date('2026-03-01T12:00:00Z');
    const input: RetentionCandidate[] = [
      { id: 'c', completedAt: same },
      { id: 'a', completedAt: same },
      { id: 'b', completedAt: same },
    ];
    expect(applyRetention(policy({ keepDaily: 1 }), input)).toEqual({ keep: [{ id: 'a', reasons: ['daily'] }], remove: [{ id: 'b' }, { id: 'c' }] });
    expect(applyRetention(policy({ keepDaily: 1 }), [...input].reverse())).toEqual(applyRetention(policy({ keepDaily: 1 }), input));
  });

  it('does not keep the oldest package additionally (unlike restic 0.17+) when a rule has allowance left', () => {
    expect(keptIds({ keepDaily: 30 }, packages('2026-03-01T01:00', '2026-03-01T02:00', '2026-03-01T03:00'))).toEqual([
      '2026-03-01T03:00',
    ]);
  });

  it('refuses an invalid policy with CONFIG_INVALID_RETENTION instead of removing anything', () => {
    expect(() => applyRetention(policy({ keepLast: -1 }), packages('2026-03-01T00:00'))).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID_RETENTION' }),
    );
  });

  it.each<[string, RetentionCandidate[]]>([
    ['a package listed twice', [...packages('2026-03-01T00:00'), ...packages('2026-03-01T00:00')]],
    ['an Invalid Date', [{ id: 'x', completedAt: new Date(Number.NaN) }]],
  ])('refuses %s', (_label, input) => {
    expect(() => applyRetention(policy({ keepLast: 1 }), input)).toThrow(RangeError);
  });
});
