import type { BackupConfiguration, RetentionPolicy } from '@edms/domain';

/**
 * Display formatting shared by the pages. Times are shown in UTC, as schedules
 * are defined in UTC and an audit reader must not have to guess the zone.
 */

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** `ON_DEMAND` → `On demand`, `IN_REVIEW` → `In review`. */
export function formatEnum(value: string): string {
  const words = value.toLowerCase().split('_').filter(Boolean).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export type ScheduleFields = Pick<BackupConfiguration, 'frequency' | 'scheduleTime' | 'dayOfWeek' | 'dayOfMonth'>;

/** When a configuration runs, in words: `Sundays at 03:00 UTC`. */
export function formatSchedule(config: ScheduleFields): string {
  const time = config.scheduleTime;
  switch (config.frequency) {
    case 'ON_DEMAND':
      return 'Only when started by hand';
    case 'HOURLY':
      return `Every hour at :${time.split(':')[1] ?? '00'}`;
    case 'DAILY':
      return `Every day at ${time} UTC`;
    case 'WEEKLY': {
      const day = config.dayOfWeek === null ? undefined : WEEKDAYS[config.dayOfWeek];
      return day ? `${day}s at ${time} UTC` : `Weekly at ${time} UTC`;
    }
    case 'MONTHLY':
      return config.dayOfMonth === null
        ? `Monthly at ${time} UTC`
        : `Day ${config.dayOfMonth} of each month at ${time} UTC`;
    default:
      return time;
  }
}

/** `last 24` · `7 daily` …; a policy of zeros keeps everything. */
export function formatRetention(retention: RetentionPolicy): string {
  const parts = [
    retention.keepLast > 0 ? `last ${retention.keepLast}` : null,
    retention.keepDaily > 0 ? `${retention.keepDaily} daily` : null,
    retention.keepWeekly > 0 ? `${retention.keepWeekly} weekly` : null,
    retention.keepMonthly > 0 ? `${retention.keepMonthly} monthly` : null,
  ].filter((part): part is string => part !== null);
  return parts.length === 0 ? 'Keep everything' : `Keep ${parts.join(', ')}`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** Binary units, one decimal from KiB up: `1.5 MiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** `2025-01-31 14:05 UTC`: stable on server and client, sortable, unambiguous. */
export function formatDateTime(date: Date | string | null | undefined): string {
  if (date === null || date === undefined) return '—';
  const d = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `850 ms`, `12 s`, `3 min 05 s`, `2 h 04 min`: how long a job took. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Time between two moments, or null when either is missing. */
export function durationBetween(start: Date | string | null | undefined, end: Date | string | null | undefined): number | null {
  if (!start || !end) return null;
  const ms = new Date(end).getTime() - new Date(start).getTime();
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

/** A fraction 0..1 as a whole percentage, clamped: `42 %`. */
export function formatPercent(fraction: number): string {
  const value = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  return `${Math.round(value * 100)} %`;
}

/** Thousands separators for counts: `12,345`. */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '—';
}
