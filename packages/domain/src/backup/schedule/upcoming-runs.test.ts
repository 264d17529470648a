import type { SchedulableConfiguration } from './find-due-slot';
import { upcomingRuns } from './upcoming-runs';

const at = (iso: string): Date => new Date(iso);

function config(id: string, overrides: Partial<SchedulableConfiguration> = {}): SchedulableConfiguration {
  return {
    id,
    frequency: 'DAILY',
    scheduleTime: '02:00',
    dayOfWeek: null,
    dayOfMonth: null,
    isEnabled: true,
    isTemporary: false,
    createdAt: at('2026-01-01T00:00:00.000Z'),
    ...overrides,
  };
}

const now = at('2027-01-02T12:00:00.000Z'); // a Saturday

function summary(runs: ReturnType<typeof upcomingRuns>): Array<[string, string]> {
  return runs.map((run) => [run.configurationId, run.scheduledFor.toISOString()]);
}

describe('upcomingRuns', () => {
  const configs = [
    config('monthly-full', { frequency: 'MONTHLY', scheduleTime: '04:00', dayOfMonth: 1 }),
    config('weekly-full', { frequency: 'WEEKLY', scheduleTime: '03:00', dayOfWeek: 0 }),
    config('daily-full', { scheduleTime: '02:00' }),
    config('hourly-database', { frequency: 'HOURLY', scheduleTime: '00:00' }),
    config('disabled', { isEnabled: false }),
    config('temporary', { isTemporary: true }),
    config('manual-files', { frequency: 'ON_DEMAND' }),
  ];

  it('lists the next run of each enabled, non-temporary, scheduled configuration, soonest first', () => {
    expect(summary(upcomingRuns(configs, now, 10))).toEqual([
      ['hourly-database', '2027-01-02T13:00:00.000Z'],
      ['daily-full', '2027-01-03T02:00:00.000Z'],
      ['weekly-full', '2027-01-03T03:00:00.000Z'],
      ['monthly-full', '2027-02-01T04:00:00.000Z'],
    ]);
  });

  it.each([
    [0, []],
    [2, ['hourly-database', 'daily-full']],
  ])('returns at most limit runs (limit %i)', (limit, ids) => {
    expect(upcomingRuns(configs, now, limit).map((run) => run.configurationId)).toEqual(ids);
  });

  it('gives the slot after now when a slot is exactly now, since that one is due already', () => {
    expect(summary(upcomingRuns([config('daily-full')], at('2027-01-02T02:00:00.000Z'), 1))).toEqual([
      ['daily-full', '2027-01-03T02:00:00.000Z'],
    ]);
  });

  it('orders runs at the same instant by configuration id', () => {
    expect(upcomingRuns([config('b'), config('a')], now, 2).map((run) => run.configurationId)).toEqual(['a', 'b']);
  });

  it('never lists a slot before the configuration was created (creation time ahead of the clock)', () => {
    const future = config('future', { createdAt: at('2027-01-05T02:00:00.000Z') });
    expect(summary(upcomingRuns([future], now, 1))).toEqual([['future', '2027-01-05T02:00:00.000Z']]);
  });

  it('hands back the configuration object for display', () => {
    const named = { ...config('daily-full'), name: 'Daily full backup' };
    expect(upcomingRuns([named], now, 1)[0]?.config.name).toBe('Daily full backup');
  });

  it('leaves out a configuration with an invalid schedule, since it will not run', () => {
    expect(upcomingRuns([config('broken', { scheduleTime: '7pm' }), config('ok')], now, 5).map((r) => r.configurationId)).toEqual([
      'ok',
    ]);
  });

  it.each([-1, 1.5, Number.NaN])('refuses limit %p', (limit) => {
    expect(() => upcomingRuns(configs, now, limit)).toThrow(RangeError);
  });
});
