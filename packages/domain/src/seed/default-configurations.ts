import type { CreateConfigurationOptions } from '../configurations/manage-configurations';

/** The twelve configurations every installation starts with (SPEC §4). */
export const DEFAULT_CONFIGURATIONS: readonly CreateConfigurationOptions[] = [
  { name: 'hourly-database', backupType: 'DATABASE', frequency: 'HOURLY', scheduleTime: '00:15', description: 'Database every hour at :15', retention: { keepLast: 24, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 } },
  { name: 'daily-database', backupType: 'DATABASE', frequency: 'DAILY', scheduleTime: '01:00', description: 'Database every day at 01:00 UTC' },
  { name: 'daily-files', backupType: 'FILES', frequency: 'DAILY', scheduleTime: '01:30', description: 'Document files every day at 01:30 UTC' },
  { name: 'daily-full', backupType: 'FULL', frequency: 'DAILY', scheduleTime: '02:00', description: 'Database and files every day at 02:00 UTC' },
  { name: 'weekly-full', backupType: 'FULL', frequency: 'WEEKLY', scheduleTime: '03:00', dayOfWeek: 0, description: 'Full backup every Sunday at 03:00 UTC', retention: { keepLast: 4, keepDaily: 0, keepWeekly: 8, keepMonthly: 0 } },
  { name: 'monthly-full', backupType: 'FULL', frequency: 'MONTHLY', scheduleTime: '04:00', dayOfMonth: 1, description: 'Full backup on the 1st of each month at 04:00 UTC', retention: { keepLast: 3, keepDaily: 0, keepWeekly: 0, keepMonthly: 12 } },
  { name: 'weekly-database-archive', backupType: 'DATABASE', frequency: 'WEEKLY', scheduleTime: '05:00', dayOfWeek: 6, description: 'Database archive every Saturday at 05:00 UTC', retention: { keepLast: 4, keepDaily: 0, keepWeekly: 52, keepMonthly: 0 } },
  { name: 'monthly-files-archive', backupType: 'FILES', frequency: 'MONTHLY', scheduleTime: '05:00', dayOfMonth: 1, description: 'Files archive on the 1st of each month at 05:00 UTC', retention: { keepLast: 3, keepDaily: 0, keepWeekly: 0, keepMonthly: 24 } },
  { name: 'pre-upgrade-full', backupType: 'FULL', frequency: 'ON_DEMAND', description: 'Full backup taken by hand before an upgrade', retention: { keepLast: 5, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 } },
  { name: 'manual-database', backupType: 'DATABASE', frequency: 'ON_DEMAND', description: 'Database backup on demand', retention: { keepLast: 10, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 } },
  { name: 'manual-files', backupType: 'FILES', frequency: 'ON_DEMAND', description: 'Files backup on demand', retention: { keepLast: 10, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 } },
  { name: 'compliance-quarterly', backupType: 'FULL', frequency: 'MONTHLY', scheduleTime: '06:00', dayOfMonth: 1, description: 'Compliance archive on the 1st of each month, kept three years', retention: { keepLast: 0, keepDaily: 0, keepWeekly: 0, keepMonthly: 36 } },
];
