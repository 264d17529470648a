import {
  DomainError,
  type ApiToken,
  type AuditEvent,
  type AuditListQuery,
  type AuditRepository,
  type BackupConfiguration,
  type ConfigurationRepository,
  type Document,
  type DocumentListQuery,
  type DocumentRepository,
  type DocumentVersion,
  type Page,
  type Repositories,
  type Session,
  type SessionRepository,
  type SettingsRepository,
  type TokenRepository,
  type User,
  type UserRepository,
  type UserRole,
} from '@edms/domain';
import { providerOf } from '../client';
import type { DatabaseProvider } from '../database-url';
import type { Prisma } from '../generated/sqlite/client';
import { isUniqueConstraintError } from '../prisma-errors';
import { containsIgnoringCase } from '../provider-options';
import { PrismaBackupJobRepository } from './prisma-backup-job-repository';
import { PrismaRestoreJobRepository } from './prisma-restore-job-repository';
import {
  fromConfiguration,
  toApiToken,
  toAuditEvent,
  toConfiguration,
  toDocument,
  toDocumentVersion,
  toSession,
  toUser,
} from './mappers';

/**
 * A client or a transaction, of either provider: repositories work the same on
 * all of them (typed as the SQLite client's; see client.ts).
 */
export type Db = Prisma.TransactionClient;

function uniqueViolation(error: unknown, code: string, message: string): unknown {
  return isUniqueConstraintError(error) ? new DomainError(code, message, { cause: error }) : error;
}

export class PrismaUserRepository implements UserRepository {
  constructor(private readonly db: Db) {}

  async findById(id: string): Promise<User | null> {
    const row = await this.db.user.findUnique({ where: { id } });
    return row ? toUser(row) : null;
  }

  async findByUsername(username: string): Promise<User | null> {
    const row = await this.db.user.findUnique({ where: { username } });
    return row ? toUser(row) : null;
  }

  async list(): Promise<User[]> {
    return (await this.db.user.findMany({ orderBy: { username: 'asc' } })).map(toUser);
  }

  async create(user: User): Promise<User> {
    try {
      return toUser(await this.db.user.create({ data: user }));
    } catch (error) {
      throw uniqueViolation(error, 'USER_EXISTS', `a user named "${user.username}" already exists`);
    }
  }

  async update(id: string, patch: Partial<Omit<User, 'id' | 'createdAt'>>): Promise<User> {
    return toUser(await this.db.user.update({ where: { id }, data: patch }));
  }

  async countActiveByRole(role: UserRole): Promise<number> {
    return this.db.user.count({ where: { role, isActive: true } });
  }
}

export class PrismaDocumentRepository implements DocumentRepository {
  constructor(
    private readonly db: Db,
    private readonly provider: DatabaseProvider = providerOf(db),
  ) {}

  async findById(id: string): Promise<Document | null> {
    const row = await this.db.document.findUnique({ where: { id } });
    return row ? toDocument(row) : null;
  }

  async findByNumber(number: string): Promise<Document | null> {
    const row = await this.db.document.findUnique({ where: { number } });
    return row ? toDocument(row) : null;
  }

  async list(query: DocumentListQuery): Promise<Page<Document>> {
    const where: Prisma.DocumentWhereInput = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.search
        ? {
            // Case-insensitive on both databases, as operators expect of a search box.
            OR: [{ number: containsIgnoringCase(this.provider, query.search) }, { title: containsIgnoringCase(this.provider, query.search) }],
          }
        : {}),
    };
    const [rows, total] = await Promise.all([
      this.db.document.findMany({ where, orderBy: { number: 'asc' }, skip: query.skip ?? 0, take: query.take ?? 50 }),
      this.db.document.count({ where }),
    ]);
    return { items: rows.map(toDocument), total };
  }

  async count(): Promise<number> {
    return this.db.document.count();
  }

  async findLastNumber(prefix: string): Promise<string | null> {
    const row = await this.db.document.findFirst({
      where: { number: { startsWith: `${prefix}-` } },
      orderBy: { number: 'desc' },
      select: { number: true },
    });
    return row?.number ?? null;
  }

  async create(document: Document): Promise<Document> {
    try {
      return toDocument(await this.db.document.create({ data: document }));
    } catch (error) {
      throw uniqueViolation(error, 'DOCUMENT_EXISTS', `document ${document.number} already exists`);
    }
  }

  async update(id: string, patch: Partial<Pick<Document, 'title' | 'status' | 'ownerId' | 'updatedAt'>>): Promise<Document> {
    return toDocument(await this.db.document.update({ where: { id }, data: patch }));
  }

  async addVersion(version: DocumentVersion): Promise<DocumentVersion> {
    try {
      return toDocumentVersion(
        await this.db.documentVersion.create({ data: { ...version, sizeBytes: BigInt(version.sizeBytes) } }),
      );
    } catch (error) {
      throw uniqueViolation(error, 'DOCUMENT_VERSION_EXISTS', `version ${version.version} of this document already exists`);
    }
  }

  async listVersions(documentId: string): Promise<DocumentVersion[]> {
    const rows = await this.db.documentVersion.findMany({ where: { documentId }, orderBy: { version: 'asc' } });
    return rows.map(toDocumentVersion);
  }

  async findVersion(documentId: string, version: number): Promise<DocumentVersion | null> {
    const row = await this.db.documentVersion.findUnique({ where: { documentId_version: { documentId, version } } });
    return row ? toDocumentVersion(row) : null;
  }

  async listAllVersions(): Promise<DocumentVersion[]> {
    return (await this.db.documentVersion.findMany({ orderBy: { id: 'asc' } })).map(toDocumentVersion);
  }
}

export class PrismaConfigurationRepository implements ConfigurationRepository {
  constructor(private readonly db: Db) {}

  async findById(id: string): Promise<BackupConfiguration | null> {
    const row = await this.db.backupConfiguration.findUnique({ where: { id } });
    return row ? toConfiguration(row) : null;
  }

  async findByName(name: string): Promise<BackupConfiguration | null> {
    const row = await this.db.backupConfiguration.findUnique({ where: { name } });
    return row ? toConfiguration(row) : null;
  }

  async list(options: { includeTemporary?: boolean } = {}): Promise<BackupConfiguration[]> {
    const rows = await this.db.backupConfiguration.findMany({
      where: options.includeTemporary ? {} : { isTemporary: false },
      orderBy: { name: 'asc' },
    });
    return rows.map(toConfiguration);
  }

  async create(configuration: BackupConfiguration): Promise<BackupConfiguration> {
    try {
      const data = fromConfiguration(configuration) as Prisma.BackupConfigurationUncheckedCreateInput;
      return toConfiguration(await this.db.backupConfiguration.create({ data }));
    } catch (error) {
      throw uniqueViolation(error, 'CONFIG_EXISTS', `a configuration named "${configuration.name}" already exists`);
    }
  }

  async update(
    id: string,
    patch: Partial<Omit<BackupConfiguration, 'id' | 'createdAt' | 'createdById'>>,
  ): Promise<BackupConfiguration> {
    try {
      const data = fromConfiguration(patch) as Prisma.BackupConfigurationUncheckedUpdateInput;
      return toConfiguration(await this.db.backupConfiguration.update({ where: { id }, data }));
    } catch (error) {
      throw uniqueViolation(error, 'CONFIG_EXISTS', `a configuration named "${patch.name ?? ''}" already exists`);
    }
  }

  async delete(id: string): Promise<void> {
    await this.db.backupConfiguration.delete({ where: { id } });
  }

  async countBackupJobs(id: string): Promise<number> {
    return this.db.backupJob.count({ where: { configurationId: id } });
  }
}

export class PrismaAuditRepository implements AuditRepository {
  constructor(private readonly db: Db) {}

  async findLast(): Promise<AuditEvent | null> {
    const row = await this.db.auditEvent.findFirst({ orderBy: { sequence: 'desc' } });
    return row ? toAuditEvent(row) : null;
  }

  async append(event: AuditEvent): Promise<AuditEvent> {
    try {
      await this.db.auditEvent.create({ data: { ...event, details: JSON.stringify(event.details) } });
      return event;
    } catch (error) {
      if (isUniqueConstraintError(error)) {
        throw new DomainError('AUDIT_APPEND_CONFLICT', `audit sequence ${event.sequence} was taken by a concurrent writer`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  async list(query: AuditListQuery): Promise<Page<AuditEvent>> {
    const where: Prisma.AuditEventWhereInput = {
      ...(query.action ? { action: { startsWith: query.action } } : {}),
      ...(query.actor ? { actor: query.actor } : {}),
      ...(query.targetType ? { targetType: query.targetType } : {}),
      ...(query.outcome ? { outcome: query.outcome } : {}),
      ...(query.since || query.until
        ? { at: { ...(query.since ? { gte: query.since } : {}), ...(query.until ? { lt: query.until } : {}) } }
        : {}),
    };
    const [rows, total] = await Promise.all([
      this.db.auditEvent.findMany({ where, orderBy: { sequence: 'desc' }, skip: query.skip ?? 0, take: query.take ?? 50 }),
      this.db.auditEvent.count({ where }),
    ]);
    return { items: rows.map(toAuditEvent), total };
  }

  async *iterate(batchSize = 1000): AsyncIterable<AuditEvent> {
    let after = 0;
    for (;;) {
      const rows = await this.db.auditEvent.findMany({
        where: { sequence: { gt: after } },
        orderBy: { sequence: 'asc' },
        take: batchSize,
      });
      for (const row of rows) yield toAuditEvent(row);
      const last = rows[rows.length - 1];
      if (!last || rows.length < batchSize) return;
      after = last.sequence;
    }
  }
}

export class PrismaTokenRepository implements TokenRepository {
  constructor(private readonly db: Db) {}

  async create(token: ApiToken): Promise<ApiToken> {
    return toApiToken(await this.db.apiToken.create({ data: token }));
  }

  async findByHash(tokenHash: string): Promise<ApiToken | null> {
    const row = await this.db.apiToken.findUnique({ where: { tokenHash } });
    return row ? toApiToken(row) : null;
  }

  async findById(id: string): Promise<ApiToken | null> {
    const row = await this.db.apiToken.findUnique({ where: { id } });
    return row ? toApiToken(row) : null;
  }

  async list(): Promise<ApiToken[]> {
    return (await this.db.apiToken.findMany({ orderBy: { createdAt: 'asc' } })).map(toApiToken);
  }

  async update(id: string, patch: Partial<Pick<ApiToken, 'lastUsedAt' | 'revokedAt'>>): Promise<ApiToken> {
    return toApiToken(await this.db.apiToken.update({ where: { id }, data: patch }));
  }
}

export class PrismaSessionRepository implements SessionRepository {
  constructor(private readonly db: Db) {}

  async create(session: Session): Promise<Session> {
    return toSession(await this.db.session.create({ data: session }));
  }

  async findByHash(tokenHash: string): Promise<Session | null> {
    const row = await this.db.session.findUnique({ where: { tokenHash } });
    return row ? toSession(row) : null;
  }

  async delete(id: string): Promise<void> {
    await this.db.session.deleteMany({ where: { id } });
  }

  async deleteExpired(now: Date): Promise<number> {
    return (await this.db.session.deleteMany({ where: { expiresAt: { lte: now } } })).count;
  }
}

export class PrismaSettingsRepository implements SettingsRepository {
  constructor(private readonly db: Db) {}

  async get(key: string): Promise<string | null> {
    return (await this.db.systemSetting.findUnique({ where: { key } }))?.value ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    await this.db.systemSetting.upsert({ where: { key }, create: { key, value }, update: { value } });
  }
}

/** Repositories over a client or a transaction; the provider is read from the client unless given. */
export function createRepositories(db: Db, provider: DatabaseProvider = providerOf(db)): Repositories {
  return {
    backupJobs: new PrismaBackupJobRepository(db, provider),
    restoreJobs: new PrismaRestoreJobRepository(db),
    users: new PrismaUserRepository(db),
    documents: new PrismaDocumentRepository(db, provider),
    configurations: new PrismaConfigurationRepository(db),
    audit: new PrismaAuditRepository(db),
    tokens: new PrismaTokenRepository(db),
    sessions: new PrismaSessionRepository(db),
    settings: new PrismaSettingsRepository(db),
  };
}
