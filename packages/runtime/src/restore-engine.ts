import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RestoreEngine } from '@edms/domain';
import { databaseProviderOf, listKnownMigrations, PrismaMaintenanceLock, PrismaRestoreDatabase, type DbClient } from '@edms/db';
import { openStagedPackage, stagePackage } from '@edms/package-format';
import { diskSpace, FileRestoreJournal, LocalRestoreFiles } from '@edms/storage';
import type { RuntimeEnv } from './env';
import { PackageStores } from './package-storage';
import { documentStoreDir } from './paths';

export function restoreStagingDir(dataDir: string): string {
  return join(dataDir, 'restore-staging');
}

/**
 * The restore engine over real parts: staging next to the document store (same
 * volume, so the swap is a rename), the database in one transaction, a journal
 * in the data directory and the maintenance lock in the database.
 */
/**
 * Fault injection for the kill tests (EDMS_TEST_CRASH_AT=<phase>): the process
 * dies exactly there with SIGKILL, like a power cut. Phases inside components
 * (staging, the database transaction, the file swap) are reached through hooks.
 */
function crashAt(phase: string): void {
  if (process.env.EDMS_TEST_CRASH_AT === phase) process.kill(process.pid, 'SIGKILL');
}

export function createRestoreEngine(env: RuntimeEnv, client: DbClient, packages: PackageStores = new PackageStores(env)): RestoreEngine {
  const stagingRoot = restoreStagingDir(env.dataDir);
  const database = new PrismaRestoreDatabase(client, () => crashAt('inside-transaction'));
  let swapped = 0;
  return {
    staging: {
      stage: (request) =>
        stagePackage({
          ...request,
          source: packages.source(request.packagePath),
          stagingDir: join(stagingRoot, request.restoreId),
          onProgress: (p) => {
            if (p.bytesTotal > 0 && p.bytesDone * 2 >= p.bytesTotal) crashAt('validating');
            request.onProgress?.(p);
          },
        }),
      open: (restoreId) => openStagedPackage(join(stagingRoot, restoreId)),
      discard: (restoreId) => rm(join(stagingRoot, restoreId), { recursive: true, force: true }),
      diskSpace: () => diskSpace(env.dataDir),
    },
    database,
    files: new LocalRestoreFiles({
      storeRoot: documentStoreDir(env.dataDir),
      stagingRoot,
      onKey: (_key, step) => {
        // The first file (or, for a FULL restore, the whole old store) has been moved aside, the new one not yet in.
        if (step === 'moved-aside' && ++swapped === 1) crashAt('during-swap');
      },
    }),
    journal: new FileRestoreJournal(join(env.dataDir, 'restore-journal.json')),
    lock: new PrismaMaintenanceLock(client),
    // Both providers ship the same migration names, so packages move between them.
    knownMigrations: () => listKnownMigrations(databaseProviderOf(env.databaseUrl)),
    isDatabaseCommitted: (restoreId) => database.isCommitted(restoreId),
    crashPoint: crashAt,
  };
}
