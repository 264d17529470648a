import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { checkAuditChain, GENESIS_HASH, recordAuditEvent, systemClock, type BackupJob, type User } from '@edms/domain';
import { createMigratedDatabase, DATABASES, type TempDatabase } from '../test-support/temp-database';
import { createRepositories } from './prisma-repositories';
import { isRetryableWriteConflict, PrismaUnitOfWork } from './prisma-unit-of-work';

const run = promisify(execFile);

function user(username: string): User {
  return {
    id: randomUUID(),
    username,
    email: `${username}@example.test`,
    displayName: username,
    role: 'ADMIN',
    passwordHash: 'scrypt$x',
    isActive: true,
    createdAt: new Date('2026-01-01T00:00:00Z'),
  };
}

async function configuration(db: TempDatabase['client'] extends () => infer C ? C : never, name: string) {
  const repos = createRepositories(db);
  const now = new Date();
  return repos.configurations.create({
    id: randomUUID(),
    name,
    description: '',
    backupType: 'FULL',
    frequency: 'DAILY',
    scheduleTime: '02:00',
    dayOfWeek: null,
    dayOfMonth: null,
    storagePath: 'backups/x',
    retention: { keepLast: 1, keepDaily: 2, keepWeekly: 3, keepMonthly: 4 },
    compressionLevel: 6,
    encrypt: false,
    isEnabled: true,
    isTemporary: false,
    createdById: null,
    createdAt: now,
    updatedAt: now,
  });
}

function job(configurationId: string, patch: Partial<BackupJob> = {}): BackupJob {
  return {
    id: randomUUID(),
    configurationId,
    jobName: 'j',
    backupType: 'FULL',
    status: 'PENDING',
    origin: 'MANUAL',
    isTemporary: false,
    backupFilePath: null,
    sizeBytes: null,
    sha256: null,
    packageId: null,
    manifestSummary: null,
    scheduledFor: null,
    progress: 0,
    progressMessage: null,
    startedAt: null,
    completedAt: null,
    error: null,
    triggeredById: null,
    workerId: null,
    heartbeatAt: null,
    options: {},
    findings: [],
    prunedAt: null,
    verifiedAt: null,
    verifyOk: null,
    verifyError: null,
    createdAt: new Date(),
    ...patch,
  };
}

describe.each(DATABASES)('Prisma repositories on %s', (provider, serverUrl) => {
  let db: TempDatabase;
  beforeEach(async () => {
    db = await createMigratedDatabase([provider, serverUrl]);
  });
  afterEach(() => db.remove());

  it('round-trips a user and translates a duplicate username into USER_EXISTS', async () => {
    const repos = createRepositories(db.client());
    const created = await repos.users.create(user('alice'));
    expect(await repos.users.findByUsername('alice')).toEqual(created);
    await expect(repos.users.create(user('alice'))).rejects.toMatchObject({ code: 'USER_EXISTS' });
  });

  it('maps retention columns to the domain policy and back', async () => {
    const client = db.client();
    const created = await configuration(client, 'nightly');
    expect(created.retention).toEqual({ keepLast: 1, keepDaily: 2, keepWeekly: 3, keepMonthly: 4 });
    const repos = createRepositories(client);
    const updated = await repos.configurations.update(created.id, { retention: { keepLast: 9, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 } });
    expect(updated.retention.keepLast).toBe(9);
    await expect(configuration(client, 'nightly')).rejects.toMatchObject({ code: 'CONFIG_EXISTS' });
  });

  it('reports an audit sequence taken by another writer as AUDIT_APPEND_CONFLICT', async () => {
    const repos = createRepositories(db.client());
    const event = { sequence: 1, at: new Date(), actor: 'a', action: 'x', targetType: 't', targetId: null, outcome: 'SUCCESS' as const, details: { n: 1 }, prevHash: GENESIS_HASH, hash: 'h' };
    await repos.audit.append(event);
    await expect(repos.audit.append(event)).rejects.toMatchObject({ code: 'AUDIT_APPEND_CONFLICT' });
  });

  it('keeps one linear audit chain when three processes append at the same time', async () => {
    const script = join(__dirname, '..', 'test-support', 'append-audit-child.js');
    await Promise.all(['p1', 'p2', 'p3'].map((name) => run(process.execPath, [script, db.url, name, '15'])));
    const repos = createRepositories(db.client());
    const report = await checkAuditChain(repos.audit.iterate(7));
    expect(report).toMatchObject({ intact: true, eventCount: 45, lastSequence: 45 });
  }, 60_000);

  it('runs conflicting units of work from several clients to completion by retrying them', async () => {
    // Each transaction reads a counter and writes it back plus one: without
    // isolation and retries, concurrent increments would be lost.
    const clients = Array.from({ length: 4 }, () => db.client());
    await createRepositories(clients[0]!).settings.set('counter', '0');
    await Promise.all(
      clients.flatMap((client) =>
        Array.from({ length: 5 }, () =>
          new PrismaUnitOfWork(client).transaction(async (repos) => {
            const value = Number(await repos.settings.get('counter'));
            await new Promise((r) => setTimeout(r, 5));
            await repos.settings.set('counter', String(value + 1));
          }),
        ),
      ),
    );
    expect(await createRepositories(clients[0]!).settings.get('counter')).toBe('20');
  }, 60_000);

  it('rolls a failed transaction back completely', async () => {
    const client = db.client();
    const uow = new PrismaUnitOfWork(client);
    await expect(
      uow.transaction(async (repos) => {
        await repos.users.create(user('bob'));
        await recordAuditEvent(repos, systemClock, { actor: 'x', action: 'user.create', targetType: 'User' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const repos = createRepositories(client);
    expect(await repos.users.findByUsername('bob')).toBeNull();
    expect(await repos.audit.findLast()).toBeNull();
  });

  describe('backup jobs', () => {
    it('round-trips JSON fields and sizes beyond 32 bits', async () => {
      const client = db.client();
      const config = await configuration(client, 'c');
      const repos = createRepositories(client);
      const created = await repos.backupJobs.create(
        job(config.id, {
          sizeBytes: 5 * 1024 ** 3,
          manifestSummary: { tables: { User: 2 } },
          options: { allowFindings: true },
          findings: [{ code: 'FILE_MISSING', storageKey: 'a/b' }],
        }),
      );
      expect(await repos.backupJobs.findById(created.id)).toMatchObject({
        sizeBytes: 5 * 1024 ** 3,
        manifestSummary: { tables: { User: 2 } },
        options: { allowFindings: true },
        findings: [{ code: 'FILE_MISSING', storageKey: 'a/b' }],
      });
    });

    it('refuses a second job for the same scheduled slot with BACKUP_SLOT_TAKEN', async () => {
      const client = db.client();
      const config = await configuration(client, 'c');
      const repos = createRepositories(client);
      const slot = new Date('2026-11-26T02:00:00Z');
      await repos.backupJobs.create(job(config.id, { scheduledFor: slot, origin: 'SCHEDULED' }));
      await expect(repos.backupJobs.create(job(config.id, { scheduledFor: slot, origin: 'SCHEDULED' }))).rejects.toMatchObject({
        code: 'BACKUP_SLOT_TAKEN',
      });
      expect(await repos.backupJobs.findLastScheduledFor(config.id)).toEqual(slot);
    });

    it('lets each pending job be claimed exactly once', async () => {
      const client = db.client();
      const config = await configuration(client, 'c');
      const repos = createRepositories(client);
      const ids = [];
      for (let i = 0; i < 5; i += 1) ids.push((await repos.backupJobs.create(job(config.id, { createdAt: new Date(1000 + i) }))).id);
      const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => repos.backupJobs.claimNext(`w${i}`, new Date())));
      const claimed = claims.filter((c): c is BackupJob => c !== null).map((c) => c.id);
      expect(claimed.sort()).toEqual([...ids].sort());
      expect(await repos.backupJobs.claim(ids[0] as string, 'late', new Date())).toBeNull();
    });

    it('gives 40 jobs to 4 processes-worth of clients racing for them, each job to exactly one', async () => {
      // Separate clients have separate connections, as separate worker processes do.
      const config = await configuration(db.client(), 'c');
      const repos = createRepositories(db.client());
      const ids = new Set<string>();
      for (let i = 0; i < 40; i += 1) ids.add((await repos.backupJobs.create(job(config.id, { createdAt: new Date(1000 + i) }))).id);
      const workers = Array.from({ length: 4 }, (_, w) => ({ name: `w${w}`, repos: createRepositories(db.client()) }));
      const claimedBy = new Map<string, string[]>();
      await Promise.all(
        workers.map(async ({ name, repos: mine }) => {
          for (;;) {
            const claimed = await mine.backupJobs.claimNext(name, new Date());
            if (!claimed) return;
            claimedBy.set(claimed.id, [...(claimedBy.get(claimed.id) ?? []), name]);
          }
        }),
      );
      expect([...claimedBy.keys()].sort()).toEqual([...ids].sort());
      expect([...claimedBy.values()].every((by) => by.length === 1)).toBe(true);
      const rows = await db.client().backupJob.findMany();
      expect(rows.every((r) => r.status === 'RUNNING' && r.workerId === claimedBy.get(r.id)?.[0] && r.startedAt !== null)).toBe(true);
    });

    it('claims the oldest pending job first and skips jobs that are not pending', async () => {
      const client = db.client();
      const config = await configuration(client, 'c');
      const repos = createRepositories(client);
      await repos.backupJobs.create(job(config.id, { createdAt: new Date(1000), status: 'COMPLETED' }));
      const older = await repos.backupJobs.create(job(config.id, { createdAt: new Date(2000) }));
      const newer = await repos.backupJobs.create(job(config.id, { createdAt: new Date(3000) }));
      const now = new Date('2026-05-05T10:00:00.123Z');

      expect(await repos.backupJobs.claimNext('w1', now)).toMatchObject({ id: older.id, status: 'RUNNING', workerId: 'w1', startedAt: now, heartbeatAt: now });
      expect(await repos.backupJobs.claimNext('w2', now)).toMatchObject({ id: newer.id, workerId: 'w2' });
      expect(await repos.backupJobs.claimNext('w3', now)).toBeNull();
    });

    it('accepts heartbeats only from the worker that holds the job', async () => {
      const client = db.client();
      const config = await configuration(client, 'c');
      const repos = createRepositories(client);
      const created = await repos.backupJobs.create(job(config.id));
      await repos.backupJobs.claim(created.id, 'w1', new Date('2026-01-01T00:00:00Z'));
      expect(await repos.backupJobs.heartbeat(created.id, 'w2', new Date())).toBe(false);
      expect(await repos.backupJobs.heartbeat(created.id, 'w1', new Date('2026-01-01T00:00:05Z'), { fraction: 0.5, message: 'half' })).toBe(true);
      expect(await repos.backupJobs.findById(created.id)).toMatchObject({ progress: 0.5, progressMessage: 'half' });
      expect(await repos.backupJobs.findStaleRunning(new Date('2026-01-01T00:00:05Z'))).toEqual([]);
      expect((await repos.backupJobs.findStaleRunning(new Date('2026-01-01T00:00:06Z'))).map((j) => j.id)).toEqual([created.id]);
    });

    it('refuses to delete a job a restore refers to', async () => {
      const client = db.client();
      const config = await configuration(client, 'c');
      const repos = createRepositories(client);
      const created = await repos.backupJobs.create(job(config.id, { status: 'COMPLETED' }));
      await client.restoreJob.create({ data: { id: randomUUID(), backupJobId: created.id, restoreType: 'FULL' } });
      await expect(repos.backupJobs.delete(created.id)).rejects.toMatchObject({ code: 'BACKUP_REFERENCED' });
    });
  });
});

describe('isRetryableWriteConflict', () => {
  it('recognises lost races of both databases and nothing else', () => {
    const adapterError = (cause: Record<string, unknown>) => Object.assign(new Error('x'), { name: 'PrismaClientKnownRequestError', code: 'P2010', meta: { driverAdapterError: { name: 'DriverAdapterError', cause } } });
    expect(isRetryableWriteConflict(adapterError({ kind: 'TransactionWriteConflict', originalCode: '40001' }))).toBe(true);
    expect(isRetryableWriteConflict(adapterError({ kind: 'Postgres', originalCode: '40P01' }))).toBe(true);
    expect(isRetryableWriteConflict(Object.assign(new Error('write conflict'), { code: 'P2034' }))).toBe(true);
    expect(isRetryableWriteConflict(Object.assign(new Error('busy'), { code: 'P1008' }))).toBe(true);
    expect(isRetryableWriteConflict(new Error('could not serialize access due to concurrent update'))).toBe(true);
    expect(isRetryableWriteConflict(adapterError({ kind: 'UniqueConstraintViolation', originalCode: '23505' }))).toBe(false);
    expect(isRetryableWriteConflict(new Error('sequence 40001 is odd'))).toBe(false);
  });
});
