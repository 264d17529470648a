// Several `edms worker` processes share one job queue in the database (SPEC §4,
// §8): each queued job runs exactly once, and a worker killed with SIGKILL in
// the middle of a job leaves that job to be detected by the others (stale
// heartbeat) and ended FAILED — never RUNNING forever.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  checkAuditChain,
  createConfiguration,
  requestBackup,
  seedDemoDocuments,
  systemActor,
  type BackupJob,
} from '@edms/domain';
import { createTestDatabase, testDatabaseTargets, type TestDatabase, type TestDatabaseTarget } from '@edms/db';
import { readEnv, startServices, type Services } from '@edms/runtime';

const BIN = resolve(__dirname, '..', '..', '..', 'bin', 'run.js');
const ADMIN_PASSWORD = 'test-admin-password-123';
const actor = systemActor('test');
const JOBS = 30;

interface WorkerProcess {
  child: ChildProcessWithoutNullStreams;
  /** The id it claims jobs under (from its start line). */
  id: Promise<string>;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startWorker(env: Record<string, string>, args: string[] = [], extraEnv: Record<string, string> = {}): WorkerProcess {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['DATABASE_URL', 'EDMS_TEST_CRASH_AT', 'EDMS_BACKUP_PASSPHRASE', 'DEBUG', 'NODE_ENV']) delete childEnv[key];
  const child = spawn(process.execPath, [BIN, 'worker', '--poll', '1', '--no-schedule', ...args], {
    cwd: env['EDMS_DATA_DIR'],
    env: { ...childEnv, ...env, ...extraEnv, NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  let resolveId!: (id: string) => void;
  const id = new Promise<string>((r) => (resolveId = r));
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    const match = /worker (\S+) started/.exec(err);
    if (match) resolveId(match[1] as string);
  });
  child.stdout.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return { child, id, stderr: () => err, exited };
}

async function stop(worker: WorkerProcess): Promise<void> {
  if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
  await worker.exited;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** "job-finished: <jobName> COMPLETED" lines a worker wrote: the jobs it ran itself. */
function finishedJobNames(worker: WorkerProcess): string[] {
  return [...worker.stderr().matchAll(/^job-finished: (\S+) (\w+)/gm)].map((m) => m[1] as string);
}

const postgres = testDatabaseTargets().find(([provider]) => provider === 'postgresql');
const TARGETS: TestDatabaseTarget[] = [...(postgres ? [postgres] : []), ['sqlite', 'file:']];

describe.each(TARGETS)('three worker processes sharing one queue on %s', (provider, serverUrl) => {
  let dataDir: string;
  let database: TestDatabase | null;
  let env: Record<string, string>;
  let services: Services;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'edms-workers-'));
    database = provider === 'postgresql' ? await createTestDatabase([provider, serverUrl]) : null;
    env = { EDMS_DATA_DIR: dataDir, EDMS_ADMIN_PASSWORD: ADMIN_PASSWORD, ...(database ? { DATABASE_URL: database.url } : {}) };
    ({ services } = await startServices({ env: readEnv(env) }));
    await seedDemoDocuments(services.ctx, actor, { documents: 3 });
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map(stop));
  });

  afterAll(async () => {
    await services?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const jobs = async () => services.client.backupJob.findMany({ where: { origin: 'MANUAL' } });

  it(`runs ${JOBS} queued jobs, each exactly once`, async () => {
    // A configuration has one active job at a time: one configuration per job.
    const queued: BackupJob[] = [];
    for (let i = 0; i < JOBS; i += 1) {
      const name = `parallel-${String(i).padStart(2, '0')}`;
      await createConfiguration(services.ctx, actor, { name, backupType: i % 3 === 0 ? 'FULL' : 'DATABASE', frequency: 'ON_DEMAND', compressionLevel: 1 });
      queued.push(await requestBackup(services.ctx, actor, { configuration: name }));
    }
    const auditBefore = await services.client.auditEvent.count();

    workers.push(startWorker(env), startWorker(env), startWorker(env));
    const workerIds = await Promise.all(workers.map((w) => w.id));
    const done = await waitFor(
      `${JOBS} finished jobs`,
      async () => {
        const rows = await jobs();
        return rows.filter((j) => j.status === 'COMPLETED' || j.status === 'FAILED').length === JOBS ? rows : undefined;
      },
      180_000,
    );

    expect(done.map((j) => [j.jobName, j.status, j.error])).toEqual(done.map((j) => [j.jobName, 'COMPLETED', null]));
    // 30 distinct package files, all present.
    const files = new Set(done.map((j) => j.backupFilePath));
    expect(files.size).toBe(JOBS);
    for (const file of files) expect(existsSync(file as string)).toBe(true);
    // Claimed once: by one of the three workers, started after it was queued, run once by that worker.
    for (const job of done) {
      expect(workerIds).toContain(job.workerId);
      expect(job.startedAt!.getTime()).toBeGreaterThanOrEqual(job.createdAt.getTime());
      expect(job.completedAt!.getTime()).toBeGreaterThanOrEqual(job.startedAt!.getTime());
    }
    const ranBy = workers.flatMap((w) => finishedJobNames(w));
    expect(ranBy.sort()).toEqual(queued.map((j) => j.jobName).sort());
    expect(new Set(done.map((j) => j.workerId)).size).toBeGreaterThan(1);
    // The audit trail: one successful completion per job, by the worker that holds it; the chain intact.
    const completions = await services.client.auditEvent.findMany({ where: { action: 'backup.complete', sequence: { gt: auditBefore } } });
    expect(completions).toHaveLength(JOBS);
    for (const job of done) {
      const mine = completions.filter((e) => e.targetId === job.id);
      expect(mine.map((e) => [e.outcome, (JSON.parse(e.details) as { workerId?: string }).workerId])).toEqual([['SUCCESS', job.workerId]]);
    }
    expect(await checkAuditChain(services.ctx.repos.audit.iterate())).toMatchObject({ intact: true });
  }, 240_000);

  it('ends the job of a worker killed with SIGKILL mid-job as FAILED (BACKUP_WORKER_LOST); the survivors go on', async () => {
    // The doomed worker is alone when its job is queued, so it is the one that takes it.
    const doomed = startWorker(env, [], { EDMS_TEST_CRASH_AT: 'backup-writing' });
    workers.push(doomed);
    const doomedId = await doomed.id;
    await createConfiguration(services.ctx, actor, { name: 'doomed', backupType: 'FULL', frequency: 'ON_DEMAND' });
    const victim = await requestBackup(services.ctx, actor, { configuration: 'doomed' });
    expect(await doomed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const orphaned = await services.ctx.repos.backupJobs.findById(victim.id);
    expect(orphaned).toMatchObject({ status: 'RUNNING', workerId: doomedId });

    const survivors = [startWorker(env, ['--stale-after', '10']), startWorker(env, ['--stale-after', '10'])];
    workers.push(...survivors);
    const after: BackupJob[] = [];
    for (const name of ['parallel-00', 'parallel-01', 'parallel-02']) after.push(await requestBackup(services.ctx, actor, { configuration: name }));

    const failed = await waitFor(
      'the orphaned job to be declared dead',
      async () => {
        const job = await services.ctx.repos.backupJobs.findById(victim.id);
        return job?.status === 'RUNNING' ? undefined : job;
      },
      60_000,
    );
    expect(failed).toMatchObject({ status: 'FAILED', workerId: doomedId, progressMessage: 'failed: worker lost' });
    // Its process on this host is gone, so it is declared dead at once, not after the 10 s heartbeat limit.
    expect(failed?.error).toMatch(/^BACKUP_WORKER_LOST: worker \S+ is gone \(process \d+ no longer runs on \S+\)$/);
    // No half package under a final name.
    const dir = join(dataDir, 'backups', 'doomed');
    expect((existsSync(dir) ? readdirSync(dir) : []).filter((f) => f.endsWith('.tar.gz'))).toEqual([]);
    const verdicts = await services.client.auditEvent.findMany({ where: { action: 'backup.complete', targetId: victim.id } });
    expect(verdicts.map((e) => [e.actor, e.outcome, JSON.parse(e.details) as { code?: string; detectedBy?: string }])).toEqual([
      ['system:job-monitor', 'FAILURE', expect.objectContaining({ code: 'BACKUP_WORKER_LOST', detectedBy: 'process-gone' })],
    ]);

    const survivorIds = await Promise.all(survivors.map((w) => w.id));
    await waitFor(
      'the survivors to run the jobs queued after the crash',
      async () => {
        const rows = await Promise.all(after.map((j) => services.ctx.repos.backupJobs.findById(j.id)));
        return rows.every((j) => j?.status === 'COMPLETED') ? rows : undefined;
      },
      60_000,
    ).then((rows) => rows.forEach((j) => expect(survivorIds).toContain(j?.workerId)));
    expect(await services.client.backupJob.count({ where: { status: { in: ['RUNNING', 'PENDING'] } } })).toBe(0);
  }, 180_000);
});
