import { createHash } from 'node:crypto';
import { DomainError } from '../shared/domain-error';
import type {
  ApiToken,
  AuditEvent,
  BackupConfiguration,
  Document,
  DocumentVersion,
  Session,
  User,
} from '../model/entities';
import type { Clock } from '../ports/clock.port';
import type { FileStore, StoredObjectInfo, WrittenObject } from '../ports/file-store.port';
import type { Repositories, UnitOfWork } from '../ports/repositories.port';
import type { ServiceContext } from '../shared/service-context';
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
    audit: [],
    tokens: new Map(),
    sessions: new Map(),
    settings: new Map(),
  };
}

function cloneState(state: MemoryState): MemoryState {
  return structuredClone(state);
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
        s().configurations.set(c.id, structuredClone(c));
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
      countBackupJobs: async (id) => s().backupJobCounts.get(id) ?? 0,
    },
    audit: {
      findLast: async () => s().audit[s().audit.length - 1] ?? null,
      append: async (event) => {
        if (s().audit.some((e) => e.sequence === event.sequence)) throw new DomainError('AUDIT_APPEND_CONFLICT', 'taken');
        s().audit.push(structuredClone(event));
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

export interface MemoryContext extends ServiceContext {
  state: () => MemoryState;
  fileStore: MemoryFileStore;
  clock: FakeClock;
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
  return {
    state: getState,
    repos: memoryRepositories(getState),
    uow,
    clock: new FakeClock(),
    fileStore: new MemoryFileStore(),
  };
}

export const testAdmin: Actor = systemActor('test:admin');
export const testViewer: Actor = { userId: null, name: 'test:viewer', role: 'VIEWER' };
export const testOperator: Actor = { userId: null, name: 'test:operator', role: 'OPERATOR' };

export async function* bytesOf(text: string | Buffer): AsyncIterable<Uint8Array> {
  yield Buffer.from(text);
}
