import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

/** Connections per client (a worker process uses two: queue + backup snapshot). */
export const POSTGRES_POOL_SIZE = 10;

/**
 * pg pool settings from a DATABASE_URL. Everything in the URL goes to pg
 * (host, port, database, user, password, `sslmode`, `application_name`, …);
 * `connection_limit` (Prisma's name for it) sets the pool size per client.
 */
export function postgresPoolConfig(databaseUrl: string): { connectionString: string; max: number } {
  const match = /([?&])connection_limit=([^&]*)(&?)/.exec(databaseUrl);
  if (!match) return { connectionString: databaseUrl, max: POSTGRES_POOL_SIZE };
  const max = Number(decodeURIComponent(match[2] ?? ''));
  if (!Number.isInteger(max) || max < 1) throw new Error(`connection_limit must be a positive whole number, not "${match[2] ?? ''}"`);
  const connectionString = (databaseUrl.slice(0, match.index) + (match[3] ? match[1] : '') + databaseUrl.slice(match.index + match[0].length)).replace(/\?$/, '');
  return { connectionString, max };
}

/**
 * The pg adapter, wrapped like the SQLite one so that every connection the
 * schema engine or a client opened can be closed at once (`disposeAll`).
 * Each `connect()` creates its own pg.Pool, ended when that adapter is disposed.
 */
export class PostgresAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName: string;
  readonly #inner: PrismaPg;
  readonly #open = new Set<SqlDriverAdapter>();

  constructor(databaseUrl: string) {
    this.#inner = new PrismaPg(
      postgresPoolConfig(databaseUrl),
      // An idle pooled connection that breaks (server restart, network) is
      // dropped by the pool and the next query reconnects; without listeners
      // pg would raise the error as an uncaught exception.
      { onPoolError: () => undefined, onConnectionError: () => undefined },
    );
    this.adapterName = this.#inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return this.#track(await this.#inner.connect());
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return this.#track(await this.#inner.connectToShadowDb());
  }

  async disposeAll(): Promise<void> {
    const open = [...this.#open];
    this.#open.clear();
    await Promise.all(open.map((adapter) => adapter.dispose()));
  }

  #track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    this.#open.add(adapter);
    const dispose = adapter.dispose.bind(adapter);
    let disposed = false;
    // pg refuses to end a pool twice; the client and disposeAll may both try.
    adapter.dispose = async () => {
      if (disposed) return;
      disposed = true;
      this.#open.delete(adapter);
      await dispose();
    };
    return adapter;
  }
}
