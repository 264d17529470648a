import { Flags } from '@oclif/core';
import {
  DomainError,
  parseBackupType,
  parseFrequency,
  type BackupConfiguration,
  type ConfigurationInput,
  type RetentionPolicy,
} from '@edms/domain';
import { formatDate, renderFields, renderTable } from './table';

/** Flags shared by `config create` and `config update`; values are checked by the domain. */
export const configurationFlags = {
  description: Flags.string({ description: 'What the configuration is for (up to 500 characters).' }),
  time: Flags.string({ description: 'Time of day in UTC, HH:MM (HOURLY uses only the minutes).', helpValue: 'HH:MM' }),
  'day-of-week': Flags.string({ description: 'WEEKLY only: 0–6 (0 = Sunday) or sun, mon, … sat.', helpValue: 'DAY' }),
  'day-of-month': Flags.integer({ description: 'MONTHLY only: 1–28.', helpValue: 'N' }),
  'storage-path': Flags.string({ description: 'Directory for the packages; relative paths are under the data directory.', helpValue: 'PATH' }),
  'keep-last': Flags.integer({ description: 'Retention: keep the newest N packages.', helpValue: 'N' }),
  'keep-daily': Flags.integer({ description: 'Retention: keep the newest package of each of the last N days.', helpValue: 'N' }),
  'keep-weekly': Flags.integer({ description: 'Retention: keep the newest package of each of the last N weeks.', helpValue: 'N' }),
  'keep-monthly': Flags.integer({ description: 'Retention: keep the newest package of each of the last N months.', helpValue: 'N' }),
  compression: Flags.integer({ description: 'gzip level 0–9.', helpValue: '0-9' }),
  encrypt: Flags.boolean({ description: 'Encrypt packages with EDMS_BACKUP_PASSPHRASE (--no-encrypt to turn it off).', allowNo: true }),
};

type SharedFlagValues = {
  description?: string | undefined;
  time?: string | undefined;
  'day-of-week'?: string | undefined;
  'day-of-month'?: number | undefined;
  'storage-path'?: string | undefined;
  'keep-last'?: number | undefined;
  'keep-daily'?: number | undefined;
  'keep-weekly'?: number | undefined;
  'keep-monthly'?: number | undefined;
  compression?: number | undefined;
  encrypt?: boolean | undefined;
  type?: string | undefined;
  frequency?: string | undefined;
};

const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** 0–6 or a day name (`sun`, `Sunday`); anything else is the same schedule error the domain raises. */
export function parseDayOfWeek(value: string): number {
  const trimmed = value.trim().toLowerCase();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const index = DAY_NAMES.findIndex((day) => trimmed === day || trimmed === day.slice(0, 3));
  if (index === -1) {
    throw new DomainError('CONFIG_INVALID_SCHEDULE', `day of week "${value}" must be 0–6 (0 = Sunday) or a day name such as sun or monday`, {
      details: { field: 'dayOfWeek' },
    });
  }
  return index;
}

/** The fields given on the command line, as a partial ConfigurationInput (undefined = not given). */
export function configurationInputFromFlags(flags: SharedFlagValues): Partial<ConfigurationInput> {
  const retention: Partial<RetentionPolicy> = {};
  if (flags['keep-last'] !== undefined) retention.keepLast = flags['keep-last'];
  if (flags['keep-daily'] !== undefined) retention.keepDaily = flags['keep-daily'];
  if (flags['keep-weekly'] !== undefined) retention.keepWeekly = flags['keep-weekly'];
  if (flags['keep-monthly'] !== undefined) retention.keepMonthly = flags['keep-monthly'];
  const input: Partial<ConfigurationInput> = {};
  if (flags.type !== undefined) input.backupType = parseBackupType(flags.type);
  if (flags.frequency !== undefined) input.frequency = parseFrequency(flags.frequency);
  if (flags.description !== undefined) input.description = flags.description;
  if (flags.time !== undefined) input.scheduleTime = flags.time;
  if (flags['day-of-week'] !== undefined) input.dayOfWeek = parseDayOfWeek(flags['day-of-week']);
  if (flags['day-of-month'] !== undefined) input.dayOfMonth = flags['day-of-month'];
  if (flags['storage-path'] !== undefined) input.storagePath = flags['storage-path'];
  if (Object.keys(retention).length > 0) input.retention = retention as RetentionPolicy;
  if (flags.compression !== undefined) input.compressionLevel = flags.compression;
  if (flags.encrypt !== undefined) input.encrypt = flags.encrypt;
  return input;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** `DAILY 02:00`, `WEEKLY Sun 03:00`, `MONTHLY 1st 04:00`, `HOURLY :15`, `ON_DEMAND`. */
export function describeSchedule(c: Pick<BackupConfiguration, 'frequency' | 'scheduleTime' | 'dayOfWeek' | 'dayOfMonth'>): string {
  switch (c.frequency) {
    case 'ON_DEMAND':
      return 'ON_DEMAND';
    case 'HOURLY':
      return `HOURLY :${c.scheduleTime.slice(3)}`;
    case 'DAILY':
      return `DAILY ${c.scheduleTime}`;
    case 'WEEKLY':
      return `WEEKLY ${WEEKDAYS[c.dayOfWeek ?? 0] ?? c.dayOfWeek} ${c.scheduleTime}`;
    case 'MONTHLY':
      return `MONTHLY ${ordinal(c.dayOfMonth ?? 1)} ${c.scheduleTime}`;
  }
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

function describeRetention(r: RetentionPolicy): string {
  return `last ${r.keepLast}, daily ${r.keepDaily}, weekly ${r.keepWeekly}, monthly ${r.keepMonthly}`;
}

export function renderConfigurationTable(configurations: readonly BackupConfiguration[]): string {
  return renderTable(configurations, [
    { header: 'NAME', value: (c) => c.name },
    { header: 'TYPE', value: (c) => c.backupType },
    { header: 'SCHEDULE (UTC)', value: (c) => describeSchedule(c) },
    { header: 'ENABLED', value: (c) => c.isEnabled },
    { header: 'ENCRYPT', value: (c) => c.encrypt },
    { header: 'RETENTION', value: (c) => describeRetention(c.retention) },
    { header: 'STORAGE PATH', value: (c) => c.storagePath },
  ]);
}

export function renderConfiguration(c: BackupConfiguration): string {
  return renderFields([
    ['Name', c.name],
    ['Id', c.id],
    ['Description', c.description],
    ['Type', c.backupType],
    ['Schedule (UTC)', describeSchedule(c)],
    ['Enabled', c.isEnabled],
    ['Temporary', c.isTemporary],
    ['Storage path', c.storagePath],
    ['Retention', describeRetention(c.retention)],
    ['Compression', c.compressionLevel],
    ['Encrypt', c.encrypt],
    ['Created', formatDate(c.createdAt)],
    ['Updated', formatDate(c.updatedAt)],
  ]);
}
