import pg from 'pg';

import { redactDatabaseUrl } from './database-url';

/**
 * Runs `work` while holding a session-level advisory lock on a dedicated
 * connection: other processes calling this with the same key wait (the
 * PostgreSQL counterpart of sqlite-file-lock.ts). The server releases the lock
 * when the connection ends, so a holder that dies never blocks the others.
 */
export async function withPostgresAdvisoryLock<T>(databaseUrl: string, key: bigint, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  // A broken connection is reported by the query that uses it.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Cannot connect to ${redactDatabaseUrl(databaseUrl)}: ${(error as Error).message}`, { cause: error });
  }
  try {
    await client.query('SELECT pg_advisory_lock($1::bigint)', [key.toString()]);
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [key.toString()]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
