import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import { createApiToken, createUser, revokeApiToken, systemActor, type UserRole } from '@edms/domain';
import { readEnv, startServices, type Services } from '@edms/runtime';
import { createApp, type CreateAppOptions } from '../app';
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
  /** A bearer secret acting as `username`. */
  createToken(username?: string): Promise<string>;
  createRevokedToken(username?: string): Promise<string>;
  createUserWithRole(username: string, role: UserRole, password?: string): Promise<void>;
  /** Another app over the same services, e.g. with different options. */
  createAppWith(options: CreateAppOptions, services?: Services): Express;
  cleanup(): Promise<void>;
}

export function captureLogger(logs: LoggedLine[]): ApiLogger {
  return {
    info: (message, fields) => logs.push({ level: 'info', message, fields }),
    error: (message, fields) => logs.push({ level: 'error', message, fields }),
  };
}

/** The real app over a real SQLite file in a fresh data directory, migrated and seeded. */
export async function createTestApi(): Promise<TestApi> {
  const dataDir = await mkdtemp(join(tmpdir(), 'edms-api-test-'));
  const env = readEnv({ ...process.env, EDMS_DATA_DIR: dataDir, DATABASE_URL: undefined, EDMS_ADMIN_PASSWORD: ADMIN_PASSWORD });
  const { services } = await startServices({ env });
  const logs: LoggedLine[] = [];
  const logger = captureLogger(logs);
  const test = systemActor('test');
  let tokenCount = 0;
  const createToken = async (username = 'admin') => {
    tokenCount += 1;
    return (await createApiToken(services.ctx, test, { name: `test-${tokenCount}`, username })).secret;
  };
  return {
    app: createApp(services, { logger }),
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
    createAppWith: (options, other = services) => createApp(other, { logger, ...options }),
    async cleanup() {
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
