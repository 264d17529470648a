import { parseSchedule, type ParsedSchedule, type ScheduleFields } from './validate-schedule';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

type TimedSchedule = Exclude<ParsedSchedule, { frequency: 'ON_DEMAND' }>;

/**
 * The latest scheduled slot at or before `instant` (a slot exactly at `instant`
 * counts), or null for ON_DEMAND. All arithmetic is UTC, so there are no
 * daylight-saving gaps or repeated hours. Slots always have zero seconds and
 * milliseconds, because `(configurationId, scheduledFor)` is unique in the
 * database and two ticks must compute the very same instant.
 *
 * Throws `CONFIG_INVALID_SCHEDULE` when the configuration's schedule is invalid.
 */
export function slotAtOrBefore(config: ScheduleFields, instant: Date): Date | null {
  const at = instantMs(instant, 'instant');
  const schedule = parseSchedule(config);
  if (schedule.frequency === 'ON_DEMAND') return null;
  return new Date(latestSlotMs(schedule, at));
}

/**
 * The earliest scheduled slot strictly after `instant`, or null for ON_DEMAND.
 * Throws `CONFIG_INVALID_SCHEDULE` when the configuration's schedule is invalid.
 */
export function nextSlotAfter(config: ScheduleFields, instant: Date): Date | null {
  const at = instantMs(instant, 'instant');
  const schedule = parseSchedule(config);
  if (schedule.frequency === 'ON_DEMAND') return null;
  return new Date(shiftSlot(schedule, latestSlotMs(schedule, at), 1));
}

function latestSlotMs(schedule: TimedSchedule, at: number): number {
  const candidate = slotInPeriodOf(schedule, new Date(at));
  return candidate <= at ? candidate : shiftSlot(schedule, candidate, -1);
}

/** The slot inside the hour, day, week (Sunday-based) or month that contains `d`. */
function slotInPeriodOf(schedule: TimedSchedule, d: Date): number {
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  const day = d.getUTCDate();
  switch (schedule.frequency) {
    case 'HOURLY':
      return Date.UTC(year, month, day, d.getUTCHours(), schedule.minute);
    case 'DAILY':
      return Date.UTC(year, month, day, schedule.hour, schedule.minute);
    case 'WEEKLY':
      return Date.UTC(year, month, day - d.getUTCDay() + schedule.dayOfWeek, schedule.hour, schedule.minute);
    case 'MONTHLY':
      return Date.UTC(year, month, schedule.dayOfMonth, schedule.hour, schedule.minute);
  }
}

function shiftSlot(schedule: TimedSchedule, slot: number, direction: 1 | -1): number {
  switch (schedule.frequency) {
    case 'HOURLY':
      return slot + direction * HOUR_MS;
    case 'DAILY':
      return slot + direction * DAY_MS;
    case 'WEEKLY':
      return slot + direction * WEEK_MS;
    case 'MONTHLY': {
      // Months differ in length, so step the calendar; dayOfMonth ≤ 28 exists in every month.
      const d = new Date(slot);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + direction, schedule.dayOfMonth, schedule.hour, schedule.minute);
    }
  }
}

/** Rejects an Invalid Date: it would otherwise yield NaN slots that compare false with everything. */
export function instantMs(instant: Date, name: string): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}
