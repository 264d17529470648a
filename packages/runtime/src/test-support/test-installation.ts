import { createTestDatabase, testDatabaseTargets, type TestDatabaseTarget } from '@edms/db';
import { startServices } from '../bootstrap';
import { readEnv } from '../env';
import type { Services } from '../services';

export type { TestDatabaseTarget };

/** SQLite always; PostgreSQL too when reachable (EDMS_TEST_POSTGRES_URL, see @edms/db testing). */
export const DATABASES: TestDatabaseTarget[] = testDatabaseTargets();

export const TEST_ADMIN_PASSWORD = 'correct horse battery';

/**
 * A started installation (migrated, seeded) over `dataDir`: on SQLite its
 * database is the embedded file in the data directory; on PostgreSQL a new
 * database on the target's server, dropped again by `close()`.
 */
export async function openServices(target: TestDatabaseTarget, dataDir: string, env: Record<string, string> = {}): Promise<Services> {
  const database = target[0] === 'postgresql' ? await createTestDatabase(target) : null;
  try {
    const { services } = await startServices({
      env: readEnv({
        EDMS_DATA_DIR: dataDir,
        EDMS_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
        ...(database ? { DATABASE_URL: database.url } : {}),
        ...env,
      }),
    });
    return {
      ...services,
      close: async () => {
        await services.close();
        await database?.drop();
      },
    };
  } catch (error) {
    await database?.drop();
    throw error;
  }
}
