import { PrismaPg } from '@prisma/adapter-pg';
import { TrackingAdapterFactory } from './tracking-adapter-factory';

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
export class PostgresAdapterFactory extends TrackingAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName: string;
  protected readonly inner: PrismaPg;

  constructor(databaseUrl: string) {
    super();
    this.inner = new PrismaPg(
      postgresPoolConfig(databaseUrl),
      // An idle pooled connection that breaks (server restart, network) is
      // dropped by the pool and the next query reconnects; without listeners
      // pg would raise the error as an uncaught exception.
      { onPoolError: () => undefined, onConnectionError: () => undefined },
    );
    this.adapterName = this.inner.adapterName;
  }
}
