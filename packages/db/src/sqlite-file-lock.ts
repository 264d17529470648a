import * as fs from 'node:fs';
import * as path from 'node:path';

import Database from 'better-sqlite3';

const POLL_INTERVAL_MS = 50;

/**
 * Cross-process mutex for the embedded deployment, where API, worker and CLI
 * may all apply migrations at start-up against one SQLite file. The schema
 * engine takes no lock on SQLite, and concurrent runs were seen to fail with
 * SQLITE_BUSY (surfacing as an unclassifiable `SocketTimeout` connector error)
 * instead of waiting. An exclusive transaction on a sidecar database
 * serialises them; the operating system releases it if the holder dies.
 * Polling (instead of SQLite's blocking busy handler) keeps the event loop
 * free, so callers in the same process queue up too.
 */
export async function withSqliteFileLock<T>(
  lockFilePath: string,
  work: () => Promise<T>,
  timeoutMs = 5 * 60_000,
): Promise<T> {
  fs.mkdirSync(path.dirname(lockFilePath), { recursive: true });
  const lockDb = new Database(lockFilePath, { timeout: 0 });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        lockDb.exec('BEGIN EXCLUSIVE');
        break;
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
      }
    }
    try {
      return await work();
    } finally {
      lockDb.exec('ROLLBACK');
    }
  } finally {
    lockDb.close();
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
