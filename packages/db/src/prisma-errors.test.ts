import { randomUUID } from 'node:crypto';

import {
  isNotFoundError,
  isTableMissingError,
  isUniqueConstraintError,
  uniqueConstraintFields,
} from './prisma-errors';
import { createMigratedDatabase, createTempDatabase, DATABASES, type TempDatabase } from './test-support/temp-database';
import { insertBackupJob, insertConfiguration, insertUser } from './test-support/fixtures';

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the operation to fail');
}

describe.each(DATABASES)('Prisma error guards on real Prisma 7 errors on %s', (provider, serverUrl) => {
  let db: TempDatabase;

  beforeEach(async () => {
    db = await createMigratedDatabase([provider, serverUrl]);
  });

  afterEach(async () => {
    await db.remove();
  });

  it('recognises a duplicate insert through the client as a unique violation (P2002) and names its columns', async () => {
    const client = db.client();
    await insertUser(client, 'alice');

    const error = await rejectionOf(insertUser(client, 'alice'));

    expect(isUniqueConstraintError(error)).toBe(true);
    expect((error as { code?: string }).code).toBe('P2002');
    expect(uniqueConstraintFields(error)).toEqual(['username']);
    expect(isNotFoundError(error)).toBe(false);
  });

  it('names both columns of a violated composite unique constraint', async () => {
    const client = db.client();
    const config = await insertConfiguration(client);
    const scheduledFor = new Date('2026-01-01T02:00:00Z');
    await insertBackupJob(client, config.id, { scheduledFor });

    const error = await rejectionOf(insertBackupJob(client, config.id, { scheduledFor }));

    expect(uniqueConstraintFields(error)).toEqual(['configurationId', 'scheduledFor']);
  });

  it('recognises a duplicate insert through raw SQL, which Prisma reports as P2010, as a unique violation', async () => {
    const client = db.client();
    await insertUser(client, 'alice');

    const error = await rejectionOf(
      client.$executeRaw`INSERT INTO "User" ("id", "username", "email", "displayName", "role", "passwordHash")
                         VALUES (${randomUUID()}, 'alice', 'a@x', 'A', 'ADMIN', 'h')`,
    );

    expect((error as { code?: string }).code).toBe('P2010');
    expect(isUniqueConstraintError(error)).toBe(true);
  });

  it('recognises updating, deleting or requiring a missing record as not found (P2025)', async () => {
    const client = db.client();

    const errors = await Promise.all([
      rejectionOf(client.user.update({ where: { id: 'missing' }, data: { email: 'x' } })),
      rejectionOf(client.user.delete({ where: { id: 'missing' } })),
      rejectionOf(client.user.findUniqueOrThrow({ where: { id: 'missing' } })),
    ]);

    for (const error of errors) {
      expect(isNotFoundError(error)).toBe(true);
      expect(isUniqueConstraintError(error)).toBe(false);
    }
  });

  it('recognises a query on a database that was never migrated as a missing table', async () => {
    const fresh = await createTempDatabase([provider, serverUrl]);
    try {
      const error = await rejectionOf(fresh.client().user.count());

      expect(isTableMissingError(error)).toBe(true);
    } finally {
      await fresh.remove();
    }
  });

  it('does not mistake other values for Prisma errors', () => {
    for (const value of [new Error('P2002'), { code: 'P2002' }, null, undefined, 'P2025']) {
      expect(isUniqueConstraintError(value)).toBe(false);
      expect(isNotFoundError(value)).toBe(false);
    }
  });
});
