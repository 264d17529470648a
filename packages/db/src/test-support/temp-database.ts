import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { createPrismaClient, type DbClient } from '../client';
import { applyMigrations } from '../migrate';

export interface TempDatabase {
  dir: string;
  file: string;
  url: string;
  /** Clients created through `client()`; disconnected by `remove()`. */
  client(): DbClient;
  remove(): Promise<void>;
}

export function createTempDatabase(): TempDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edms-db-test-'));
  const file = path.join(dir, 'data', 'edms.db');
  const url = `file:${file}`;
  const clients: DbClient[] = [];
  return {
    dir,
    file,
    url,
    client() {
      const client = createPrismaClient(url);
      clients.push(client);
      return client;
    },
    async remove() {
      await Promise.all(clients.map((client) => client.$disconnect()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createMigratedDatabase(): Promise<TempDatabase> {
  const db = createTempDatabase();
  await applyMigrations(db.url);
  return db;
}
