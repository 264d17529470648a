import * as fs from 'node:fs';
import * as path from 'node:path';

import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';

import { sqliteFilePath } from './database-url';
import { TrackingAdapterFactory } from './tracking-adapter-factory';

/** How long a writer waits for another process's write lock before failing. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

// The CLI, API, worker and web share one file: WAL lets readers proceed while
// one process writes, and the busy timeout queues writers instead of failing.
// journal_mode is persistent in the file but cheap to re-assert per connection.
const CONNECTION_PRAGMAS = [
  `PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`,
  'PRAGMA journal_mode = WAL',
  'PRAGMA synchronous = NORMAL',
  'PRAGMA foreign_keys = ON',
].join(';\n');

/**
 * The better-sqlite3 adapter only forwards better-sqlite3 constructor options
 * (which cover the busy timeout but no other pragma), so this factory wraps it
 * and configures every connection before Prisma or the schema engine uses it.
 */
export class ConfiguredSqliteAdapterFactory extends TrackingAdapterFactory {
  readonly provider = 'sqlite' as const;
  readonly adapterName: string;
  readonly filePath: string;
  protected readonly inner: PrismaBetterSqlite3;

  constructor(databaseUrl: string) {
    super();
    this.filePath = sqliteFilePath(databaseUrl);
    fs.mkdirSync(path.dirname(this.filePath), { recursive: true });
    this.inner = new PrismaBetterSqlite3({ url: this.filePath, timeout: SQLITE_BUSY_TIMEOUT_MS });
    this.adapterName = this.inner.adapterName;
  }

  protected override async prepare(adapter: SqlDriverAdapter): Promise<void> {
    await adapter.executeScript(CONNECTION_PRAGMAS);
  }
}
