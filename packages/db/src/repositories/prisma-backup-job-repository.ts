import {
  DomainError,
  type BackupFinding,
  type BackupJob,
  type BackupJobListQuery,
  type BackupJobOptions,
  type BackupJobRepository,
  type Page,
} from '@edms/domain';
import type * as Rows from '../generated/sqlite/client';
import type { Prisma } from '../generated/sqlite/client';
import { providerOf } from '../client';
import type { DatabaseProvider } from '../database-url';
import { isUniqueConstraintError, uniqueConstraintFields } from '../prisma-errors';
import { parseJsonObject } from './mappers';
import type { Db } from './prisma-repositories';

export function toBackupJob(row: Rows.BackupJob): BackupJob {
  return {
    ...row,
    backupType: row.backupType as BackupJob['backupType'],
    status: row.status as BackupJob['status'],
    origin: row.origin as BackupJob['origin'],
    sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
    manifestSummary: parseJsonObject(row.manifestSummary),
    options: (parseJsonObject(row.options) ?? {}) as BackupJobOptions,
    findings: (JSON.parse(row.findings) as BackupFinding[]) ?? [],
  };
}

function toRow(job: Partial<BackupJob>): Prisma.BackupJobUncheckedUpdateInput {
  const { sizeBytes, manifestSummary, options, findings, ...rest } = job;
  return {
    ...rest,
    ...(sizeBytes !== undefined ? { sizeBytes: sizeBytes === null ? null : BigInt(sizeBytes) } : {}),
    ...(manifestSummary !== undefined ? { manifestSummary: manifestSummary === null ? null : JSON.stringify(manifestSummary) } : {}),
    ...(options !== undefined ? { options: JSON.stringify(options) } : {}),
    ...(findings !== undefined ? { findings: JSON.stringify(findings) } : {}),
  };
}

const ACTIVE = ['PENDING', 'RUNNING'];

export class PrismaBackupJobRepository implements BackupJobRepository {
  constructor(
    private readonly db: Db,
    private readonly provider: DatabaseProvider = providerOf(db),
  ) {}

  async findById(id: string): Promise<BackupJob | null> {
    const row = await this.db.backupJob.findUnique({ where: { id } });
    return row ? toBackupJob(row) : null;
  }

  async findByPackageId(packageId: string): Promise<BackupJob | null> {
    const row = await this.db.backupJob.findUnique({ where: { packageId } });
    return row ? toBackupJob(row) : null;
  }

  async findBySha256(sha256: string): Promise<BackupJob | null> {
    const row = await this.db.backupJob.findFirst({ where: { sha256 }, orderBy: { createdAt: 'asc' } });
    return row ? toBackupJob(row) : null;
  }

  async list(query: BackupJobListQuery): Promise<Page<BackupJob>> {
    const where: Prisma.BackupJobWhereInput = {
      ...(query.configurationId ? { configurationId: query.configurationId } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.origin ? { origin: query.origin } : {}),
      ...(query.includePruned ? {} : { prunedAt: null }),
    };
    const [rows, total] = await Promise.all([
      this.db.backupJob.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: query.skip ?? 0, take: query.take ?? 50 }),
      this.db.backupJob.count({ where }),
    ]);
    return { items: rows.map(toBackupJob), total };
  }

  async create(job: BackupJob): Promise<BackupJob> {
    try {
      return toBackupJob(await this.db.backupJob.create({ data: toRow(job) as Prisma.BackupJobUncheckedCreateInput }));
    } catch (error) {
      if (isUniqueConstraintError(error)) {
        const fields = uniqueConstraintFields(error) ?? [];
        if (fields.includes('packageId')) {
          throw new DomainError('BACKUP_PACKAGE_KNOWN', `package ${job.packageId ?? ''} is already in the catalog`, { cause: error });
        }
        throw new DomainError('BACKUP_SLOT_TAKEN', `a job for this configuration's slot ${job.scheduledFor?.toISOString() ?? ''} exists`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  async update(id: string, patch: Partial<Omit<BackupJob, 'id' | 'createdAt'>>): Promise<BackupJob> {
    return toBackupJob(await this.db.backupJob.update({ where: { id }, data: toRow(patch) }));
  }

  async delete(id: string): Promise<void> {
    const references = await this.db.restoreJob.count({ where: { OR: [{ backupJobId: id }, { safetyBackupJobId: id }] } });
    if (references > 0) {
      throw new DomainError('BACKUP_REFERENCED', `backup ${id} is referenced by ${references} restore job(s)`);
    }
    await this.db.backupJob.delete({ where: { id } });
  }

  async claimNext(workerId: string, now: Date): Promise<BackupJob | null> {
    return this.provider === 'postgresql' ? this.claimNextLocking(workerId, now) : this.claimNextConditional(workerId, now);
  }

  /**
   * PostgreSQL: one statement picks the oldest pending job that no other
   * transaction has locked (FOR UPDATE SKIP LOCKED) and marks it RUNNING.
   * Concurrent workers never wait for each other and never get the same row;
   * each takes the next free one.
   */
  private async claimNextLocking(workerId: string, now: Date): Promise<BackupJob | null> {
    // Timestamps go in as UTC text: the columns are timestamp(3) without time
    // zone holding UTC, and the cast ignores the trailing Z.
    const at = now.toISOString();
    const rows = await this.db.$queryRaw<Array<{ id: string }>>`
      UPDATE "BackupJob"
         SET "status" = 'RUNNING', "workerId" = ${workerId}, "startedAt" = ${at}::timestamp(3),
             "heartbeatAt" = ${at}::timestamp(3), "progressMessage" = 'running'
       WHERE "id" = (
               SELECT "id" FROM "BackupJob"
                WHERE "status" = 'PENDING'
                ORDER BY "createdAt" ASC, "id" ASC
                LIMIT 1
                  FOR UPDATE SKIP LOCKED)
         AND "status" = 'PENDING'
      RETURNING "id"`;
    const id = rows[0]?.id;
    return id ? this.findById(id) : null;
  }

  /**
   * SQLite (one writer at a time): a conditional update is the claim. Of
   * several workers racing for the same row exactly one sees count 1; the
   * others look for the next row.
   */
  private async claimNextConditional(workerId: string, now: Date): Promise<BackupJob | null> {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const candidate = await this.db.backupJob.findFirst({
        where: { status: 'PENDING' },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: { id: true },
      });
      if (!candidate) return null;
      const claimed = await this.claim(candidate.id, workerId, now);
      if (claimed) return claimed;
    }
    return null;
  }

  async claim(id: string, workerId: string, now: Date): Promise<BackupJob | null> {
    const { count } = await this.db.backupJob.updateMany({
      where: { id, status: 'PENDING' },
      data: { status: 'RUNNING', workerId, startedAt: now, heartbeatAt: now, progressMessage: 'running' },
    });
    return count === 1 ? this.findById(id) : null;
  }

  async heartbeat(id: string, workerId: string, now: Date, progress?: { fraction: number; message: string }): Promise<boolean> {
    const { count } = await this.db.backupJob.updateMany({
      where: { id, workerId, status: 'RUNNING' },
      data: { heartbeatAt: now, ...(progress ? { progress: progress.fraction, progressMessage: progress.message } : {}) },
    });
    return count === 1;
  }

  async findStaleRunning(before: Date): Promise<BackupJob[]> {
    const rows = await this.db.backupJob.findMany({ where: { status: 'RUNNING', heartbeatAt: { lt: before } } });
    return rows.map(toBackupJob);
  }

  async hasActiveJob(configurationId: string): Promise<boolean> {
    return (await this.db.backupJob.count({ where: { configurationId, status: { in: ACTIVE } } })) > 0;
  }

  async findLastScheduledFor(configurationId: string): Promise<Date | null> {
    const row = await this.db.backupJob.findFirst({
      where: { configurationId, scheduledFor: { not: null } },
      orderBy: { scheduledFor: 'desc' },
      select: { scheduledFor: true },
    });
    return row?.scheduledFor ?? null;
  }

  async listRetained(configurationId: string): Promise<BackupJob[]> {
    const rows = await this.db.backupJob.findMany({
      where: { configurationId, status: 'COMPLETED', prunedAt: null, backupFilePath: { not: null } },
      orderBy: { completedAt: 'desc' },
    });
    return rows.map(toBackupJob);
  }

  async listWithFiles(): Promise<BackupJob[]> {
    const rows = await this.db.backupJob.findMany({
      where: { prunedAt: null, backupFilePath: { not: null } },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map(toBackupJob);
  }
}
