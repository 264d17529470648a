export { createPrismaClient, type DbClient } from './client';
export {
  DATABASE_FILE_NAME,
  databaseProviderOf,
  redactDatabaseUrl,
  resolveDatabaseUrl,
  type DatabaseProvider,
} from './database-url';
export {
  applyMigrations,
  getSchemaVersion,
  listAppliedMigrations,
  listKnownMigrations,
  migrationsDirectory,
} from './migrate';
export {
  isNotFoundError,
  isPrismaKnownError,
  isTableMissingError,
  isUniqueConstraintError,
  uniqueConstraintFields,
  type PrismaKnownError,
} from './prisma-errors';
export { SQLITE_BUSY_TIMEOUT_MS } from './sqlite-adapter';
export * from './repositories';
export * from './export';
export * from './restore';
export { providerOf } from './client';
// Test support for the suites of every workspace (not used by the product).
export * from './testing/test-databases';
