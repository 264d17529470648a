import { nextSlotAfter, slotAtOrBefore } from './schedule-slots';
import type { ScheduleFields } from './validate-schedule';

const at = (iso: string): Date => new Date(iso);

const hourlyAt00: ScheduleFields = { frequency: 'HOURLY', scheduleTime: '00:00', dayOfWeek: null, dayOfMonth: null };
const hourlyAt59: ScheduleFields = { frequency: 'HOURLY', scheduleTime: '13:59', dayOfWeek: null, dayOfMonth: null };
const daily0200: ScheduleFields = { frequency: 'DAILY', scheduleTime: '02:00', dayOfWeek: null, dayOfMonth: null };
const daily0000: ScheduleFields = { ...daily0200, scheduleTime: '00:00' };
const daily2330: ScheduleFields = { ...daily0200, scheduleTime: '23:30' };
const weeklySunday0300: ScheduleFields = { frequency: 'WEEKLY', scheduleTime: '03:00', dayOfWeek: 0, dayOfMonth: null };
const weeklySaturday0500: ScheduleFields = { frequency: 'WEEKLY', scheduleTime: '05:00', dayOfWeek: 6, dayOfMonth: null };
const monthly1st0400: ScheduleFields = { frequency: 'MONTHLY', scheduleTime: '04:00', dayOfWeek: null, dayOfMonth: 1 };
const monthly28th2300: ScheduleFields = { frequency: 'MONTHLY', scheduleTime: '23:00', dayOfWeek: null, dayOfMonth: 28 };
const onDemand: ScheduleFields = { frequency: 'ON_DEMAND', scheduleTime: '00:00', dayOfWeek: null, dayOfMonth: null };

describe('slotAtOrBefore', () => {
  it.each<[string, ScheduleFields, string, string]>([
    ['a slot exactly at the instant counts', daily0200, '2026-03-10T02:00:00.000Z', '2026-03-10T02:00:00.000Z'],
    ['one ms before a slot gives the previous one', daily0200, '2026-03-10T01:59:59.999Z', '2026-03-09T02:00:00.000Z'],
    ['late in the day gives that day’s slot', daily0200, '2026-03-10T23:59:59.999Z', '2026-03-10T02:00:00.000Z'],
    ['daily crosses a month end', daily2330, '2026-05-01T00:10:00.000Z', '2026-04-30T23:30:00.000Z'],
    ['daily reaches Feb 29 in a leap year', daily2330, '2028-03-01T00:10:00.000Z', '2028-02-29T23:30:00.000Z'],
    ['daily reaches Feb 28 in a common year', daily2330, '2027-03-01T00:10:00.000Z', '2027-02-28T23:30:00.000Z'],
    ['daily at midnight on Feb 29', daily0000, '2028-02-29T00:00:00.000Z', '2028-02-29T00:00:00.000Z'],
    ['daily crosses the year end', daily2330, '2027-01-01T00:00:00.000Z', '2026-12-31T23:30:00.000Z'],
    ['hourly :00 exactly on the hour', hourlyAt00, '2026-03-10T10:00:00.000Z', '2026-03-10T10:00:00.000Z'],
    ['hourly :00 one ms before the hour', hourlyAt00, '2026-03-10T09:59:59.999Z', '2026-03-10T09:00:00.000Z'],
    ['hourly :59 uses only the minute of its time', hourlyAt59, '2026-03-10T10:59:00.000Z', '2026-03-10T10:59:00.000Z'],
    ['hourly :59 one ms before', hourlyAt59, '2026-03-10T10:58:59.999Z', '2026-03-10T09:59:00.000Z'],
    ['hourly :59 crosses the year end', hourlyAt59, '2027-01-01T00:30:00.000Z', '2026-12-31T23:59:00.000Z'],
    ['weekly Sunday (0) exactly at the slot', weeklySunday0300, '2027-01-03T03:00:00.000Z', '2027-01-03T03:00:00.000Z'],
    ['weekly Sunday one ms before goes back a week, across the year', weeklySunday0300, '2027-01-03T02:59:59.999Z', '2026-12-27T03:00:00.000Z'],
    ['weekly Sunday from the following Saturday', weeklySunday0300, '2027-01-09T23:00:00.000Z', '2027-01-03T03:00:00.000Z'],
    ['weekly Saturday (6) seen from a Sunday', weeklySaturday0500, '2027-01-03T12:00:00.000Z', '2027-01-02T05:00:00.000Z'],
    ['monthly exactly at the slot', monthly1st0400, '2027-01-01T04:00:00.000Z', '2027-01-01T04:00:00.000Z'],
    ['monthly one ms before goes back a month, across the year', monthly1st0400, '2027-01-01T03:59:59.999Z', '2026-12-01T04:00:00.000Z'],
    ['monthly 28th from the leap day', monthly28th2300, '2028-02-29T12:00:00.000Z', '2028-02-28T23:00:00.000Z'],
    ['monthly 28th before it in March goes back to February', monthly28th2300, '2027-03-27T00:00:00.000Z', '2027-02-28T23:00:00.000Z'],
  ])('%s', (_rule, config, instant, expected) => {
    expect(slotAtOrBefore(config, at(instant))?.toISOString()).toBe(expected);
  });

  it('returns slots with zero seconds and milliseconds whatever the instant', () => {
    const slot = slotAtOrBefore(daily0200, at('2026-03-10T02:00:42.123Z'));
    expect(slot?.toISOString()).toBe('2026-03-10T02:00:00.000Z');
  });

  it('returns null for ON_DEMAND', () => {
    expect(slotAtOrBefore(onDemand, at('2026-03-10T02:00:00.000Z'))).toBeNull();
  });

  it('throws CONFIG_INVALID_SCHEDULE for an invalid schedule', () => {
    expect(() => slotAtOrBefore({ ...weeklySunday0300, dayOfWeek: null }, at('2026-03-10T00:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID_SCHEDULE' }),
    );
  });

  it('refuses an Invalid Date', () => {
    expect(() => slotAtOrBefore(daily0200, new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('nextSlotAfter', () => {
  it.each<[string, ScheduleFields, string, string]>([
    ['a slot exactly at the instant is not after it', daily0200, '2026-03-10T02:00:00.000Z', '2026-03-11T02:00:00.000Z'],
    ['one ms before a slot gives that slot', daily0200, '2026-03-10T01:59:59.999Z', '2026-03-10T02:00:00.000Z'],
    ['daily reaches Feb 29 in a leap year', daily0000, '2028-02-28T00:00:00.000Z', '2028-02-29T00:00:00.000Z'],
    ['daily skips to Mar 1 in a common year', daily0000, '2027-02-28T00:00:00.000Z', '2027-03-01T00:00:00.000Z'],
    ['hourly :00 at the hour gives the next hour', hourlyAt00, '2026-03-10T10:00:00.000Z', '2026-03-10T11:00:00.000Z'],
    ['hourly :59 crosses the year end', hourlyAt59, '2026-12-31T23:59:00.000Z', '2027-01-01T00:59:00.000Z'],
    ['weekly Sunday (0) from the Saturday before', weeklySunday0300, '2026-12-26T12:00:00.000Z', '2026-12-27T03:00:00.000Z'],
    ['weekly Sunday exactly at the slot gives the next Sunday', weeklySunday0300, '2027-01-03T03:00:00.000Z', '2027-01-10T03:00:00.000Z'],
    ['monthly crosses the year end', monthly1st0400, '2026-12-01T04:00:00.000Z', '2027-01-01T04:00:00.000Z'],
    ['monthly 28th in February of a leap year', monthly28th2300, '2028-01-28T23:00:00.000Z', '2028-02-28T23:00:00.000Z'],
    ['monthly 28th after it in February', monthly28th2300, '2028-02-29T00:00:00.000Z', '2028-03-28T23:00:00.000Z'],
  ])('%s', (_rule, config, instant, expected) => {
    expect(nextSlotAfter(config, at(instant))?.toISOString()).toBe(expected);
  });

  it.each([hourlyAt59, daily2330, weeklySunday0300, weeklySaturday0500, monthly1st0400, monthly28th2300])(
    'is the slot right after slotAtOrBefore, with nothing in between (%j)',
    (config) => {
      for (const iso of ['2026-12-31T23:59:59.999Z', '2028-02-29T12:34:56.789Z', '2027-01-03T03:00:00.000Z']) {
        const instant = at(iso);
        const before = slotAtOrBefore(config, instant);
        const after = nextSlotAfter(config, instant);
        expect(before!.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(after!.getTime()).toBeGreaterThan(instant.getTime());
        expect(slotAtOrBefore(config, new Date(after!.getTime() - 1))).toEqual(before);
      }
    },
  );

  it('returns null for ON_DEMAND', () => {
    expect(nextSlotAfter(onDemand, at('2026-03-10T02:00:00.000Z'))).toBeNull();
  });

  it('throws CONFIG_INVALID_SCHEDULE for an invalid schedule', () => {
    expect(() => nextSlotAfter({ ...monthly1st0400, dayOfMonth: 31 }, at('2026-03-10T00:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID_SCHEDULE' }),
    );
  });
});
