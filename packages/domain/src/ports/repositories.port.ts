import type {
  ApiToken,
  AuditEvent,
  BackupConfiguration,
  BackupJob,
  BackupJobStatus,
  BackupOrigin,
  RestoreJob,
  RestoreJobStatus,
  Document,
  DocumentStatus,
  DocumentVersion,
  Session,
  User,
  UserRole,
} from '../model/entities';

/** Paging for list queries; `take` is capped by each service. */
export interface PageRequest {
  skip?: number;
  take?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface UserRepository {
  findById(id: string): Promise<User | null>;
  findByUsername(username: string): Promise<User | null>;
  list(): Promise<User[]>;
  create(user: User): Promise<User>;
  update(id: string, patch: Partial<Omit<User, 'id' | 'createdAt'>>): Promise<User>;
  countActiveByRole(role: UserRole): Promise<number>;
}

export interface DocumentListQuery extends PageRequest {
  search?: string;
  status?: DocumentStatus;
}

export interface DocumentRepository {
  findById(id: string): Promise<Document | null>;
  findByNumber(number: string): Promise<Document | null>;
  list(query: DocumentListQuery): Promise<Page<Document>>;
  count(): Promise<number>;
  /** Highest number with the given prefix (e.g. `SOP-`), for allocating the next one. */
  findLastNumber(prefix: string): Promise<string | null>;
  create(document: Document): Promise<Document>;
  update(id: string, patch: Partial<Pick<Document, 'title' | 'status' | 'ownerId' | 'updatedAt'>>): Promise<Document>;
  addVersion(version: DocumentVersion): Promise<DocumentVersion>;
  listVersions(documentId: string): Promise<DocumentVersion[]>;
  findVersion(documentId: string, version: number): Promise<DocumentVersion | null>;
  /** Every version, ordered by id: for integrity checks and backups. */
  listAllVersions(): Promise<DocumentVersion[]>;
}

export interface ConfigurationRepository {
  findById(id: string): Promise<BackupConfiguration | null>;
  findByName(name: string): Promise<BackupConfiguration | null>;
  list(options?: { includeTemporary?: boolean }): Promise<BackupConfiguration[]>;
  create(configuration: BackupConfiguration): Promise<BackupConfiguration>;
  update(
    id: string,
    patch: Partial<Omit<BackupConfiguration, 'id' | 'createdAt' | 'createdById'>>,
  ): Promise<BackupConfiguration>;
  delete(id: string): Promise<void>;
  countBackupJobs(id: string): Promise<number>;
}

export interface BackupJobListQuery extends PageRequest {
  configurationId?: string;
  status?: BackupJobStatus;
  origin?: BackupOrigin;
  /** Jobs whose package retention removed are hidden unless asked for. */
  includePruned?: boolean;
}

export interface BackupJobRepository {
  findById(id: string): Promise<BackupJob | null>;
  findByPackageId(packageId: string): Promise<BackupJob | null>;
  findBySha256(sha256: string): Promise<BackupJob | null>;
  /** Newest first. */
  list(query: BackupJobListQuery): Promise<Page<BackupJob>>;
  /** Throws `BACKUP_SLOT_TAKEN` when (configurationId, scheduledFor) already exists. */
  create(job: BackupJob): Promise<BackupJob>;
  update(id: string, patch: Partial<Omit<BackupJob, 'id' | 'createdAt'>>): Promise<BackupJob>;
  delete(id: string): Promise<void>;
  /**
   * Atomically moves the oldest PENDING job to RUNNING for this worker; two
   * workers can never claim the same job. Null when nothing is pending.
   */
  claimNext(workerId: string, now: Date): Promise<BackupJob | null>;
  /** Claims one specific PENDING job; null when it is no longer pending. */
  claim(id: string, workerId: string, now: Date): Promise<BackupJob | null>;
  /**
   * Records liveness and progress while the job is still RUNNING for this
   * worker; false when it no longer is (it was declared dead), so the worker stops.
   */
  heartbeat(id: string, workerId: string, now: Date, progress?: { fraction: number; message: string }): Promise<boolean>;
  /** RUNNING jobs whose last heartbeat is older than `before`. */
  findStaleRunning(before: Date): Promise<BackupJob[]>;
  hasActiveJob(configurationId: string): Promise<boolean>;
  findLastScheduledFor(configurationId: string): Promise<Date | null>;
  /** COMPLETED, not pruned, with a package file: candidates for retention. */
  listRetained(configurationId: string): Promise<BackupJob[]>;
  /** Every job that points at a package file and was not pruned. */
  listWithFiles(): Promise<BackupJob[]>;
}

export interface RestoreJobListQuery extends PageRequest {
  status?: RestoreJobStatus;
}

export interface RestoreJobRepository {
  findById(id: string): Promise<RestoreJob | null>;
  /** Newest first. */
  list(query: RestoreJobListQuery): Promise<Page<RestoreJob>>;
  create(job: RestoreJob): Promise<RestoreJob>;
  update(id: string, patch: Partial<Omit<RestoreJob, 'id' | 'createdAt'>>): Promise<RestoreJob>;
  delete(id: string): Promise<void>;
}

export interface AuditListQuery extends PageRequest {
  action?: string;
  actor?: string;
  targetType?: string;
  outcome?: AuditEvent['outcome'];
  since?: Date;
  until?: Date;
}

export interface AuditRepository {
  findLast(): Promise<AuditEvent | null>;
  /**
   * Inserts the event. Throws a DomainError `AUDIT_APPEND_CONFLICT` when the
   * sequence is already taken (someone appended first), so the caller retries.
   */
  append(event: AuditEvent): Promise<AuditEvent>;
  list(query: AuditListQuery): Promise<Page<AuditEvent>>;
  /** All events in sequence order, in batches, for verification and export. */
  iterate(batchSize?: number): AsyncIterable<AuditEvent>;
}

export interface TokenRepository {
  create(token: ApiToken): Promise<ApiToken>;
  findByHash(tokenHash: string): Promise<ApiToken | null>;
  findById(id: string): Promise<ApiToken | null>;
  list(): Promise<ApiToken[]>;
  update(id: string, patch: Partial<Pick<ApiToken, 'lastUsedAt' | 'revokedAt'>>): Promise<ApiToken>;
}

export interface SessionRepository {
  create(session: Session): Promise<Session>;
  findByHash(tokenHash: string): Promise<Session | null>;
  delete(id: string): Promise<void>;
  deleteExpired(now: Date): Promise<number>;
}

export interface SettingsRepository {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

/** Every repository, bound to one connection or one transaction. */
export interface Repositories {
  users: UserRepository;
  documents: DocumentRepository;
  configurations: ConfigurationRepository;
  backupJobs: BackupJobRepository;
  restoreJobs: RestoreJobRepository;
  audit: AuditRepository;
  tokens: TokenRepository;
  sessions: SessionRepository;
  settings: SettingsRepository;
}

/**
 * Runs work atomically. Implementations retry the whole function when the
 * database reports a write conflict (another process committed first), so the
 * function must not have side effects outside the repositories it is given.
 */
export interface UnitOfWork {
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
}
