import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RestoreEngine } from '@edms/domain';
import { listKnownMigrations, PrismaMaintenanceLock, PrismaRestoreDatabase, type DbClient } from '@edms/db';
import { openStagedPackage, stagePackage } from '@edms/package-format';
import { diskSpace, FileRestoreJournal, LocalRestoreFiles } from '@edms/storage';
import type { RuntimeEnv } from './env';
import { documentStoreDir } from './paths';

export function restoreStagingDir(dataDir: string): string {
  return join(dataDir, 'restore-staging');
}

/**
 * The restore engine over real parts: staging next to the document store (same
 * volume, so the swap is a rename), the database in one transaction, a journal
 * in the data directory and the maintenance lock in the database.
 */
export function createRestoreEngine(env: RuntimeEnv, client: DbClient): RestoreEngine {
  const stagingRoot = restoreStagingDir(env.dataDir);
  const database = new PrismaRestoreDatabase(client);
  return {
    staging: {
      stage: (request) => stagePackage({ ...request, stagingDir: join(stagingRoot, request.restoreId) }),
      open: (restoreId) => openStagedPackage(join(stagingRoot, restoreId)),
      discard: (restoreId) => rm(join(stagingRoot, restoreId), { recursive: true, force: true }),
      diskSpace: () => diskSpace(env.dataDir),
    },
    database,
    files: new LocalRestoreFiles({ storeRoot: documentStoreDir(env.dataDir), stagingRoot }),
    journal: new FileRestoreJournal(join(env.dataDir, 'restore-journal.json')),
    lock: new PrismaMaintenanceLock(client),
    knownMigrations: () => listKnownMigrations(),
    isDatabaseCommitted: (restoreId) => database.isCommitted(restoreId),
    crashPoint: (phase) => {
      // Fault-injection for the kill tests: the process dies exactly here, like a power cut.
      if (process.env.EDMS_TEST_CRASH_AT === phase) process.kill(process.pid, 'SIGKILL');
    },
  };
}
