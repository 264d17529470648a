import type { BackupConfiguration, BackupJob } from '@edms/domain';
import { durationBetween } from './format';

/** The fields of a job the overview reads (the domain's BackupJob fits). */
export type OverviewJob = Pick<
  BackupJob,
  'id' | 'configurationId' | 'jobName' | 'backupType' | 'status' | 'origin' | 'sizeBytes' | 'startedAt' | 'completedAt' | 'createdAt' | 'backupFilePath' | 'prunedAt' | 'error'
>;

export type OverviewConfiguration = Pick<BackupConfiguration, 'id' | 'name' | 'backupType' | 'frequency' | 'isEnabled'>;

export interface LastBackup<C, J> {
  configuration: C;
  /** The newest job of any status, or null when the configuration never ran. */
  last: J | null;
  /** The newest COMPLETED job. */
  lastCompleted: J | null;
}

export interface ChartPoint {
  id: string;
  label: string;
  at: Date;
  sizeBytes: number;
  durationMs: number;
}

export interface BackupSummary<C, J> {
  lastByConfiguration: Array<LastBackup<C, J>>;
  /** FAILED jobs that ended (or were created) in the last 7 days, newest first. */
  recentFailures: J[];
  /** Packages on disk: COMPLETED jobs with a file that retention has not removed. */
  storage: { bytes: number; packages: number };
  /** PENDING or RUNNING jobs. */
  active: J[];
  /** The newest completed backups, oldest first, for the size and duration chart. */
  chart: ChartPoint[];
}

export const FAILURE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
export const CHART_POINTS = 30;

const time = (d: Date | string | null | undefined) => (d ? new Date(d).getTime() : Number.NaN);

/**
 * Everything the overview shows about backups, from one list of jobs (newest
 * first, as the catalog returns them). Pure, so the rules are unit tested.
 */
export function summarizeBackups<C extends OverviewConfiguration, J extends OverviewJob>(input: {
  configurations: readonly C[];
  jobs: readonly J[];
  now: Date;
}): BackupSummary<C, J> {
  const jobs = [...input.jobs].sort((a, b) => time(b.createdAt) - time(a.createdAt));
  const last = new Map<string, J>();
  const lastCompleted = new Map<string, J>();
  for (const job of jobs) {
    if (!last.has(job.configurationId)) last.set(job.configurationId, job);
    if (job.status === 'COMPLETED' && !lastCompleted.has(job.configurationId)) lastCompleted.set(job.configurationId, job);
  }
  const since = input.now.getTime() - FAILURE_WINDOW_MS;
  const recentFailures = jobs.filter((j) => j.status === 'FAILED' && time(j.completedAt ?? j.createdAt) >= since);
  const stored = jobs.filter((j) => j.status === 'COMPLETED' && j.backupFilePath && !j.prunedAt);
  const chart = jobs
    .filter((j) => j.status === 'COMPLETED' && j.sizeBytes !== null && durationBetween(j.startedAt, j.completedAt) !== null)
    .slice(0, CHART_POINTS)
    .reverse()
    .map((j) => ({
      id: j.id,
      label: j.jobName,
      at: new Date(j.completedAt as Date | string),
      sizeBytes: j.sizeBytes ?? 0,
      durationMs: durationBetween(j.startedAt, j.completedAt) ?? 0,
    }));
  return {
    lastByConfiguration: input.configurations.map((configuration) => ({
      configuration,
      last: last.get(configuration.id) ?? null,
      lastCompleted: lastCompleted.get(configuration.id) ?? null,
    })),
    recentFailures,
    storage: { bytes: stored.reduce((sum, j) => sum + (j.sizeBytes ?? 0), 0), packages: stored.length },
    active: jobs.filter((j) => j.status === 'PENDING' || j.status === 'RUNNING'),
    chart,
  };
}
