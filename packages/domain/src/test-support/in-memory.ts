import { createHash } from 'node:crypto';
import { DomainError } from '../shared/domain-error';
import type {
  ApiToken,
  AuditEvent,
  BackupConfiguration,
  BackupJob,
  Document,
  RestoreJob,
  DocumentVersion,
  Session,
  User,
} from '../model/entities';
import type { Clock } from '../ports/clock.port';
import type { FileStore, StoredObjectInfo, WrittenObject } from '../ports/file-store.port';
import type { Repositories, UnitOfWork } from '../ports/repositories.port';
import type { ServiceContext } from '../shared/service-context';
import type { BackupFinding } from '../model/entities';
import type { PackageManifest } from '../package/manifest';
import type { RestoreEngine } from '../restore/restore.port';
import type {
  BackupEngine,
  DatabaseExporter,
  DatabaseSnapshot,
  PackageReader,
  PackageStorage,
  PackageWriter,
  WritePackageRequest,
} from '../backup/engine/backup-engine.port';
import { systemActor, type Actor } from '../shared/actor';

/*
 * In-memory fakes of the domain ports for rule tests. The unit of work copies
 * the state before running and puts it back when the work throws, so tests see
 * the same all-or-nothing behaviour as a database transaction.
 */

export interface MemoryState {
  users: Map<string, User>;
  documents: Map<string, Document>;
  versions: Map<string, DocumentVersion>;
  configurations: Map<string, BackupConfiguration>;
  backupJobCounts: Map<string, number>;
  backupJobs: Map<string, BackupJob>;
  restoreJobs: Map<string, RestoreJob>;
  audit: AuditEvent[];
  tokens: Map<string, ApiToken>;
  sessions: Map<string, Session>;
  settings: Map<string, string>;
}

function emptyState(): MemoryState {
  return {
    users: new Map(),
    documents: new Map(),
    versions: new Map(),
    configurations: new Map(),
    backupJobCounts: new Map(),
    backupJobs: new Map(),
    restoreJobs: new Map(),
    audit: [],
    tokens: new Map(),
    sessions: new Map(),
    settings: new Map(),
  };
}

// structuredClone would create Dates of Node's own realm, which fail
// `instanceof Date` inside jest's sandbox, so clone by hand.
function clone<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, clone(v)])) as T;
  if (Array.isArray(value)) return value.map(clone) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)])) as T;
  }
  return value;
}

function cloneState(state: MemoryState): MemoryState {
  return clone(state);
}

function page<T>(items: T[], skip = 0, take = 50) {
  return { items: items.slice(skip, skip + take), total: items.length };
}

export function memoryRepositories(getState: () => MemoryState): Repositories {
  const s = getState;
  return {
    users: {
      findById: async (id) => s().users.get(id) ?? null,
      findByUsername: async (username) => [...s().users.values()].find((u) => u.username === username) ?? null,
      list: async () => [...s().users.values()].sort((a, b) => a.username.localeCompare(b.username)),
      create: async (user) => {
        if ([...s().users.values()].some((u) => u.username === user.username)) {
          throw new DomainError('USER_EXISTS', 'duplicate username');
        }
        s().users.set(user.id, { ...user });
        return user;
      },
      update: async (id, patch) => {
        const next = { ...(s().users.get(id) as User), ...patch };
        s().users.set(id, next);
        return next;
      },
      countActiveByRole: async (role) => [...s().users.values()].filter((u) => u.role === role && u.isActive).length,
    },
    documents: {
      findById: async (id) => s().documents.get(id) ?? null,
      findByNumber: async (number) => [...s().documents.values()].find((d) => d.number === number) ?? null,
      list: async (q) => {
        const items = [...s().documents.values()]
          .filter((d) => (!q.status || d.status === q.status) && (!q.search || d.number.includes(q.search) || d.title.includes(q.search)))
          .sort((a, b) => a.number.localeCompare(b.number));
        return page(items, q.skip, q.take);
      },
      count: async () => s().documents.size,
      findLastNumber: async (prefix) =>
        [...s().documents.values()].map((d) => d.number).filter((n) => n.startsWith(`${prefix}-`)).sort().pop() ?? null,
      create: async (doc) => {
        if ([...s().documents.values()].some((d) => d.number === doc.number)) throw new DomainError('DOCUMENT_EXISTS', 'dup');
        s().documents.set(doc.id, { ...doc });
        return doc;
      },
      update: async (id, patch) => {
        const next = { ...(s().documents.get(id) as Document), ...patch };
        s().documents.set(id, next);
        return next;
      },
      addVersion: async (v) => {
        s().versions.set(v.id, { ...v });
        return v;
      },
      listVersions: async (documentId) =>
        [...s().versions.values()].filter((v) => v.documentId === documentId).sort((a, b) => a.version - b.version),
      findVersion: async (documentId, version) =>
        [...s().versions.values()].find((v) => v.documentId === documentId && v.version === version) ?? null,
      listAllVersions: async () => [...s().versions.values()].sort((a, b) => a.id.localeCompare(b.id)),
    },
    configurations: {
      findById: async (id) => s().configurations.get(id) ?? null,
      findByName: async (name) => [...s().configurations.values()].find((c) => c.name === name) ?? null,
      list: async (o = {}) =>
        [...s().configurations.values()].filter((c) => o.includeTemporary || !c.isTemporary).sort((a, b) => a.name.localeCompare(b.name)),
      create: async (c) => {
        s().configurations.set(c.id, clone(c));
        return c;
      },
      update: async (id, patch) => {
        const next = { ...(s().configurations.get(id) as BackupConfiguration), ...patch };
        s().configurations.set(id, next);
        return next;
      },
      delete: async (id) => {
        s().configurations.delete(id);
      },
      countBackupJobs: async (id) =>
        (s().backupJobCounts.get(id) ?? 0) + [...s().backupJobs.values()].filter((j) => j.configurationId === id).length,
    },
    backupJobs: memoryBackupJobs(s),
    restoreJobs: {
      findById: async (id) => s().restoreJobs.get(id) ?? null,
      list: async (q) =>
        page(
          [...s().restoreJobs.values()].filter((r) => !q.status || r.status === q.status).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()),
          q.skip,
          q.take,
        ),
      create: async (job) => {
        s().restoreJobs.set(job.id, clone(job));
        return job;
      },
      update: async (id, patch) => {
        const next = { ...(s().restoreJobs.get(id) as RestoreJob), ...patch };
        s().restoreJobs.set(id, next);
        return next;
      },
      delete: async (id) => {
        s().restoreJobs.delete(id);
      },
    },
    audit: {
      findLast: async () => s().audit[s().audit.length - 1] ?? null,
      append: async (event) => {
        if (s().audit.some((e) => e.sequence === event.sequence)) throw new DomainError('AUDIT_APPEND_CONFLICT', 'taken');
        s().audit.push(clone(event));
        return event;
      },
      list: async (q) => page([...s().audit].reverse().filter((e) => !q.action || e.action.startsWith(q.action)), q.skip, q.take),
      iterate: async function* () {
        for (const e of [...s().audit]) yield e;
      },
    },
    tokens: {
      create: async (t) => {
        s().tokens.set(t.id, { ...t });
        return t;
      },
      findByHash: async (h) => [...s().tokens.values()].find((t) => t.tokenHash === h) ?? null,
      findById: async (id) => s().tokens.get(id) ?? null,
      list: async () => [...s().tokens.values()],
      update: async (id, patch) => {
        const next = { ...(s().tokens.get(id) as ApiToken), ...patch };
        s().tokens.set(id, next);
        return next;
      },
    },
    sessions: {
      create: async (x) => {
        s().sessions.set(x.id, { ...x });
        return x;
      },
      findByHash: async (h) => [...s().sessions.values()].find((x) => x.tokenHash === h) ?? null,
      delete: async (id) => {
        s().sessions.delete(id);
      },
      deleteExpired: async (now) => {
        let n = 0;
        for (const [id, x] of s().sessions) if (x.expiresAt <= now) (s().sessions.delete(id), (n += 1));
        return n;
      },
    },
    settings: {
      get: async (k) => s().settings.get(k) ?? null,
      set: async (k, v) => {
        s().settings.set(k, v);
      },
    },
  };
}

function memoryBackupJobs(s: () => MemoryState): Repositories['backupJobs'] {
  const all = () => [...s().backupJobs.values()];
  const claimJob = (job: BackupJob | undefined, workerId: string, now: Date) => {
    if (!job || job.status !== 'PENDING') return null;
    const claimed = { ...job, status: 'RUNNING' as const, workerId, startedAt: now, heartbeatAt: now };
    s().backupJobs.set(job.id, claimed);
    return claimed;
  };
  return {
    findById: async (id) => s().backupJobs.get(id) ?? null,
    findByPackageId: async (packageId) => all().find((j) => j.packageId === packageId) ?? null,
    findBySha256: async (sha256) => all().find((j) => j.sha256 === sha256) ?? null,
    list: async (q) =>
      page(
        all()
          .filter(
            (j) =>
              (!q.configurationId || j.configurationId === q.configurationId) &&
              (!q.status || j.status === q.status) &&
              (!q.origin || j.origin === q.origin) &&
              (q.includePruned || !j.prunedAt),
          )
          .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()),
        q.skip,
        q.take,
      ),
    create: async (job) => {
      if (job.scheduledFor && all().some((j) => j.configurationId === job.configurationId && j.scheduledFor?.getTime() === job.scheduledFor?.getTime())) {
        throw new DomainError('BACKUP_SLOT_TAKEN', 'slot taken');
      }
      s().backupJobs.set(job.id, clone(job));
      return job;
    },
    update: async (id, patch) => {
      const next = { ...(s().backupJobs.get(id) as BackupJob), ...patch };
      s().backupJobs.set(id, next);
      return next;
    },
    delete: async (id) => {
      s().backupJobs.delete(id);
    },
    claimNext: async (workerId, now) =>
      claimJob(all().filter((j) => j.status === 'PENDING').sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0], workerId, now),
    claim: async (id, workerId, now) => claimJob(s().backupJobs.get(id), workerId, now),
    heartbeat: async (id, workerId, now, progress) => {
      const job = s().backupJobs.get(id);
      if (!job || job.status !== 'RUNNING' || job.workerId !== workerId) return false;
      s().backupJobs.set(id, { ...job, heartbeatAt: now, ...(progress ? { progress: progress.fraction, progressMessage: progress.message } : {}) });
      return true;
    },
    findStaleRunning: async (before) => all().filter((j) => j.status === 'RUNNING' && j.heartbeatAt !== null && j.heartbeatAt < before),
    hasActiveJob: async (configurationId) =>
      all().some((j) => j.configurationId === configurationId && (j.status === 'PENDING' || j.status === 'RUNNING')),
    findLastScheduledFor: async (configurationId) =>
      all()
        .filter((j) => j.configurationId === configurationId && j.scheduledFor)
        .map((j) => j.scheduledFor as Date)
        .sort((a, b) => b.getTime() - a.getTime())[0] ?? null,
    listRetained: async (configurationId) =>
      all().filter((j) => j.configurationId === configurationId && j.status === 'COMPLETED' && !j.prunedAt && j.backupFilePath),
    listWithFiles: async () => all().filter((j) => j.backupFilePath && !j.prunedAt),
  };
}

export class MemoryFileStore implements FileStore {
  readonly objects = new Map<string, Buffer>();

  async write(key: string, content: AsyncIterable<Uint8Array>): Promise<WrittenObject> {
    const parts: Buffer[] = [];
    for await (const chunk of content) parts.push(Buffer.from(chunk));
    const bytes = Buffer.concat(parts);
    this.objects.set(key, bytes);
    return { key, sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  async openRead(key: string): Promise<AsyncIterable<Uint8Array>> {
    const bytes = this.objects.get(key);
    if (!bytes) throw new DomainError('STORAGE_OBJECT_MISSING', key);
    return (async function* () {
      yield bytes;
    })();
  }

  async stat(key: string): Promise<StoredObjectInfo | null> {
    const bytes = this.objects.get(key);
    return bytes ? { key, sizeBytes: bytes.length } : null;
  }

  async remove(key: string): Promise<void> {
    this.objects.delete(key);
  }

  async *list(): AsyncIterable<StoredObjectInfo> {
    for (const [key, bytes] of [...this.objects].sort(([a], [b]) => a.localeCompare(b))) yield { key, sizeBytes: bytes.length };
  }

  resolve(key: string): string {
    return `/memory/${key}`;
  }
}

export class FakeClock implements Clock {
  constructor(private current = new Date('2026-11-26T10:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Restores are tested against the real engine (packages/runtime); rule tests never reach it. */
const unavailableRestoreEngine = new Proxy({} as RestoreEngine, {
  get(_target, property) {
    throw new Error(`the in-memory context has no restore engine (asked for ${String(property)})`);
  },
});

export interface MemoryContext extends ServiceContext {
  state: () => MemoryState;
  fileStore: MemoryFileStore;
  clock: FakeClock;
  backups: FakeBackupEngine;
}

/**
 * A package engine that keeps "packages" as JSON in memory: enough to test the
 * job rules (queueing, claiming, failures, retention, catalog) without I/O.
 * The real engine is tested in packages/package-format and the runtime.
 */
export class FakeBackupEngine implements BackupEngine {
  readonly packages = new Map<string, { manifest: PackageManifest; bytes: number; sha256: string }>();
  passphrase: string | undefined = undefined;
  /** Pids of 'test-host' that count as running processes (the fake process table). */
  readonly livePids = new Set<number>([1000]);
  instance = { hostname: 'test-host', appVersion: '0.0.0-test', pid: 1000, isProcessAlive: (pid: number) => this.livePids.has(pid) };
  /** Set to make the next write fail with this error. */
  failNextWrite: Error | null = null;
  findings: BackupFinding[] = [];
  lastRequest: WritePackageRequest | null = null;

  constructor(private readonly ctx: () => { state: () => MemoryState; fileStore: MemoryFileStore }) {}

  exporter: DatabaseExporter = {
    openSnapshot: async (): Promise<DatabaseSnapshot> => {
      const state = this.ctx().state();
      const rowsOf = (items: unknown[]) => async function* () {
        for (const item of items) yield JSON.parse(JSON.stringify(item)) as Record<string, unknown>;
      };
      return {
        provider: 'sqlite',
        schemaVersion: '20260101000000_init',
        tables: [
          { name: 'User', rows: rowsOf([...state.users.values()]) },
          { name: 'Document', rows: rowsOf([...state.documents.values()]) },
          { name: 'DocumentVersion', rows: rowsOf([...state.versions.values()]) },
          { name: 'BackupConfiguration', rows: rowsOf([...state.configurations.values()]) },
          { name: 'AuditEvent', rows: rowsOf(state.audit) },
        ],
        documentVersions: async () => [...state.versions.values()],
        release: async () => undefined,
      };
    },
  };

  writer: PackageWriter = {
    write: async (request) => {
      this.lastRequest = request;
      if (this.failNextWrite) {
        const error = this.failNextWrite;
        this.failNextWrite = null;
        throw error;
      }
      const tables: Record<string, { rows: number; bytes: number; sha256: string }> = {};
      for (const table of request.tables) {
        let rows = 0;
        for await (const _row of table.rows()) rows += 1;
        tables[table.name] = { rows, bytes: rows, sha256: '0'.repeat(64) };
      }
      const findings = [...this.findings];
      if (findings.length && request.failOnFindings) {
        throw new DomainError('BACKUP_SOURCE_FILE_CHANGED', 'a file differs', { details: { findings } });
      }
      const manifest: PackageManifest = {
        ...request.manifest,
        ...(request.tables.length ? { database: { tables } } : {}),
        ...(request.files.length || request.manifest.backupType !== 'DATABASE' ? { files: { count: request.files.length, bytes: 0 } } : {}),
      };
      const path = `${request.destinationDir}/${request.fileName}${request.passphrase ? '.enc' : ''}`;
      const sha256 = createHash('sha256').update(path).digest('hex');
      this.packages.set(path, { manifest, bytes: 100 + request.files.length, sha256 });
      return { path, sizeBytes: 100 + request.files.length, sha256, manifest, findings, entries: request.tables.length + request.files.length + 2 };
    },
  };

  reader: PackageReader = {
    readManifest: async (path) => {
      const found = this.packages.get(path);
      if (!found) throw new DomainError('PACKAGE_CORRUPT', `not a package: ${path}`);
      return found.manifest;
    },
    verify: async (path) => {
      const found = this.packages.get(path);
      if (!found) throw new DomainError('PACKAGE_CORRUPT', `not a package: ${path}`);
      return { manifest: found.manifest, entries: 3, bytes: found.bytes, sha256: found.sha256 };
    },
    isEncrypted: async (path) => path.endsWith('.enc'),
  };

  storage: PackageStorage = {
    resolveDirectory: (storagePath) => (storagePath.startsWith('/') ? storagePath : `/data/${storagePath}`),
    stat: async (path) => {
      const found = this.packages.get(path);
      return found ? { path, sizeBytes: found.bytes } : null;
    },
    sha256: async (path) => this.packages.get(path)?.sha256 ?? '',
    read: async function* (this: FakeBackupEngine, path: string) {
      const found = this.packages.get(path);
      if (found) yield new TextEncoder().encode(found.sha256);
    }.bind(this) as PackageStorage['read'],
    remove: async (path) => {
      this.packages.delete(path);
    },
    list: async function* (this: FakeBackupEngine, directory: string) {
      for (const [path, p] of this.packages) if (path.startsWith(`${directory}/`)) yield { path, sizeBytes: p.bytes };
    }.bind(this) as PackageStorage['list'],
    knownDirectories: (storagePaths) => [...new Set(storagePaths.map((p) => (p.startsWith('/') ? p : `/data/${p}`)))],
  };
}

export function createMemoryContext(): MemoryContext {
  let state = emptyState();
  const getState = () => state;
  const uow: UnitOfWork = {
    async transaction(work) {
      const before = cloneState(state);
      try {
        return await work(memoryRepositories(getState));
      } catch (error) {
        state = before;
        throw error;
      }
    },
  };
  const fileStore = new MemoryFileStore();
  return {
    state: getState,
    repos: memoryRepositories(getState),
    uow,
    clock: new FakeClock(),
    fileStore,
    backups: new FakeBackupEngine(() => ({ state: getState, fileStore })),
    restores: unavailableRestoreEngine,
  };
}

export const testAdmin: Actor = systemActor('test:admin');
export const testViewer: Actor = { userId: null, name: 'test:viewer', role: 'VIEWER' };
export const testOperator: Actor = { userId: null, name: 'test:operator', role: 'OPERATOR' };

export async function* bytesOf(text: string | Buffer): AsyncIterable<Uint8Array> {
  yield Buffer.from(text);
}
