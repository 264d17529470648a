import { createAdapterFactory } from './adapter-factory';
import { PrismaClient } from './generated/sqlite/client';

export type DbClient = PrismaClient;

/**
 * A Prisma client for `databaseUrl`. Nothing connects until the first query
 * (or `$connect()`); each connection is configured for sharing the database
 * between processes (see sqlite-adapter.ts). Call `$disconnect()` when done.
 */
export function createPrismaClient(databaseUrl: string): DbClient {
  return new PrismaClient({ adapter: createAdapterFactory(databaseUrl) });
}
