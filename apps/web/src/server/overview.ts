import 'server-only';
import type { BackupConfiguration, BackupJob, RestoreJob, UpcomingRun } from '@edms/domain';
import { summarizeBackups, type BackupSummary } from '@/lib/overview';
import { edmsDomain } from './edms';
import { requireUser } from './session';
import { getServices } from './services';

export interface OverviewData {
  now: Date;
  configurations: BackupConfiguration[];
  summary: BackupSummary<BackupConfiguration, BackupJob>;
  nextRuns: Array<UpcomingRun<BackupConfiguration>>;
  recentRestores: RestoreJob[];
  documents: number;
  /** Free and total bytes of the disk holding the data directory. */
  disk: { freeBytes: number; totalBytes: number } | null;
}

/** At most this many jobs are read for the overview (newest first); older ones only matter to the Jobs page. */
const OVERVIEW_JOB_LIMIT = 5000;

async function recentJobs(): Promise<BackupJob[]> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const jobs: BackupJob[] = [];
  for (let skip = 0; skip < OVERVIEW_JOB_LIMIT; skip += 1000) {
    const page = await edmsDomain().listBackups(ctx, actor, { skip, take: 1000 });
    jobs.push(...page.items);
    if (jobs.length >= page.total || page.items.length === 0) break;
  }
  return jobs;
}

export async function loadOverview(): Promise<OverviewData> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const domain = edmsDomain();
  const now = ctx.clock.now();
  const [configurations, jobs, restores, documents, disk] = await Promise.all([
    domain.listConfigurations(ctx, actor),
    recentJobs(),
    domain.listRestores(ctx, actor, { take: 5 }),
    domain.listDocuments(ctx, actor, { take: 1 }),
    ctx.restores.staging.diskSpace().catch(() => null),
  ]);
  return {
    now,
    configurations,
    summary: summarizeBackups({ configurations, jobs, now }),
    nextRuns: domain.upcomingRuns(configurations, now, 8),
    recentRestores: restores.items,
    documents: documents.total,
    disk,
  };
}
