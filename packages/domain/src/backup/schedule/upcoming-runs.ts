import { hasErrorCode } from '../../shared/domain-error';
import { compareStrings, type SchedulableConfiguration } from './find-due-slot';
import { instantMs, nextSlotAfter } from './schedule-slots';

/** The next scheduled run of one configuration. */
export interface UpcomingRun<C extends SchedulableConfiguration = SchedulableConfiguration> {
  configurationId: string;
  scheduledFor: Date;
  /** The configuration as passed in, so a dashboard can show its name and type. */
  config: C;
}

/**
 * The next run of each enabled, non-temporary, scheduled configuration, soonest
 * first (ties by configuration id), at most `limit` of them: the dashboard's
 * "next backups".
 *
 * A run is the first slot strictly after `now` (a slot exactly at `now` is due and
 * belongs to the current tick) and never before the configuration's `createdAt`,
 * matching {@link findDueSlot}. Configurations with an invalid schedule are left
 * out, since they will not run; `planSchedulerTick` reports them.
 */
export function upcomingRuns<C extends SchedulableConfiguration>(
  configs: readonly C[],
  now: Date,
  limit: number,
): Array<UpcomingRun<C>> {
  const at = instantMs(now, 'now');
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a non-negative integer; got ${limit}`);

  const runs: Array<UpcomingRun<C>> = [];
  for (const config of configs) {
    if (!config.isEnabled || config.isTemporary || config.frequency === 'ON_DEMAND') continue;
    // Searching from just before createdAt finds the first slot at or after it.
    const from = Math.max(at, instantMs(config.createdAt, 'config.createdAt') - 1);
    let next: Date | null;
    try {
      next = nextSlotAfter(config, new Date(from));
    } catch (error) {
      if (hasErrorCode(error, 'CONFIG_INVALID_SCHEDULE')) continue;
      throw error;
    }
    if (next !== null) runs.push({ configurationId: config.id, scheduledFor: next, config });
  }
  runs.sort(
    (a, b) => a.scheduledFor.getTime() - b.scheduledFor.getTime() || compareStrings(a.configurationId, b.configurationId),
  );
  return runs.slice(0, limit);
}
