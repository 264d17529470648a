import { formatBytes, formatDateTime, formatEnum, formatRetention, formatSchedule } from './format';

describe('formatEnum', () => {
  it('turns enum values into words', () => {
    expect(formatEnum('ON_DEMAND')).toBe('On demand');
    expect(formatEnum('IN_REVIEW')).toBe('In review');
    expect(formatEnum('FULL')).toBe('Full');
  });
});

describe('formatSchedule', () => {
  const base = { scheduleTime: '03:15', dayOfWeek: null, dayOfMonth: null };

  it('describes each frequency in UTC', () => {
    expect(formatSchedule({ ...base, frequency: 'ON_DEMAND' })).toBe('Only when started by hand');
    expect(formatSchedule({ ...base, frequency: 'HOURLY' })).toBe('Every hour at :15');
    expect(formatSchedule({ ...base, frequency: 'DAILY' })).toBe('Every day at 03:15 UTC');
    expect(formatSchedule({ ...base, frequency: 'WEEKLY', dayOfWeek: 0 })).toBe('Sundays at 03:15 UTC');
    expect(formatSchedule({ ...base, frequency: 'WEEKLY', dayOfWeek: 6 })).toBe('Saturdays at 03:15 UTC');
    expect(formatSchedule({ ...base, frequency: 'MONTHLY', dayOfMonth: 1 })).toBe('Day 1 of each month at 03:15 UTC');
  });

  it('still says something when a weekly or monthly day is missing', () => {
    expect(formatSchedule({ ...base, frequency: 'WEEKLY' })).toBe('Weekly at 03:15 UTC');
    expect(formatSchedule({ ...base, frequency: 'MONTHLY' })).toBe('Monthly at 03:15 UTC');
  });
});

describe('formatRetention', () => {
  it('lists the non-zero rules', () => {
    expect(formatRetention({ keepLast: 24, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 })).toBe('Keep last 24');
    expect(formatRetention({ keepLast: 7, keepDaily: 7, keepWeekly: 4, keepMonthly: 12 })).toBe(
      'Keep last 7, 7 daily, 4 weekly, 12 monthly',
    );
  });

  it('says that a policy of zeros keeps everything', () => {
    expect(formatRetention({ keepLast: 0, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 })).toBe('Keep everything');
  });
});

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KiB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MiB');
  });

  it('shows a dash for impossible sizes', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('formatDateTime', () => {
  it('prints UTC to the minute', () => {
    expect(formatDateTime(new Date('2025-01-31T14:05:59.999Z'))).toBe('2025-01-31 14:05 UTC');
    expect(formatDateTime('2025-01-31T14:05:00Z')).toBe('2025-01-31 14:05 UTC');
  });

  it('shows a dash when there is no valid date', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });
});
