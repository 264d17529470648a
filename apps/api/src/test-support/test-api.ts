import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import { createApiToken, createUser, revokeApiToken, systemActor, type BackupJob, type RestoreJob, type UserRole } from '@edms/domain';
import { readEnv, startServices, type Services } from '@edms/runtime';
import { createApp, type CreateAppOptions } from '../app';
import { BackgroundTasks } from '../background/background-tasks';
import type { ApiLogger } from '../http/logger';

export const ADMIN_PASSWORD = 'correct-horse-battery-staple';

export interface LoggedLine {
  level: 'info' | 'error';
  message: string;
  fields: Record<string, unknown> | undefined;
}

export interface TestApi {
  app: Express;
  services: Services;
  dataDir: string;
  /** What the app logged; tests assert on it and keep stderr quiet. */
  logs: LoggedLine[];
  logger: ApiLogger;
  /** The app's background work (backup runs, restore applies). */
  tasks: BackgroundTasks;
  /** A bearer secret acting as `username`. */
  createToken(username?: string): Promise<string>;
  createRevokedToken(username?: string): Promise<string>;
  createUserWithRole(username: string, role: UserRole, password?: string): Promise<void>;
  /** Another app over the same services, e.g. with different options. */
  createAppWith(options: CreateAppOptions, services?: Services): Express;
  /** A bearer secret for a fresh user of the role (`admin` itself for ADMIN). */
  tokenForRole(role: UserRole): Promise<string>;
  /** Polls a backup job row until it leaves PENDING/RUNNING. */
  waitForBackup(id: string, timeoutMs?: number): Promise<BackupJob>;
  /** Polls a restore row until it reaches a final status. */
  waitForRestore(id: string, timeoutMs?: number): Promise<RestoreJob>;
  cleanup(): Promise<void>;
}

export function captureLogger(logs: LoggedLine[]): ApiLogger {
  return {
    info: (message, fields) => logs.push({ level: 'info', message, fields }),
    error: (message, fields) => logs.push({ level: 'error', message, fields }),
  };
}

/** The real app over a real SQLite file in a fresh data directory, migrated and seeded; `extraEnv` adds settings (e.g. an S3 endpoint). */
export async function createTestApi(extraEnv: Record<string, string> = {}): Promise<TestApi> {
  const dataDir = await mkdtemp(join(tmpdir(), 'edms-api-test-'));
  const env = readEnv({ ...process.env, EDMS_DATA_DIR: dataDir, DATABASE_URL: undefined, EDMS_ADMIN_PASSWORD: ADMIN_PASSWORD, ...extraEnv });
  const { services } = await startServices({ env });
  const logs: LoggedLine[] = [];
  const logger = captureLogger(logs);
  const tasks = new BackgroundTasks(logger);
  const test = systemActor('test');
  let tokenCount = 0;
  const createToken = async (username = 'admin') => {
    tokenCount += 1;
    return (await createApiToken(services.ctx, test, { name: `test-${tokenCount}`, username })).secret;
  };
  return {
    // No worker runs beside the tests: the app runs queued backups at once.
    app: createApp(services, { logger, tasks, workerGraceMs: 0 }),
    tasks,
    services,
    dataDir,
    logs,
    logger,
    createToken,
    async createRevokedToken(username = 'admin') {
      tokenCount += 1;
      const created = await createApiToken(services.ctx, test, { name: `revoked-${tokenCount}`, username });
      await revokeApiToken(services.ctx, test, created.token.id);
      return created.secret;
    },
    async createUserWithRole(username, role, password = `${username}-password-123`) {
      await createUser(services.ctx, test, { username, role, email: `${username}@example.com`, password });
    },
    createAppWith: (options, other = services) => createApp(other, { logger, tasks, workerGraceMs: 0, ...options }),
    async tokenForRole(role) {
      if (role === 'ADMIN') return createToken('admin');
      tokenCount += 1;
      const username = `${role.toLowerCase()}.${tokenCount}`;
      await createUser(services.ctx, test, { username, role, email: `${username}@example.com`, password: `${username}-password-123` });
      return createToken(username);
    },
    waitForBackup: (id, timeoutMs = 30_000) =>
      waitUntil(() => services.ctx.repos.backupJobs.findById(id), (job) => !!job && job.status !== 'PENDING' && job.status !== 'RUNNING', timeoutMs) as Promise<BackupJob>,
    waitForRestore: (id, timeoutMs = 30_000) =>
      waitUntil(
        () => services.ctx.repos.restoreJobs.findById(id),
        (restore) => !!restore && ['COMPLETED', 'FAILED', 'ROLLED_BACK', 'CANCELLED'].includes(restore.status),
        timeoutMs,
      ) as Promise<RestoreJob>,
    async cleanup() {
      await tasks.close(60_000);
      await services.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Cookie pairs (`name=value`) from a response's Set-Cookie headers, for sending back. */
export function cookiesFrom(setCookie: string | string[] | undefined): string {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return list.map((c) => c.split(';')[0]).join('; ');
}

export function setCookieHeaders(headers: Record<string, unknown>): string[] {
  const value = headers['set-cookie'];
  return Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
}

/** Polls `read` every 50 ms until `done` holds; fails with the last value after `timeoutMs`. */
export async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
