import { isoWeek, isoWeekKey, utcDayKey, utcMonthKey } from './utc-calendar';

const at = (iso: string): Date => new Date(iso);

describe('isoWeek', () => {
  it.each<[string, number, number]>([
    ['2027-01-04T00:00:00.000Z', 2027, 1], // Monday: ISO week 1 of 2027 starts here
    ['2027-01-03T23:59:59.999Z', 2026, 53], // the Sunday before still ends 2026's last week
    ['2027-01-01T12:00:00.000Z', 2026, 53],
    ['2026-12-31T12:00:00.000Z', 2026, 53],
    ['2026-12-28T00:00:00.000Z', 2026, 53],
    ['2026-12-27T23:59:59.999Z', 2026, 52],
    ['2024-12-30T00:00:00.000Z', 2025, 1], // a Monday in December already in next year's week 1
    ['2021-01-03T00:00:00.000Z', 2020, 53],
    ['2028-02-29T00:00:00.000Z', 2028, 9],
    ['2026-01-01T00:00:00.000Z', 2026, 1], // a Thursday: its week is week 1
  ])('puts %s in %i-W%i', (iso, year, week) => {
    expect(isoWeek(at(iso))).toEqual({ year, week });
  });
});

describe('isoWeekKey', () => {
  it('is equal for Monday 00:00 and Sunday 23:59:59.999 of one week, and changes at the next Monday', () => {
    expect(isoWeekKey(at('2027-01-04T00:00:00.000Z'))).toBe(isoWeekKey(at('2027-01-10T23:59:59.999Z')));
    expect(isoWeekKey(at('2027-01-11T00:00:00.000Z'))).toBe(202702);
  });
});

describe('utcDayKey', () => {
  it('follows the UTC day, whatever the server time zone', () => {
    expect(utcDayKey(at('2028-02-29T23:59:59.999Z'))).toBe(20280229);
    expect(utcDayKey(at('2028-03-01T00:00:00.000Z'))).toBe(20280301);
  });
});

describe('utcMonthKey', () => {
  it('changes exactly at the UTC month boundary', () => {
    expect(utcMonthKey(at('2026-12-31T23:59:59.999Z'))).toBe(202612);
    expect(utcMonthKey(at('2027-01-01T00:00:00.000Z'))).toBe(202701);
  });
});
