import type { Page, RestoreJob, RestoreJobListQuery, RestoreJobRepository } from '@edms/domain';
import type * as Rows from '../generated/sqlite/client';
import type { Prisma } from '../generated/sqlite/client';
import { parseJsonObject } from './mappers';
import type { Db } from './prisma-repositories';

export function toRestoreJob(row: Rows.RestoreJob): RestoreJob {
  return {
    ...row,
    restoreType: row.restoreType as RestoreJob['restoreType'],
    status: row.status as RestoreJob['status'],
    plan: parseJsonObject(row.plan),
    steps: JSON.parse(row.steps) as RestoreJob['steps'],
  };
}

function toRow(job: Partial<RestoreJob>): Prisma.RestoreJobUncheckedUpdateInput {
  const { plan, steps, ...rest } = job;
  return {
    ...rest,
    ...(plan !== undefined ? { plan: plan === null ? null : JSON.stringify(plan) } : {}),
    ...(steps !== undefined ? { steps: JSON.stringify(steps) } : {}),
  };
}

export class PrismaRestoreJobRepository implements RestoreJobRepository {
  constructor(private readonly db: Db) {}

  async findById(id: string): Promise<RestoreJob | null> {
    const row = await this.db.restoreJob.findUnique({ where: { id } });
    return row ? toRestoreJob(row) : null;
  }

  async list(query: RestoreJobListQuery): Promise<Page<RestoreJob>> {
    const where: Prisma.RestoreJobWhereInput = query.status ? { status: query.status } : {};
    const [rows, total] = await Promise.all([
      this.db.restoreJob.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: query.skip ?? 0, take: query.take ?? 50 }),
      this.db.restoreJob.count({ where }),
    ]);
    return { items: rows.map(toRestoreJob), total };
  }

  async create(job: RestoreJob): Promise<RestoreJob> {
    return toRestoreJob(await this.db.restoreJob.create({ data: toRow(job) as Prisma.RestoreJobUncheckedCreateInput }));
  }

  async update(id: string, patch: Partial<Omit<RestoreJob, 'id' | 'createdAt'>>): Promise<RestoreJob> {
    return toRestoreJob(await this.db.restoreJob.update({ where: { id }, data: toRow(patch) }));
  }

  async delete(id: string): Promise<void> {
    await this.db.restoreJob.deleteMany({ where: { id } });
  }
}
