// Calendar buckets for retention, in UTC so the answer does not depend on the
// server's time zone. Each returns a number that is equal for two instants
// exactly when they fall in the same bucket.

const DAY_MS = 86_400_000;

/** YYYYMMDD of the UTC day. */
export function utcDayKey(d: Date): number {
  return d.getUTCFullYear() * 10_000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

/** YYYYMM of the UTC month. */
export function utcMonthKey(d: Date): number {
  return d.getUTCFullYear() * 100 + (d.getUTCMonth() + 1);
}

/** YYYYWW of the ISO-8601 week (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekKey(d: Date): number {
  const { year, week } = isoWeek(d);
  return year * 100 + week;
}

/**
 * ISO-8601 week-numbering year and week of a UTC instant. The week-year can
 * differ from the calendar year near 1 January (2027-01-03 is in 2026-W53).
 */
export function isoWeek(d: Date): { year: number; week: number } {
  const mondayBased = (d.getUTCDay() + 6) % 7;
  // A week belongs to the year that holds its Thursday.
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - mondayBased + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return { year, week };
}
