import request from 'supertest';
import { addDocument, runBackupNow, seedDemoDocuments, systemActor, type BackupJob } from '@edms/domain';
import { digestDocuments } from '../../test-support/state-digest';
import { createTestApi, type TestApi } from '../../test-support/test-api';

let api: TestApi;
let admin: [string, string];
let operator: [string, string];
let backup: BackupJob;
let documentsAtBackup: string[];
const system = systemActor('test');

async function* bytes(text: string): AsyncIterable<Uint8Array> {
  yield Buffer.from(text);
}

async function prepare(body: Record<string, unknown> = {}) {
  const res = await request(api.app).post('/api/v1/restores').set(...admin).send({ backupJobId: backup.id, ...body });
  expect(res.status).toBe(201);
  return res;
}

beforeAll(async () => {
  api = await createTestApi();
  await seedDemoDocuments(api.services.ctx, system, { documents: 4 });
  backup = await runBackupNow(api.services.ctx, system, { configuration: 'daily-full' });
  expect(backup.status).toBe('COMPLETED');
  documentsAtBackup = await digestDocuments(api.services);
  admin = ['Authorization', `Bearer ${await api.tokenForRole('ADMIN')}`];
  operator = ['Authorization', `Bearer ${await api.tokenForRole('OPERATOR')}`];
});
afterAll(() => api.cleanup());

describe('POST /restores', () => {
  it('validates and plans a catalog backup, leaving it AWAITING_CONFIRMATION with the plan and its hash', async () => {
    const res = await prepare();
    expect(res.headers['location']).toBe(`/api/v1/restores/${res.body.restore.id}`);
    expect(res.body.planHash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.restore).toMatchObject({ status: 'AWAITING_CONFIRMATION', backupJobId: backup.id, restoreType: 'FULL', planHash: res.body.planHash });
    expect(res.body.plan.tables.map((t: { table: string }) => t.table)).toEqual(['User', 'Document', 'DocumentVersion', 'BackupConfiguration', 'AuditEvent']);
    expect(res.body.restore.steps.map((s: { step: string }) => s.step)).toEqual(expect.arrayContaining(['validate', 'plan']));
    await request(api.app).post(`/api/v1/restores/${res.body.restore.id}/cancel`).set(...admin).expect(200);
  });

  it('stops after the plan on a dry run: COMPLETED, dryRun, nothing changed', async () => {
    const res = await prepare({ dryRun: true, restoreType: 'DATABASE' });
    expect(res.body.restore).toMatchObject({ status: 'COMPLETED', dryRun: true, restoreType: 'DATABASE' });
    expect(await digestDocuments(api.services)).toEqual(documentsAtBackup);
  });

  it('takes no server path: a restore source is a catalog job or an upload', async () => {
    const res = await request(api.app).post('/api/v1/restores').set(...admin).send({ backupJobId: backup.id, path: '/var/lib/edms/backups/x.tar.gz' });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const traversal = await request(api.app).post('/api/v1/restores').set(...admin).send({ backupJobId: '../../etc/passwd' });
    expect(traversal.status).toBe(400);
  });

  it('refuses a type the package does not hold (422), an unknown job (404), and an OPERATOR (403)', async () => {
    const files = await runBackupNow(api.services.ctx, system, { configuration: 'manual-files' });
    const wrongType = await request(api.app).post('/api/v1/restores').set(...admin).send({ backupJobId: files.id, restoreType: 'DATABASE' });
    expect([wrongType.status, wrongType.body.code]).toEqual([422, 'RESTORE_TYPE_NOT_IN_PACKAGE']);
    const unknown = await request(api.app).post('/api/v1/restores').set(...admin).send({ backupJobId: '00000000-0000-4000-8000-000000000000' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'BACKUP_NOT_FOUND']);
    expect((await request(api.app).post('/api/v1/restores').set(...operator).send({ backupJobId: backup.id })).status).toBe(403);
  });

  it('answers 409 BUSY while another maintenance operation holds the lock, recording nothing', async () => {
    const lock = await api.services.ctx.restores.lock.acquire('test', 'test:holder');
    try {
      const before = (await request(api.app).get('/api/v1/restores').set(...admin)).body.total;
      const res = await request(api.app).post('/api/v1/restores').set(...admin).send({ backupJobId: backup.id });
      expect([res.status, res.body.code]).toEqual([409, 'BUSY']);
      expect((await request(api.app).get('/api/v1/restores').set(...admin)).body.total).toBe(before);
    } finally {
      await lock.release();
    }
  });
});

describe('POST /restores/:id/confirm', () => {
  it('refuses a wrong plan hash or missing force with 409, leaving the restore awaiting confirmation; then applies with force', async () => {
    // Data newer than the package: the plan warns, so confirming needs force.
    await addDocument(api.services.ctx, system, { title: 'Written after the backup', fileName: 'late.txt', content: bytes('late') });
    const prepared = await prepare();
    const id = prepared.body.restore.id as string;
    expect(prepared.body.plan.warnings.map((w: { code: string }) => w.code)).toContain('RESTORE_DATA_NEWER_THAN_PACKAGE');

    const wrongHash = await request(api.app).post(`/api/v1/restores/${id}/confirm`).set(...admin).send({ planHash: 'f'.repeat(64), force: true });
    expect([wrongHash.status, wrongHash.body.code]).toEqual([409, 'RESTORE_PLAN_CHANGED']);
    const noForce = await request(api.app).post(`/api/v1/restores/${id}/confirm`).set(...admin).send({ planHash: prepared.body.planHash });
    expect([noForce.status, noForce.body.code]).toEqual([409, 'RESTORE_WARNINGS_NEED_FORCE']);
    expect((await request(api.app).get(`/api/v1/restores/${id}`).set(...admin)).body.status).toBe('AWAITING_CONFIRMATION');
    expect((await request(api.app).post(`/api/v1/restores/${id}/confirm`).set(...operator).send({ planHash: prepared.body.planHash, force: true })).status).toBe(403);

    const confirmed = await request(api.app).post(`/api/v1/restores/${id}/confirm`).set(...admin).send({ planHash: prepared.body.planHash, force: true });
    expect(confirmed.status).toBe(202);
    expect(['RUNNING', 'COMPLETED']).toContain(confirmed.body.status);
    const done = await api.waitForRestore(id);
    expect(done).toMatchObject({ status: 'COMPLETED', progress: 1, error: null });
    expect(done.safetyBackupJobId).toEqual(expect.any(String));
    expect(done.steps.map((s) => s.step)).toEqual(expect.arrayContaining(['confirm', 'safety-backup', 'apply', 'complete']));
    expect(await digestDocuments(api.services)).toEqual(documentsAtBackup);

    const again = await request(api.app).post(`/api/v1/restores/${id}/confirm`).set(...admin).send({ planHash: prepared.body.planHash });
    expect([again.status, again.body.code]).toEqual([409, 'RESTORE_NOT_AWAITING_CONFIRMATION']);
  });

  it('answers 409 BUSY when the lock is held, and the restore can be confirmed once it is free', async () => {
    const prepared = await prepare({ restoreType: 'DATABASE', skipSafetyBackup: true });
    const id = prepared.body.restore.id as string;
    const lock = await api.services.ctx.restores.lock.acquire('test', 'test:holder');
    try {
      const busy = await request(api.app).post(`/api/v1/restores/${id}/confirm`).set(...admin).send({ planHash: prepared.body.planHash, force: true });
      expect([busy.status, busy.body.code]).toEqual([409, 'BUSY']);
    } finally {
      await lock.release();
    }
    expect((await request(api.app).get(`/api/v1/restores/${id}`).set(...admin)).body.status).toBe('AWAITING_CONFIRMATION');
    const confirmed = await request(api.app).post(`/api/v1/restores/${id}/confirm`).set(...admin).send({ planHash: prepared.body.planHash, force: true });
    expect(confirmed.status).toBe(202);
    expect(await api.waitForRestore(id)).toMatchObject({ status: 'COMPLETED', safetyBackupJobId: null });
  });
});

describe('GET /restores/:id/events', () => {
  it('streams the restore until it ends with a done event', async () => {
    const prepared = await prepare({ restoreType: 'FILES', skipSafetyBackup: true });
    const id = prepared.body.restore.id as string;
    await request(api.app).post(`/api/v1/restores/${id}/confirm`).set(...admin).send({ planHash: prepared.body.planHash, force: true }).expect(202);
    const res = await request(api.app).get(`/api/v1/restores/${id}/events`).set(...admin).buffer(true).parse((r, cb) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += c.toString()));
      r.on('end', () => cb(null, text));
    });
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    const blocks = String(res.body).split('\n\n').filter(Boolean);
    const last = blocks.at(-1) ?? '';
    expect(last).toContain('event: done');
    expect(JSON.parse(/data: (.*)/.exec(last)?.[1] ?? '{}')).toMatchObject({ id, status: 'COMPLETED' });
  });
});

describe('POST /restores/:id/cancel and GET /restores', () => {
  it('cancels a restore awaiting confirmation once, then answers 409', async () => {
    const prepared = await prepare({ skipSafetyBackup: true });
    const id = prepared.body.restore.id as string;
    const cancelled = await request(api.app).post(`/api/v1/restores/${id}/cancel`).set(...admin);
    expect(cancelled.body).toMatchObject({ id, status: 'CANCELLED' });
    const again = await request(api.app).post(`/api/v1/restores/${id}/cancel`).set(...admin);
    expect([again.status, again.body.code]).toEqual([409, 'RESTORE_NOT_CANCELLABLE']);
  });

  it('lists restores newest first, filtered by status, to a VIEWER', async () => {
    const viewer: [string, string] = ['Authorization', `Bearer ${await api.tokenForRole('VIEWER')}`];
    const all = await request(api.app).get('/api/v1/restores').set(...viewer);
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThanOrEqual(4);
    const cancelled = await request(api.app).get('/api/v1/restores?status=CANCELLED').set(...viewer);
    expect(cancelled.body.items.every((r: { status: string }) => r.status === 'CANCELLED')).toBe(true);
    expect((await request(api.app).get('/api/v1/restores/00000000-0000-4000-8000-000000000000').set(...viewer)).body.code).toBe('RESTORE_NOT_FOUND');
  });
});
