import { FREQUENCIES, type BackupConfiguration, type Frequency } from '../../model/entities';
import { DomainError } from '../../shared/domain-error';

/** The fields of a BackupConfiguration that decide when it runs. */
export type ScheduleFields = Pick<BackupConfiguration, 'frequency' | 'scheduleTime' | 'dayOfWeek' | 'dayOfMonth'>;

/** A schedule after validation, holding only the fields its frequency uses. */
export type ParsedSchedule =
  | { frequency: 'ON_DEMAND' }
  | { frequency: 'HOURLY'; minute: number }
  | { frequency: 'DAILY'; hour: number; minute: number }
  | { frequency: 'WEEKLY'; hour: number; minute: number; dayOfWeek: number }
  | { frequency: 'MONTHLY'; hour: number; minute: number; dayOfMonth: number };

/** One problem found in a schedule, keyed by field so a form can show it in place. */
export interface ScheduleIssue {
  field: keyof ScheduleFields;
  message: string;
}

// Two digits each, so "9:00" or "24:00" are refused rather than guessed at.
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Highest accepted dayOfMonth. */
export const MAX_DAY_OF_MONTH = 28;

/**
 * Checks that a schedule can be run, and throws `CONFIG_INVALID_SCHEDULE`
 * listing every problem (not only the first) otherwise.
 *
 * - `scheduleTime` is `HH:MM`, 00:00–23:59, UTC. HOURLY uses only the minutes,
 *   but the whole value must still be a valid time.
 * - WEEKLY needs `dayOfWeek` 0–6, 0 = Sunday (JavaScript's `getUTCDay()` numbering).
 * - MONTHLY needs `dayOfMonth` 1–28. 29, 30 and 31 are refused because not every
 *   month has them: a "31st" schedule would silently skip February, April, June,
 *   September and November (or need a rule to move the run to another day that
 *   operators would have to learn). For "end of month", use the 28th or the 1st.
 * - ON_DEMAND ignores the time fields entirely, as do the other frequencies for
 *   fields they do not use (a DAILY schedule's `dayOfWeek` is not an error).
 *
 * Values are checked at runtime, so untyped input (JSON bodies, CLI flags) is safe.
 */
export function validateSchedule(input: ScheduleFields): void {
  parseSchedule(input);
}

/** Validates like {@link validateSchedule} and returns the numbers the slot arithmetic needs. */
export function parseSchedule(input: ScheduleFields): ParsedSchedule {
  const issues: ScheduleIssue[] = [];
  const frequency = input.frequency as unknown;

  if (!isFrequency(frequency)) {
    issues.push({
      field: 'frequency',
      message: `frequency must be one of ${FREQUENCIES.join(', ')}; got ${show(frequency)}`,
    });
    throw scheduleError(issues);
  }
  if (frequency === 'ON_DEMAND') return { frequency };

  const time = HH_MM.exec(typeof input.scheduleTime === 'string' ? input.scheduleTime : '');
  const hour = Number(time?.[1]);
  const minute = Number(time?.[2]);
  if (!time) {
    const hourlyNote = frequency === 'HOURLY' ? ' (HOURLY uses only the minutes)' : '';
    issues.push({
      field: 'scheduleTime',
      message: `scheduleTime must be HH:MM between 00:00 and 23:59 UTC${hourlyNote}; got ${show(input.scheduleTime)}`,
    });
  }

  const dayOfWeek = input.dayOfWeek as unknown;
  if (frequency === 'WEEKLY' && !isIntegerIn(dayOfWeek, 0, 6)) {
    issues.push({
      field: 'dayOfWeek',
      message: `WEEKLY needs dayOfWeek 0–6 (0 = Sunday … 6 = Saturday); got ${show(dayOfWeek)}`,
    });
  }

  const dayOfMonth = input.dayOfMonth as unknown;
  if (frequency === 'MONTHLY' && !isIntegerIn(dayOfMonth, 1, MAX_DAY_OF_MONTH)) {
    issues.push({
      field: 'dayOfMonth',
      message:
        `MONTHLY needs dayOfMonth 1–${MAX_DAY_OF_MONTH} ` +
        `(29–31 are refused because not every month has them); got ${show(dayOfMonth)}`,
    });
  }

  if (issues.length > 0) throw scheduleError(issues);

  switch (frequency) {
    case 'HOURLY':
      return { frequency, minute };
    case 'DAILY':
      return { frequency, hour, minute };
    case 'WEEKLY':
      return { frequency, hour, minute, dayOfWeek: dayOfWeek as number };
    case 'MONTHLY':
      return { frequency, hour, minute, dayOfMonth: dayOfMonth as number };
  }
}

function isFrequency(value: unknown): value is Frequency {
  return typeof value === 'string' && (FREQUENCIES as readonly string[]).includes(value);
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

function scheduleError(issues: ScheduleIssue[]): DomainError {
  return new DomainError('CONFIG_INVALID_SCHEDULE', `Invalid schedule: ${issues.map((i) => i.message).join('; ')}`, {
    details: { field: issues[0]?.field, issues },
  });
}
