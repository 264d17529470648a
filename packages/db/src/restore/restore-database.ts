import { createHash, randomUUID } from 'node:crypto';
import {
  canonicalJson,
  type DatabaseRestorePlan,
  type RestoreActorInfo,
  type RestoreApplyOptions,
  type RestoreDatabase,
  type RestoreDigest,
  type ResetCounts,
  type StagedPackage,
  type TablePlan,
} from '@edms/domain';
import type { DbClient } from '../client';
import type { Prisma } from '../generated/sqlite/client';
import { toJsonRow } from '../export/json-row';

type Tx = Prisma.TransactionClient;
type Row = Record<string, unknown>;

/** Marks, inside the restore's own transaction, that its database part committed. */
export const RESTORE_COMMITTED_SETTING = 'restore.committed';
const BATCH = 500;
const APPLY_TIMEOUT_MS = 30 * 60 * 1000;

function hashRow(row: Row, omit: readonly string[] = []): string {
  const copy: Row = {};
  for (const [k, v] of Object.entries(row)) if (!omit.includes(k)) copy[k] = v;
  return createHash('sha256').update(canonicalJson(copy)).digest('hex');
}

const date = (v: unknown) => new Date(v as string);

interface UserDecision {
  packageUser: Row;
  local: Row | null;
  /** Local admin or acting user whose role/active flag the package would weaken. */
  protectedFields: boolean;
}

/**
 * The database side of a restore (SPEC §5.10). EDMS documents and versions are
 * replaced to match the package; users are merged by username (never removing
 * anyone, never weakening an ADMIN or the acting user); configurations missing
 * here are added; the audit chain, the catalog, tokens and settings are left alone.
 */
export class PrismaRestoreDatabase implements RestoreDatabase {
  constructor(
    private readonly client: DbClient,
    /** Test hook: runs inside the apply transaction just before it commits (fault injection). */
    private readonly beforeCommit: () => void = () => undefined,
  ) {}

  async plan(staged: StagedPackage, actor: RestoreActorInfo): Promise<DatabaseRestorePlan> {
    const db = this.client;
    const localUsers = (await db.user.findMany()).map((u) => toJsonRow(u));
    const { decisions, idMap } = await this.decideUsers(staged, localUsers, actor);
    const userPlan: TablePlan = {
      table: 'User',
      packageRows: decisions.length,
      currentRows: localUsers.length,
      insert: decisions.filter((d) => !d.local).length,
      replace: 0,
      delete: 0,
      unchanged: 0,
      protected: 0,
      rule: 'merged by username; users not in the package are kept',
    };
    const packageUsernames = new Set(decisions.map((d) => d.packageUser.username));
    userPlan.protected = localUsers.filter((u) => !packageUsernames.has(u.username)).length + decisions.filter((d) => d.protectedFields).length;
    for (const d of decisions.filter((x) => x.local)) {
      const next = this.mergedUser(d, d.local as Row);
      if (hashRow(next, ['id']) === hashRow(d.local as Row, ['id'])) userPlan.unchanged += 1;
      else userPlan.replace += 1;
    }

    const documentPlan = await this.diffById(
      'Document',
      staged.rows('Document'),
      new Map((await db.document.findMany()).map((r) => [r.id, hashRow(toJsonRow(r))])),
      (row) => ({ ...row, ownerId: idMap.get(row.ownerId as string) ?? row.ownerId }),
    );
    const versionPlan = await this.diffById(
      'DocumentVersion',
      staged.rows('DocumentVersion'),
      new Map((await db.documentVersion.findMany()).map((r) => [r.id, hashRow(toJsonRow(r))])),
      (row) => ({ ...row, createdById: idMap.get(row.createdById as string) ?? row.createdById }),
    );

    const localConfigNames = new Set((await db.backupConfiguration.findMany({ select: { name: true } })).map((c) => c.name));
    const configPlan: TablePlan = {
      table: 'BackupConfiguration',
      packageRows: 0,
      currentRows: localConfigNames.size,
      insert: 0,
      replace: 0,
      delete: 0,
      unchanged: 0,
      protected: 0,
      rule: 'protected: existing configurations kept; missing ones added',
    };
    for await (const row of staged.rows('BackupConfiguration')) {
      configPlan.packageRows += 1;
      if (localConfigNames.has(row.name as string)) configPlan.protected += 1;
      else configPlan.insert += 1;
    }
    let auditRows = 0;
    for await (const _row of staged.rows('AuditEvent')) auditRows += 1;
    const auditPlan: TablePlan = {
      table: 'AuditEvent',
      packageRows: auditRows,
      currentRows: await db.auditEvent.count(),
      insert: 0,
      replace: 0,
      delete: 0,
      unchanged: 0,
      protected: auditRows,
      rule: 'protected: the local audit chain is kept',
    };

    const newest = await db.document.findFirst({ orderBy: { updatedAt: 'desc' }, select: { updatedAt: true } });
    const newestVersion = await db.documentVersion.findFirst({ orderBy: { createdAt: 'desc' }, select: { createdAt: true } });
    const candidates = [newest?.updatedAt, newestVersion?.createdAt].filter((d): d is Date => !!d);
    return {
      tables: [userPlan, documentPlan, versionPlan, configPlan, auditPlan],
      newestLiveChange: candidates.length ? new Date(Math.max(...candidates.map((d) => d.getTime()))) : null,
    };
  }

  async apply(staged: StagedPackage, actor: RestoreActorInfo, options: RestoreApplyOptions = {}): Promise<RestoreDigest> {
    return this.client.$transaction(
      async (tx) => {
        const localUsers = (await tx.user.findMany()).map((u) => toJsonRow(u));
        const { decisions, idMap } = await this.decideUsers(staged, localUsers, actor);
        for (const d of decisions) {
          if (d.local) {
            const next = this.mergedUser(d, d.local);
            await tx.user.update({
              where: { id: d.local.id as string },
              data: {
                email: next.email as string,
                displayName: next.displayName as string,
                role: next.role as string,
                passwordHash: next.passwordHash as string,
                isActive: next.isActive as boolean,
              },
            });
          } else {
            const takenId = await tx.user.findUnique({ where: { id: d.packageUser.id as string }, select: { id: true } });
            const id = takenId ? randomUUID() : (d.packageUser.id as string);
            idMap.set(d.packageUser.id as string, id);
            await tx.user.create({ data: { ...(d.packageUser as Prisma.UserUncheckedCreateInput), id, createdAt: date(d.packageUser.createdAt) } });
          }
        }

        await tx.documentVersion.deleteMany({});
        await tx.document.deleteMany({});
        await this.insertBatched(staged.rows('Document'), async (rows) => {
          await tx.document.createMany({
            data: rows.map((r) => ({
              ...(r as Prisma.DocumentCreateManyInput),
              ownerId: idMap.get(r.ownerId as string) ?? (r.ownerId as string),
              createdAt: date(r.createdAt),
              updatedAt: date(r.updatedAt),
            })),
          });
        });
        await this.insertBatched(staged.rows('DocumentVersion'), async (rows) => {
          await tx.documentVersion.createMany({
            data: rows.map((r) => ({
              ...(r as Prisma.DocumentVersionCreateManyInput),
              createdById: idMap.get(r.createdById as string) ?? (r.createdById as string),
              sizeBytes: BigInt(r.sizeBytes as number),
              createdAt: date(r.createdAt),
            })),
          });
        });

        if (options.removeUsersNotInPackage) {
          // After the documents were replaced, nothing the snapshot holds refers to
          // these users; their tokens and sessions go with them (cascade), jobs
          // they triggered keep their rows (set null).
          const keep = decisions.map((d) => d.packageUser.username as string);
          await tx.user.deleteMany({
            where: {
              username: { notIn: keep },
              ...(actor.userId ? { id: { not: actor.userId } } : {}),
              ...(actor.username ? { NOT: { username: actor.username } } : {}),
            },
          });
        }

        for await (const row of staged.rows('BackupConfiguration')) {
          if (await tx.backupConfiguration.findUnique({ where: { name: row.name as string }, select: { id: true } })) continue;
          const idTaken = await tx.backupConfiguration.findUnique({ where: { id: row.id as string }, select: { id: true } });
          const createdById = row.createdById ? (idMap.get(row.createdById as string) ?? null) : null;
          await tx.backupConfiguration.create({
            data: {
              ...(row as Prisma.BackupConfigurationUncheckedCreateInput),
              id: idTaken ? randomUUID() : (row.id as string),
              createdById,
              createdAt: date(row.createdAt),
              updatedAt: date(row.updatedAt),
            },
          });
        }

        await tx.systemSetting.upsert({
          where: { key: RESTORE_COMMITTED_SETTING },
          create: { key: RESTORE_COMMITTED_SETTING, value: staged.restoreId },
          update: { value: staged.restoreId },
        });
        const digest = await digestOf(tx);
        this.beforeCommit();
        return digest;
      },
      { maxWait: 60_000, timeout: APPLY_TIMEOUT_MS },
    );
  }

  async digest(): Promise<RestoreDigest> {
    return digestOf(this.client);
  }

  async planReset(actor: RestoreActorInfo): Promise<ResetCounts> {
    return this.resetCounts(this.client, actor);
  }

  async applyReset(actor: RestoreActorInfo): Promise<ResetCounts> {
    return this.client.$transaction(
      async (tx) => {
        const counts = await this.resetCounts(tx, actor);
        await tx.documentVersion.deleteMany({});
        await tx.document.deleteMany({});
        // Tokens and sessions of removed users go with them (cascade); admins keep theirs.
        await tx.user.deleteMany({ where: { username: { in: counts.usernames } } });
        return counts;
      },
      { maxWait: 60_000, timeout: APPLY_TIMEOUT_MS },
    );
  }

  private async resetCounts(db: Tx, actor: RestoreActorInfo): Promise<ResetCounts> {
    const removable = await db.user.findMany({
      where: {
        role: { not: 'ADMIN' },
        ...(actor.userId ? { id: { not: actor.userId } } : {}),
        ...(actor.username ? { username: { not: actor.username } } : {}),
      },
      select: { username: true },
      orderBy: { username: 'asc' },
    });
    return {
      documents: await db.document.count(),
      versions: await db.documentVersion.count(),
      users: removable.length,
      usernames: removable.map((u) => u.username),
    };
  }

  /** Whether the database part of this restore committed (the marker is written in the same transaction). */
  async isCommitted(restoreId: string): Promise<boolean> {
    const row = await this.client.systemSetting.findUnique({ where: { key: RESTORE_COMMITTED_SETTING } });
    return row?.value === restoreId;
  }

  private mergedUser(d: UserDecision, local: Row): Row {
    const pkg = d.packageUser;
    return {
      ...local,
      email: pkg.email,
      displayName: pkg.displayName,
      passwordHash: pkg.passwordHash,
      role: d.protectedFields ? local.role : pkg.role,
      isActive: d.protectedFields ? local.isActive : pkg.isActive,
    };
  }

  private async decideUsers(staged: StagedPackage, localUsers: Row[], actor: RestoreActorInfo) {
    const byName = new Map(localUsers.map((u) => [u.username as string, u]));
    const decisions: UserDecision[] = [];
    const idMap = new Map<string, string>();
    for await (const packageUser of staged.rows('User')) {
      const local = byName.get(packageUser.username as string) ?? null;
      const guarded = !!local && (local.role === 'ADMIN' || local.id === actor.userId || local.username === actor.username);
      const weakens = !!local && (packageUser.role !== local.role || packageUser.isActive !== local.isActive);
      decisions.push({ packageUser, local, protectedFields: guarded && weakens && (packageUser.role !== 'ADMIN' || packageUser.isActive !== true) });
      if (local) idMap.set(packageUser.id as string, local.id as string);
    }
    return { decisions, idMap };
  }

  private async diffById(
    table: string,
    rows: AsyncIterable<Row>,
    local: Map<string, string>,
    map: (row: Row) => Row,
  ): Promise<TablePlan> {
    const plan: TablePlan = {
      table,
      packageRows: 0,
      currentRows: local.size,
      insert: 0,
      replace: 0,
      delete: 0,
      unchanged: 0,
      protected: 0,
      rule: 'replaced to match the package',
    };
    const seen = new Set<string>();
    for await (const row of rows) {
      plan.packageRows += 1;
      const id = row.id as string;
      seen.add(id);
      const current = local.get(id);
      if (current === undefined) plan.insert += 1;
      else if (current === hashRow(map(row))) plan.unchanged += 1;
      else plan.replace += 1;
    }
    plan.delete = [...local.keys()].filter((id) => !seen.has(id)).length;
    return plan;
  }

  private async insertBatched(rows: AsyncIterable<Row>, insert: (batch: Row[]) => Promise<void>): Promise<void> {
    let batch: Row[] = [];
    for await (const row of rows) {
      batch.push(row);
      if (batch.length >= BATCH) {
        await insert(batch);
        batch = [];
      }
    }
    if (batch.length) await insert(batch);
  }
}

/** Row count and a hash over the rows in primary-key order, per EDMS table. */
async function digestOf(db: Tx): Promise<RestoreDigest> {
  const tables: RestoreDigest['tables'] = {};
  const add = (name: string, rows: Row[]) => {
    const hash = createHash('sha256');
    for (const row of rows) hash.update(canonicalJson(toJsonRow(row))).update('\n');
    tables[name] = { rows: rows.length, sha256: hash.digest('hex') };
  };
  add('User', await db.user.findMany({ orderBy: { id: 'asc' } }));
  add('Document', await db.document.findMany({ orderBy: { id: 'asc' } }));
  add('DocumentVersion', await db.documentVersion.findMany({ orderBy: { id: 'asc' } }));
  add('BackupConfiguration', await db.backupConfiguration.findMany({ orderBy: { id: 'asc' } }));
  return { tables };
}
