import { randomUUID } from 'node:crypto';

import type { DbClient } from './client';
import { isUniqueConstraintError } from './prisma-errors';
import { insertBackupJob, insertConfiguration, insertUser } from './test-support/fixtures';
import { createMigratedDatabase, DATABASES, type TempDatabase } from './test-support/temp-database';

async function expectUniqueViolation(write: Promise<unknown>): Promise<void> {
  const error = await write.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isUniqueConstraintError(error)).toBe(true);
}

describe.each(DATABASES)('database schema on %s', (provider, serverUrl) => {
  let db: TempDatabase;
  let client: DbClient;

  beforeAll(async () => {
    db = await createMigratedDatabase([provider, serverUrl]);
    client = db.client();
  });

  afterAll(async () => {
    await db.remove();
  });

  async function insertDocument(ownerId: string, number = `SOP-${randomUUID()}`) {
    return client.document.create({ data: { id: randomUUID(), number, title: 'T', status: 'DRAFT', ownerId } });
  }

  async function insertVersion(documentId: string, createdById: string, version: number) {
    return client.documentVersion.create({
      data: {
        id: randomUUID(),
        documentId,
        version,
        fileName: 'a.pdf',
        storageKey: `docs/${documentId}/${version}`,
        sizeBytes: 10n,
        sha256: '0'.repeat(64),
        mimeType: 'application/pdf',
        createdById,
      },
    });
  }

  it('allows one user per username', async () => {
    await insertUser(client, 'unique-user');
    await expectUniqueViolation(insertUser(client, 'unique-user'));
  });

  it('allows one document per number', async () => {
    const owner = await insertUser(client);
    await insertDocument(owner.id, 'SOP-0001');
    await expectUniqueViolation(insertDocument(owner.id, 'SOP-0001'));
  });

  it('allows each version number once per document, and again in another document', async () => {
    const owner = await insertUser(client);
    const [a, b] = [await insertDocument(owner.id), await insertDocument(owner.id)];
    await insertVersion(a.id, owner.id, 1);

    await expectUniqueViolation(insertVersion(a.id, owner.id, 1));
    await expect(insertVersion(b.id, owner.id, 1)).resolves.toBeDefined();
  });

  it('deletes a document together with its versions', async () => {
    const owner = await insertUser(client);
    const doc = await insertDocument(owner.id);
    await insertVersion(doc.id, owner.id, 1);

    await client.document.delete({ where: { id: doc.id } });

    expect(await client.documentVersion.count({ where: { documentId: doc.id } })).toBe(0);
  });

  it('allows one backup configuration per name', async () => {
    await insertConfiguration(client, 'nightly');
    await expectUniqueViolation(insertConfiguration(client, 'nightly'));
  });

  it('allows a package id on one backup job only, while many jobs have none', async () => {
    const config = await insertConfiguration(client);
    const packageId = randomUUID();
    await insertBackupJob(client, config.id, { packageId });

    await expectUniqueViolation(insertBackupJob(client, config.id, { packageId }));
    await insertBackupJob(client, config.id);
    await insertBackupJob(client, config.id);
  });

  it('runs a scheduled slot once per configuration; manual jobs have no slot and never collide', async () => {
    const [a, b] = [await insertConfiguration(client), await insertConfiguration(client)];
    const slot = new Date('2026-01-01T02:00:00Z');
    await insertBackupJob(client, a.id, { scheduledFor: slot });

    await expectUniqueViolation(insertBackupJob(client, a.id, { scheduledFor: slot }));
    await expect(insertBackupJob(client, b.id, { scheduledFor: slot })).resolves.toBeDefined();
    await expect(insertBackupJob(client, a.id)).resolves.toBeDefined();
    await expect(insertBackupJob(client, a.id)).resolves.toBeDefined();
  });

  it('requires a backup job to belong to an existing configuration', async () => {
    await expect(insertBackupJob(client, randomUUID())).rejects.toThrow();
  });

  it('stores package sizes beyond 32 bits exactly', async () => {
    const config = await insertConfiguration(client);
    const sizeBytes = 5n * 2n ** 32n + 7n;
    const job = await insertBackupJob(client, config.id, { sizeBytes });

    expect((await client.backupJob.findUniqueOrThrow({ where: { id: job.id } })).sizeBytes).toBe(sizeBytes);
  });

  it('keeps a backup job when the user who triggered it is deleted', async () => {
    const user = await insertUser(client);
    const config = await insertConfiguration(client);
    const job = await insertBackupJob(client, config.id, { triggeredById: user.id });

    await client.user.delete({ where: { id: user.id } });

    expect((await client.backupJob.findUniqueOrThrow({ where: { id: job.id } })).triggeredById).toBeNull();
  });

  it('gives each audit sequence number to one event: a second append of the same number fails', async () => {
    const event = (sequence: number) => ({
      sequence,
      at: new Date(),
      actor: 'system',
      action: 'test',
      targetType: 'none',
      outcome: 'SUCCESS',
      prevHash: '0'.repeat(64),
      hash: randomUUID(),
    });
    await client.auditEvent.create({ data: event(1) });

    await expectUniqueViolation(client.auditEvent.create({ data: event(1) }));
    await expect(client.auditEvent.create({ data: event(2) })).resolves.toBeDefined();
  });

  it('allows each API token hash and session token hash once', async () => {
    const user = await insertUser(client);
    const token = () => ({ id: randomUUID(), name: 'ci', tokenHash: 'hash-1', prefix: 'edms_', userId: user.id });
    const session = () => ({ id: randomUUID(), tokenHash: 'hash-1', userId: user.id, expiresAt: new Date() });
    await client.apiToken.create({ data: token() });
    await client.session.create({ data: session() });

    await expectUniqueViolation(client.apiToken.create({ data: token() }));
    await expectUniqueViolation(client.session.create({ data: session() }));
  });

  it('keeps one maintenance lock row per lock name', async () => {
    const lock = () => ({
      name: 'maintenance',
      holder: randomUUID(),
      operation: 'restore',
      acquiredAt: new Date(),
      expiresAt: new Date(Date.now() + 60_000),
    });
    await client.maintenanceLock.create({ data: lock() });

    await expectUniqueViolation(client.maintenanceLock.create({ data: lock() }));
  });
});
