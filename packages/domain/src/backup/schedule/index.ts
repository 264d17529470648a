export {
  validateSchedule,
  MAX_DAY_OF_MONTH,
  type ScheduleFields,
  type ScheduleIssue,
} from './validate-schedule';
export { slotAtOrBefore, nextSlotAfter } from './schedule-slots';
export {
  findDueSlot,
  planSchedulerTick,
  type SchedulableConfiguration,
  type ConfigurationScheduleState,
  type DueSlotInput,
  type PlannedSlot,
  type SchedulerTickInput,
} from './find-due-slot';
export { upcomingRuns, type UpcomingRun } from './upcoming-runs';
