import { FIELD_RULES, fieldOfDomainError, parseConfigurationForm } from './configuration-form';

function form(values: Record<string, string>) {
  const data = new Map(Object.entries(values));
  return { get: (name: string) => data.get(name) ?? null };
}

const valid = {
  name: 'nightly-db',
  description: 'Nightly database',
  backupType: 'DATABASE',
  frequency: 'WEEKLY',
  scheduleTime: '03:30',
  dayOfWeek: '6',
  dayOfMonth: '',
  storagePath: '',
  keepLast: '7',
  keepDaily: '0',
  keepWeekly: '4',
  keepMonthly: '',
  compressionLevel: '6',
  isEnabled: 'on',
};

describe('parseConfigurationForm', () => {
  it('turns the posted strings into typed options', () => {
    const result = parseConfigurationForm(form(valid));
    expect(result).toEqual({
      ok: true,
      values: {
        name: 'nightly-db',
        description: 'Nightly database',
        backupType: 'DATABASE',
        frequency: 'WEEKLY',
        scheduleTime: '03:30',
        dayOfWeek: 6,
        dayOfMonth: null,
        storagePath: '',
        retention: { keepLast: 7, keepDaily: 0, keepWeekly: 4, keepMonthly: 0 },
        compressionLevel: 6,
        encrypt: false,
        isEnabled: true,
      },
    });
  });

  it('reports each wrong field with what it must be', () => {
    const result = parseConfigurationForm(
      form({ ...valid, name: 'Bad Name', scheduleTime: '9:00', dayOfWeek: '7', keepLast: '-1', compressionLevel: '12', storagePath: '../x' }),
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        name: FIELD_RULES.name,
        scheduleTime: FIELD_RULES.scheduleTime,
        dayOfWeek: FIELD_RULES.dayOfWeek,
        keepLast: FIELD_RULES.keepLast,
        compressionLevel: FIELD_RULES.compressionLevel,
        storagePath: FIELD_RULES.storagePath,
      },
    });
  });

  it('needs a day of the month from 1 to 28 for monthly schedules', () => {
    expect(parseConfigurationForm(form({ ...valid, frequency: 'MONTHLY', dayOfMonth: '31' }))).toMatchObject({
      ok: false,
      errors: { dayOfMonth: FIELD_RULES.dayOfMonth },
    });
    expect(parseConfigurationForm(form({ ...valid, frequency: 'MONTHLY', dayOfMonth: '28' }))).toMatchObject({
      ok: true,
      values: { dayOfMonth: 28, dayOfWeek: null },
    });
  });

  it('ignores the time fields of an on-demand configuration', () => {
    expect(parseConfigurationForm(form({ ...valid, frequency: 'ON_DEMAND', scheduleTime: 'nonsense', dayOfWeek: '' }))).toMatchObject({
      ok: true,
    });
  });

  it('refuses unknown types and frequencies', () => {
    expect(parseConfigurationForm(form({ ...valid, backupType: 'EVERYTHING', frequency: 'YEARLY' }))).toMatchObject({
      ok: false,
      errors: { backupType: FIELD_RULES.backupType, frequency: FIELD_RULES.frequency },
    });
  });
});

describe('fieldOfDomainError', () => {
  it('points a domain refusal at its field', () => {
    expect(fieldOfDomainError({ code: 'CONFIG_INVALID_RETENTION', details: { field: 'keepDaily' } })).toBe('keepDaily');
    expect(fieldOfDomainError({ code: 'CONFIG_EXISTS', details: { name: 'x' } })).toBe('name');
    expect(fieldOfDomainError({ code: 'CONFIG_INVALID', details: { field: 'constructor' } })).toBeUndefined();
    expect(fieldOfDomainError(new Error('x'))).toBeUndefined();
  });
});
