import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

import { databaseProviderOf } from './database-url';
import { PostgresAdapterFactory } from './postgres-adapter';
import { ConfiguredSqliteAdapterFactory } from './sqlite-adapter';

export interface ManagedAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  disposeAll(): Promise<void>;
}

/** The single place where a database URL is turned into a driver adapter. */
export function createAdapterFactory(databaseUrl: string): ManagedAdapterFactory {
  const provider = databaseProviderOf(databaseUrl);
  switch (provider) {
    case 'sqlite':
      return new ConfiguredSqliteAdapterFactory(databaseUrl);
    case 'postgresql':
      return new PostgresAdapterFactory(databaseUrl);
  }
}
