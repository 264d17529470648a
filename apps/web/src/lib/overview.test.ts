import { summarizeBackups, type OverviewJob } from './overview';

const now = new Date('2025-03-10T12:00:00Z');
const configurations = [
  { id: 'c1', name: 'daily-full', backupType: 'FULL' as const, frequency: 'DAILY' as const, isEnabled: true },
  { id: 'c2', name: 'manual-files', backupType: 'FILES' as const, frequency: 'ON_DEMAND' as const, isEnabled: true },
];

function job(overrides: Partial<OverviewJob> & Pick<OverviewJob, 'id' | 'createdAt'>): OverviewJob {
  return {
    configurationId: 'c1',
    jobName: overrides.id,
    backupType: 'FULL',
    status: 'COMPLETED',
    origin: 'SCHEDULED',
    sizeBytes: 100,
    startedAt: overrides.createdAt,
    completedAt: new Date(new Date(overrides.createdAt).getTime() + 5000),
    backupFilePath: `/data/${overrides.id}.tar.gz`,
    prunedAt: null,
    error: null,
    ...overrides,
  };
}

describe('summarizeBackups', () => {
  const jobs = [
    job({ id: 'old', createdAt: new Date('2025-03-01T00:00:00Z') }),
    job({ id: 'failed-long-ago', createdAt: new Date('2025-02-01T00:00:00Z'), status: 'FAILED', sizeBytes: null, backupFilePath: null }),
    job({ id: 'failed-recently', createdAt: new Date('2025-03-09T00:00:00Z'), status: 'FAILED', sizeBytes: null, backupFilePath: null }),
    job({ id: 'newest', createdAt: new Date('2025-03-10T01:00:00Z'), status: 'RUNNING', completedAt: null, sizeBytes: null, backupFilePath: null }),
    job({ id: 'pruned', createdAt: new Date('2025-02-20T00:00:00Z'), prunedAt: new Date('2025-03-01T00:00:00Z') }),
  ];
  const summary = summarizeBackups({ configurations, jobs, now });

  it('finds the last job and the last completed job of each configuration', () => {
    expect(summary.lastByConfiguration[0]).toMatchObject({ last: { id: 'newest' }, lastCompleted: { id: 'old' } });
    expect(summary.lastByConfiguration[1]).toMatchObject({ last: null, lastCompleted: null });
  });

  it('counts failures of the last 7 days only', () => {
    expect(summary.recentFailures.map((j) => j.id)).toEqual(['failed-recently']);
  });

  it('adds up the packages still on disk', () => {
    expect(summary.storage).toEqual({ bytes: 100, packages: 1 });
  });

  it('lists active jobs', () => {
    expect(summary.active.map((j) => j.id)).toEqual(['newest']);
  });

  it('charts completed backups oldest first, with their durations', () => {
    expect(summary.chart.map((p) => [p.id, p.durationMs])).toEqual([
      ['pruned', 5000],
      ['old', 5000],
    ]);
  });
});
