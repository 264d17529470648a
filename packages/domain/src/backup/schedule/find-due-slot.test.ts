import type { DomainError } from '../../shared/domain-error';
import {
  findDueSlot,
  planSchedulerTick,
  type ConfigurationScheduleState,
  type DueSlotInput,
  type SchedulableConfiguration,
} from './find-due-slot';

const at = (iso: string): Date => new Date(iso);

function config(overrides: Partial<SchedulableConfiguration> = {}): SchedulableConfiguration {
  return {
    id: 'daily-full',
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

function due(overrides: Partial<DueSlotInput> = {}): string | null {
  const slot = findDueSlot({
    config: config(),
    now: at('2026-03-10T02:00:00.000Z'),
    lastScheduledFor: at('2026-03-09T02:00:00.000Z'),
    hasActiveJob: false,
    ...overrides,
  });
  return slot?.toISOString() ?? null;
}

describe('findDueSlot', () => {
  it('returns the slot when now is exactly the slot time', () => {
    expect(due()).toBe('2026-03-10T02:00:00.000Z');
  });

  it('returns nothing one millisecond before the slot', () => {
    expect(due({ now: at('2026-03-10T01:59:59.999Z') })).toBeNull();
  });

  it('returns the exact slot instant, with zero seconds and milliseconds, when the tick is late', () => {
    expect(due({ now: at('2026-03-10T02:00:31.417Z') })).toBe('2026-03-10T02:00:00.000Z');
  });

  it('runs each slot once: not again once it is the last scheduled one', () => {
    expect(due({ lastScheduledFor: at('2026-03-10T02:00:00.000Z'), now: at('2026-03-10T09:00:00.000Z') })).toBeNull();
  });

  it('enqueues only the most recent slot after a 3-day downtime', () => {
    const now = at('2026-03-10T09:00:00.000Z');
    const lastScheduledFor = at('2026-03-07T02:00:00.000Z');
    expect(due({ now, lastScheduledFor })).toBe('2026-03-10T02:00:00.000Z');
    // After that one catch-up is enqueued, the missed 8th and 9th never follow.
    expect(due({ now, lastScheduledFor: at('2026-03-10T02:00:00.000Z') })).toBeNull();
  });

  it('enqueues one hourly catch-up after downtime across the year end', () => {
    const hourly = config({ frequency: 'HOURLY', scheduleTime: '00:59' });
    expect(due({ config: hourly, now: at('2027-01-01T03:10:00.000Z'), lastScheduledFor: at('2026-12-31T20:59:00.000Z') })).toBe(
      '2027-01-01T02:59:00.000Z',
    );
  });

  it.each<[string, Partial<SchedulableConfiguration>]>([
    ['a disabled configuration', { isEnabled: false }],
    ['a temporary configuration', { isTemporary: true }],
    ['an ON_DEMAND configuration', { frequency: 'ON_DEMAND' }],
  ])('never schedules %s', (_label, overrides) => {
    expect(due({ config: config(overrides) })).toBeNull();
  });

  it('enqueues nothing while a job of the configuration is active', () => {
    expect(due({ hasActiveJob: true })).toBeNull();
  });

  it('defers a slot blocked by an active job to the first tick after the job ends', () => {
    expect(due({ now: at('2026-03-10T02:00:00.000Z'), hasActiveJob: true })).toBeNull();
    expect(due({ now: at('2026-03-10T03:15:00.000Z'), hasActiveJob: false })).toBe('2026-03-10T02:00:00.000Z');
  });

  it.each<[string, string, string, string | null]>([
    ['created after its latest slot waits for the next one', '2026-03-10T14:00:00.000Z', '2026-03-10T14:00:30.000Z', null],
    ['created after its latest slot runs at the next one', '2026-03-10T14:00:00.000Z', '2026-03-11T02:00:00.000Z', '2026-03-11T02:00:00.000Z'],
    ['created one ms after a slot does not run that slot', '2026-03-10T02:00:00.001Z', '2026-03-10T02:00:05.000Z', null],
    ['created exactly at a slot runs that slot', '2026-03-10T02:00:00.000Z', '2026-03-10T02:00:05.000Z', '2026-03-10T02:00:00.000Z'],
    ['created before a slot that has since passed runs it', '2026-03-10T01:00:00.000Z', '2026-03-10T02:05:00.000Z', '2026-03-10T02:00:00.000Z'],
    ['created long ago without jobs (restored) runs its latest slot', '2025-01-01T00:00:00.000Z', '2026-03-10T09:00:00.000Z', '2026-03-10T02:00:00.000Z'],
  ])('a new configuration (no scheduled job yet) %s', (_label, createdAt, now, expected) => {
    expect(due({ config: config({ createdAt: at(createdAt) }), now: at(now), lastScheduledFor: null })).toBe(expected);
  });

  it('runs an overdue slot once after re-enabling, since only createdAt holds slots back', () => {
    expect(due({ now: at('2026-03-20T14:00:00.000Z'), lastScheduledFor: at('2026-03-01T02:00:00.000Z') })).toBe(
      '2026-03-20T02:00:00.000Z',
    );
  });

  it('enqueues nothing while lastScheduledFor is ahead of the clock (clock set back)', () => {
    expect(due({ now: at('2026-03-10T02:00:00.000Z'), lastScheduledFor: at('2026-03-12T02:00:00.000Z') })).toBeNull();
  });

  it.each<[string, Partial<SchedulableConfiguration>, string, string]>([
    ['weekly on Sunday (0) at its slot', { frequency: 'WEEKLY', scheduleTime: '03:00', dayOfWeek: 0 }, '2027-01-03T03:00:00.000Z', '2027-01-03T03:00:00.000Z'],
    ['monthly on the 28th, reached on the leap day', { frequency: 'MONTHLY', scheduleTime: '04:00', dayOfMonth: 28 }, '2028-02-29T00:00:00.000Z', '2028-02-28T04:00:00.000Z'],
    ['monthly on the 1st across the year end', { frequency: 'MONTHLY', scheduleTime: '04:00', dayOfMonth: 1 }, '2027-01-01T04:00:00.000Z', '2027-01-01T04:00:00.000Z'],
  ])('applies the same rules to %s', (_label, overrides, now, expected) => {
    expect(due({ config: config(overrides), now: at(now), lastScheduledFor: at('2026-06-01T00:00:00.000Z') })).toBe(expected);
  });

  it('throws CONFIG_INVALID_SCHEDULE for an enabled configuration with an invalid schedule', () => {
    expect(() => due({ config: config({ frequency: 'WEEKLY', dayOfWeek: null }) })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID_SCHEDULE' }),
    );
  });

  it('does not look at the schedule of a disabled configuration', () => {
    expect(due({ config: config({ frequency: 'WEEKLY', dayOfWeek: null, isEnabled: false }) })).toBeNull();
  });
});

describe('planSchedulerTick', () => {
  const now = at('2026-03-10T05:00:00.000Z');
  const state = (
    overrides: Partial<SchedulableConfiguration>,
    lastScheduledFor: string | null = '2026-03-01T00:00:00.000Z',
    hasActiveJob = false,
  ): ConfigurationScheduleState => ({
    config: config(overrides),
    lastScheduledFor: lastScheduledFor === null ? null : at(lastScheduledFor),
    hasActiveJob,
  });

  it('plans the due slot of each due configuration, oldest slot first, then by id', () => {
    const plan = planSchedulerTick({
      now,
      configs: [
        state({ id: 'hourly-database', frequency: 'HOURLY', scheduleTime: '00:00' }),
        state({ id: 'daily-full', scheduleTime: '02:00' }),
        state({ id: 'daily-database', scheduleTime: '01:00' }),
        state({ id: 'b-daily', scheduleTime: '01:00' }),
        state({ id: 'already-run', scheduleTime: '02:00' }, '2026-03-10T02:00:00.000Z'),
        state({ id: 'busy', scheduleTime: '02:00' }, '2026-03-01T00:00:00.000Z', true),
        state({ id: 'disabled', isEnabled: false }),
        state({ id: 'temporary', isTemporary: true }),
        state({ id: 'manual', frequency: 'ON_DEMAND' }),
      ],
    });
    expect(plan).toEqual([
      { configurationId: 'b-daily', scheduledFor: at('2026-03-10T01:00:00.000Z') },
      { configurationId: 'daily-database', scheduledFor: at('2026-03-10T01:00:00.000Z') },
      { configurationId: 'daily-full', scheduledFor: at('2026-03-10T02:00:00.000Z') },
      { configurationId: 'hourly-database', scheduledFor: at('2026-03-10T05:00:00.000Z') },
    ]);
  });

  it('returns an empty plan when there are no configurations', () => {
    expect(planSchedulerTick({ now, configs: [] })).toEqual([]);
  });

  it('skips and reports a configuration with an invalid schedule without stopping the others', () => {
    const reported: Array<[string, DomainError]> = [];
    const plan = planSchedulerTick({
      now,
      configs: [state({ id: 'broken', frequency: 'MONTHLY', dayOfMonth: 31 }), state({ id: 'daily-full' })],
      onInvalidSchedule: (id, error) => reported.push([id, error]),
    });
    expect(plan).toEqual([{ configurationId: 'daily-full', scheduledFor: at('2026-03-10T02:00:00.000Z') }]);
    expect(reported).toHaveLength(1);
    expect(reported[0]?.[0]).toBe('broken');
    expect(reported[0]?.[1].code).toBe('CONFIG_INVALID_SCHEDULE');
  });

  it('still skips an invalid configuration when nobody listens', () => {
    const plan = planSchedulerTick({ now, configs: [state({ id: 'broken', scheduleTime: '25:00' })] });
    expect(plan).toEqual([]);
  });

  it('lets programming errors such as an Invalid Date through', () => {
    expect(() => planSchedulerTick({ now: new Date(Number.NaN), configs: [state({})] })).toThrow(RangeError);
  });
});
