import { DomainError } from '../../shared/domain-error';
import { parseSchedule, validateSchedule, type ScheduleFields } from './validate-schedule';

function schedule(overrides: Partial<ScheduleFields>): ScheduleFields {
  return { frequency: 'DAILY', scheduleTime: '02:00', dayOfWeek: null, dayOfMonth: null, ...overrides };
}

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('validateSchedule', () => {
  it.each<[string, Partial<ScheduleFields>]>([
    ['ON_DEMAND ignores every time field, even nonsense', { frequency: 'ON_DEMAND', scheduleTime: 'never', dayOfWeek: 99, dayOfMonth: 31 }],
    ['HOURLY at the first minute', { frequency: 'HOURLY', scheduleTime: '00:00' }],
    ['HOURLY at the last minute', { frequency: 'HOURLY', scheduleTime: '23:59' }],
    ['DAILY at midnight', { frequency: 'DAILY', scheduleTime: '00:00' }],
    ['DAILY at 23:59', { frequency: 'DAILY', scheduleTime: '23:59' }],
    ['DAILY ignores a dayOfWeek it does not use', { frequency: 'DAILY', dayOfWeek: 9 }],
    ['WEEKLY on Sunday (0)', { frequency: 'WEEKLY', dayOfWeek: 0 }],
    ['WEEKLY on Saturday (6)', { frequency: 'WEEKLY', dayOfWeek: 6 }],
    ['MONTHLY on the 1st', { frequency: 'MONTHLY', dayOfMonth: 1 }],
    ['MONTHLY on the 28th', { frequency: 'MONTHLY', dayOfMonth: 28 }],
    ['MONTHLY ignores a dayOfWeek it does not use', { frequency: 'MONTHLY', dayOfMonth: 1, dayOfWeek: -4 }],
  ])('accepts %s', (_label, overrides) => {
    expect(() => validateSchedule(schedule(overrides))).not.toThrow();
  });

  it.each<[string, Partial<ScheduleFields>, string]>([
    ['an hour of 24', { scheduleTime: '24:00' }, 'scheduleTime'],
    ['a minute of 60', { scheduleTime: '23:60' }, 'scheduleTime'],
    ['a one-digit hour', { scheduleTime: '9:00' }, 'scheduleTime'],
    ['seconds', { scheduleTime: '12:00:00' }, 'scheduleTime'],
    ['an empty time', { scheduleTime: '' }, 'scheduleTime'],
    ['letters', { scheduleTime: 'ab:cd' }, 'scheduleTime'],
    ['an invalid time even for HOURLY', { frequency: 'HOURLY', scheduleTime: '99:15' }, 'scheduleTime'],
    ['WEEKLY without dayOfWeek', { frequency: 'WEEKLY', dayOfWeek: null }, 'dayOfWeek'],
    ['WEEKLY with dayOfWeek 7', { frequency: 'WEEKLY', dayOfWeek: 7 }, 'dayOfWeek'],
    ['WEEKLY with dayOfWeek -1', { frequency: 'WEEKLY', dayOfWeek: -1 }, 'dayOfWeek'],
    ['WEEKLY with a fractional dayOfWeek', { frequency: 'WEEKLY', dayOfWeek: 1.5 }, 'dayOfWeek'],
    ['MONTHLY without dayOfMonth', { frequency: 'MONTHLY', dayOfMonth: null }, 'dayOfMonth'],
    ['MONTHLY on day 0', { frequency: 'MONTHLY', dayOfMonth: 0 }, 'dayOfMonth'],
    ['MONTHLY on the 29th', { frequency: 'MONTHLY', dayOfMonth: 29 }, 'dayOfMonth'],
    ['MONTHLY on the 31st', { frequency: 'MONTHLY', dayOfMonth: 31 }, 'dayOfMonth'],
    ['an unknown frequency', { frequency: 'YEARLY' as ScheduleFields['frequency'] }, 'frequency'],
  ])('refuses %s with CONFIG_INVALID_SCHEDULE naming the field', (_label, overrides, field) => {
    const error = errorOf(() => validateSchedule(schedule(overrides)));
    expect(error.code).toBe('CONFIG_INVALID_SCHEDULE');
    expect(error.details).toMatchObject({ field });
  });

  it('explains why the 29th to 31st are refused', () => {
    const error = errorOf(() => validateSchedule(schedule({ frequency: 'MONTHLY', dayOfMonth: 31 })));
    expect(error.message).toBe(
      'Invalid schedule: MONTHLY needs dayOfMonth 1–28 (29–31 are refused because not every month has them); got 31',
    );
  });

  it('states that Sunday is 0 for WEEKLY', () => {
    expect(errorOf(() => validateSchedule(schedule({ frequency: 'WEEKLY', dayOfWeek: 7 }))).message).toContain('0 = Sunday');
  });

  it('lists every problem at once', () => {
    const error = errorOf(() => validateSchedule(schedule({ frequency: 'WEEKLY', scheduleTime: '25:00', dayOfWeek: null })));
    expect(error.details).toEqual({
      field: 'scheduleTime',
      issues: [
        { field: 'scheduleTime', message: 'scheduleTime must be HH:MM between 00:00 and 23:59 UTC; got "25:00"' },
        { field: 'dayOfWeek', message: 'WEEKLY needs dayOfWeek 0–6 (0 = Sunday … 6 = Saturday); got null' },
      ],
    });
  });

  it('refuses untyped input such as a numeric time or a string day', () => {
    const untyped = { frequency: 'WEEKLY', scheduleTime: 200, dayOfWeek: '1', dayOfMonth: null } as unknown as ScheduleFields;
    expect(errorOf(() => validateSchedule(untyped)).details).toMatchObject({
      issues: [{ field: 'scheduleTime' }, { field: 'dayOfWeek' }],
    });
  });
});

describe('parseSchedule', () => {
  it.each<[Partial<ScheduleFields>, ReturnType<typeof parseSchedule>]>([
    [{ frequency: 'ON_DEMAND' }, { frequency: 'ON_DEMAND' }],
    [{ frequency: 'HOURLY', scheduleTime: '07:45' }, { frequency: 'HOURLY', minute: 45 }],
    [{ frequency: 'DAILY', scheduleTime: '01:30', dayOfWeek: 3 }, { frequency: 'DAILY', hour: 1, minute: 30 }],
    [{ frequency: 'WEEKLY', scheduleTime: '03:00', dayOfWeek: 0 }, { frequency: 'WEEKLY', hour: 3, minute: 0, dayOfWeek: 0 }],
    [{ frequency: 'MONTHLY', scheduleTime: '04:05', dayOfMonth: 1 }, { frequency: 'MONTHLY', hour: 4, minute: 5, dayOfMonth: 1 }],
  ])('keeps only the fields the frequency uses: %j', (overrides, expected) => {
    expect(parseSchedule(schedule(overrides))).toEqual(expected);
  });
});
