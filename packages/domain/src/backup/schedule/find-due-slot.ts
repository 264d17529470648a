import type { BackupConfiguration } from '../../model/entities';
import { hasErrorCode, type DomainError } from '../../shared/domain-error';
import { instantMs, slotAtOrBefore } from './schedule-slots';
import type { ScheduleFields } from './validate-schedule';

/** What the scheduling rules need to know about a configuration. */
export type SchedulableConfiguration = ScheduleFields &
  Pick<BackupConfiguration, 'id' | 'isEnabled' | 'isTemporary' | 'createdAt'>;

/** One configuration's state at a scheduler tick. */
export interface ConfigurationScheduleState<C extends SchedulableConfiguration = SchedulableConfiguration> {
  /** The configuration; its `createdAt` keeps slots from before it existed from running. */
  config: C;
  /**
   * The latest `scheduledFor` among all jobs of this configuration, whatever their
   * status: a FAILED or CANCELLED slot is taken too (the database refuses a second
   * job for it), so the next slot is its retry. Null when it never had a scheduled job.
   */
  lastScheduledFor: Date | null;
  /** True while any job of this configuration is PENDING or RUNNING, manual ones included. */
  hasActiveJob: boolean;
}

/** Input of {@link findDueSlot}. */
export interface DueSlotInput<C extends SchedulableConfiguration = SchedulableConfiguration>
  extends ConfigurationScheduleState<C> {
  /** The time of the scheduler tick. */
  now: Date;
}

/**
 * The rule a scheduler tick applies to one configuration: the slot to enqueue
 * now, or null.
 *
 * - Disabled, temporary and ON_DEMAND configurations are never scheduled.
 * - While a job of the configuration is PENDING or RUNNING nothing is enqueued,
 *   so one configuration never runs twice at once. The slot is deferred, not
 *   lost: once the job ends, the next tick enqueues it (if no newer slot has
 *   arrived meanwhile).
 * - The candidate is the latest slot at or before `now`; a slot is due from its
 *   exact instant onwards.
 * - Each slot runs once: a candidate at or before `lastScheduledFor` is not due.
 * - After downtime only the most recent missed slot is returned: one catch-up
 *   run restores protection, while one run per missed slot would only queue
 *   identical backups of the same data.
 * - A slot earlier than the configuration's `createdAt` never runs. Without this
 *   a configuration created at 14:00 with a daily 02:00 schedule would start a
 *   "catch-up" backup immediately, in business hours, for a slot that passed
 *   before it existed: nothing was missed, so its first run is its first slot
 *   after creation. A slot exactly at `createdAt` does run. This deliberately
 *   looks at `createdAt` only, not `updatedAt`: after an edit or re-enabling, an
 *   overdue latest slot does run once, because an existing configuration that
 *   missed its slot is genuinely behind, and one backup too many is cheaper
 *   than one too few. A configuration restored onto a fresh machine (old
 *   `createdAt`, no jobs) likewise gets one prompt run.
 *
 * Returned instants are exact slot instants (zero seconds and milliseconds), to
 * match the `(configurationId, scheduledFor)` uniqueness in the database.
 * Throws `CONFIG_INVALID_SCHEDULE` for an invalid schedule on an enabled configuration.
 */
export function findDueSlot(input: DueSlotInput): Date | null {
  const { config, now, lastScheduledFor, hasActiveJob } = input;
  instantMs(now, 'now');
  if (!config.isEnabled || config.isTemporary || config.frequency === 'ON_DEMAND') return null;
  if (hasActiveJob) return null;

  const slot = slotAtOrBefore(config, now);
  if (slot === null) return null;
  if (slot.getTime() < instantMs(config.createdAt, 'config.createdAt')) return null;
  if (lastScheduledFor !== null && slot.getTime() <= instantMs(lastScheduledFor, 'lastScheduledFor')) return null;
  return slot;
}

/** A slot the scheduler should enqueue as a SCHEDULED BackupJob. */
export interface PlannedSlot {
  configurationId: string;
  scheduledFor: Date;
}

/** Input of {@link planSchedulerTick}. */
export interface SchedulerTickInput {
  /** The time of the tick; one value for every configuration so they are judged alike. */
  now: Date;
  configs: ConfigurationScheduleState[];
  /**
   * Told about each configuration whose stored schedule is invalid (the runtime
   * should log or audit it). Such a configuration is skipped, so one broken row
   * cannot stop every other configuration's backups.
   */
  onInvalidSchedule?: (configurationId: string, error: DomainError) => void;
}

/**
 * Applies {@link findDueSlot} to every configuration at one tick. The result is
 * ordered by `scheduledFor`, then `configurationId`, so the oldest slot is
 * queued first and the output is deterministic.
 */
export function planSchedulerTick(input: SchedulerTickInput): PlannedSlot[] {
  const planned: PlannedSlot[] = [];
  for (const state of input.configs) {
    let slot: Date | null;
    try {
      slot = findDueSlot({ ...state, now: input.now });
    } catch (error) {
      if (!hasErrorCode(error, 'CONFIG_INVALID_SCHEDULE')) throw error;
      input.onInvalidSchedule?.(state.config.id, error);
      continue;
    }
    if (slot !== null) planned.push({ configurationId: state.config.id, scheduledFor: slot });
  }
  return planned.sort(
    (a, b) => a.scheduledFor.getTime() - b.scheduledFor.getTime() || compareStrings(a.configurationId, b.configurationId),
  );
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
