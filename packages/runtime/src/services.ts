import { mkdir } from 'node:fs/promises';
import { systemClock, type Clock, type ServiceContext } from '@edms/domain';
import { createPrismaClient, createRepositories, PrismaUnitOfWork, type DbClient } from '@edms/db';
import { LocalFileStore } from '@edms/storage';
import { readEnv, type RuntimeEnv } from './env';
import { createBackupEngine } from './package-engine';
import { PackageStores } from './package-storage';
import { documentStoreDir } from './paths';
import { createRestoreEngine } from './restore-engine';

/** Everything a front door needs, built from the environment in one place. */
export interface Services {
  env: RuntimeEnv;
  ctx: ServiceContext;
  client: DbClient;
  /** Package storage (local directories and object storage), also reachable as ctx.backups.storage. */
  packages: PackageStores;
  close(): Promise<void>;
}

export interface CreateServicesOptions {
  env?: RuntimeEnv;
  clock?: Clock;
}


export async function createServices(options: CreateServicesOptions = {}): Promise<Services> {
  const env = options.env ?? readEnv();
  await mkdir(env.dataDir, { recursive: true });
  const client = createPrismaClient(env.databaseUrl);
  const packages = new PackageStores(env);
  const ctx: ServiceContext = {
    repos: createRepositories(client),
    uow: new PrismaUnitOfWork(client),
    clock: options.clock ?? systemClock,
    fileStore: new LocalFileStore(documentStoreDir(env.dataDir)),
    backups: createBackupEngine(env, packages),
    restores: createRestoreEngine(env, client, packages),
  };
  return {
    env,
    ctx,
    client,
    packages,
    close: async () => {
      packages.close();
      await client.$disconnect();
    },
  };
}
