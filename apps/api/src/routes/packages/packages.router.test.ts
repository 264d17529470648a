import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { join } from 'node:path';
import request from 'supertest';
import { runBackupNow, seedDemoDocuments, systemActor } from '@edms/domain';
import { uploadsDir } from '../../operations/receive-package';
import { digestDocuments, digestState } from '../../test-support/state-digest';
import { buildTarGz, readTarGz } from '../../test-support/tar-gz';
import { createTestApi, type TestApi } from '../../test-support/test-api';

let source: TestApi;
let target: TestApi;
let packageBytes: Buffer;
let targetAdmin: [string, string];

const system = systemActor('test');

function upload(api: TestApi, body: Buffer, query = '', auth = targetAdmin) {
  return request(api.app).post(`/api/v1/packages${query}`).set(...auth).set('Content-Type', 'application/octet-stream').send(body);
}

function uploadedFiles(api: TestApi): string[] {
  try {
    return readdirSync(uploadsDir(api.dataDir));
  } catch {
    return [];
  }
}

beforeAll(async () => {
  source = await createTestApi();
  await seedDemoDocuments(source.services.ctx, system, { documents: 3 });
  const job = await runBackupNow(source.services.ctx, system, { configuration: 'daily-full' });
  packageBytes = readFileSync(job.backupFilePath ?? '');
  target = await createTestApi();
  targetAdmin = ['Authorization', `Bearer ${await target.tokenForRole('ADMIN')}`];
});
afterAll(async () => {
  await source.cleanup();
  await target.cleanup();
});

describe('POST /packages', () => {
  it('validates and plans a package this installation never saw, keeping it under a server-chosen name', async () => {
    const res = await upload(target, packageBytes, '?dryRun=true');
    expect(res.status).toBe(201);
    expect(res.body.restore).toMatchObject({ status: 'COMPLETED', dryRun: true, restoreType: 'FULL' });
    expect(res.body.planHash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.plan.warnings.map((w: { code: string }) => w.code)).toContain('RESTORE_OTHER_INSTANCE');
    expect(res.body.upload).toMatchObject({ sizeBytes: packageBytes.length, kept: true });
    const files = uploadedFiles(target);
    expect(files).toEqual([expect.stringMatching(/^[0-9a-f-]{36}\.tar\.gz$/)]);
    const job = await target.services.ctx.repos.backupJobs.findById(res.body.restore.backupJobId);
    expect(job).toMatchObject({ origin: 'IMPORTED', isTemporary: true, backupFilePath: join(uploadsDir(target.dataDir), files[0] ?? '') });
    expect(await digestDocuments(target.services)).toEqual([]);
  });

  it('discards a second upload of a package the catalog already holds and reuses its job', async () => {
    const before = uploadedFiles(target);
    const res = await upload(target, packageBytes);
    expect(res.status).toBe(201);
    expect(res.body.upload.kept).toBe(false);
    expect(res.body.restore.status).toBe('AWAITING_CONFIRMATION');
    expect(uploadedFiles(target)).toEqual(before);
    await request(target.app).post(`/api/v1/restores/${res.body.restore.id}/cancel`).set(...targetAdmin).expect(200);
  });

  it('refuses a package with a "../evil" entry with 422 PACKAGE_*, removes it, and changes nothing', async () => {
    const manifest = readTarGz(packageBytes).find((e) => e.name === 'manifest.json');
    expect(manifest).toBeDefined();
    // A package the catalog does not know yet, so the refused attempt must also remove its temporary catalog entry.
    const unknown = { ...JSON.parse(manifest?.data.toString() ?? '{}'), packageId: randomUUID() };
    const hostile = buildTarGz([
      { name: 'manifest.json', data: Buffer.from(JSON.stringify(unknown)) },
      { name: '../evil', data: Buffer.from('#!/bin/sh\necho owned\n') },
      { name: 'SHA256SUMS', data: Buffer.from('') },
    ]);
    const before = await digestState(target.services);
    const filesBefore = uploadedFiles(target);
    const res = await upload(target, hostile);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toMatch(/^PACKAGE_/);
    expect(await digestState(target.services)).toEqual(before);
    expect(uploadedFiles(target)).toEqual(filesBefore);
    const audit = await target.services.ctx.repos.audit.list({ outcome: 'FAILURE', take: 5 });
    expect(audit.items.some((e) => e.action.startsWith('restore.'))).toBe(true);
  });

  it.each([
    ['a link entry', () => buildTarGz([{ name: 'manifest.json', data: Buffer.from('{}') }, { name: 'files/x', type: '2', linkName: '/etc/passwd' }])],
    ['bytes that are not a package', () => Buffer.from('just some text, not a gzip stream')],
    ['an empty body', () => Buffer.alloc(0)],
  ])('refuses %s with 422 and keeps no file', async (_, make) => {
    const before = await digestState(target.services);
    const filesBefore = uploadedFiles(target);
    const res = await upload(target, make());
    expect(res.status).toBe(422);
    expect(res.body.code).toMatch(/^(PACKAGE_|MANIFEST_|RESTORE_SOURCE_EMPTY)/);
    expect(await digestState(target.services)).toEqual(before);
    expect(uploadedFiles(target)).toEqual(filesBefore);
  });

  it('refuses another Content-Type with 415 and non-ADMIN roles with 403', async () => {
    const json = await request(target.app).post('/api/v1/packages').set(...targetAdmin).send({ path: '/etc/passwd' });
    expect([json.status, json.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    for (const role of ['VIEWER', 'OPERATOR'] as const) {
      const res = await upload(target, packageBytes, '', ['Authorization', `Bearer ${await target.tokenForRole(role)}`]);
      expect([role, res.status]).toEqual([role, 403]);
    }
  });

  describe('over the size cap', () => {
    const CAP = 64 * 1024;

    it('answers 413 UPLOAD_TOO_LARGE for a declared length over the cap without reading it', async () => {
      const app = target.createAppWith({ maxUploadBytes: CAP });
      const res = await request(app).post('/api/v1/packages').set(...targetAdmin).set('Content-Type', 'application/octet-stream').send(Buffer.alloc(CAP + 1));
      expect([res.status, res.body.code]).toEqual([413, 'UPLOAD_TOO_LARGE']);
      expect(res.body.details).toEqual({ limitBytes: CAP });
    });

    it('answers 413 as soon as a streamed (chunked) body crosses the cap, and removes the partial file', async () => {
      const server = createServer(target.createAppWith({ maxUploadBytes: CAP }));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const filesBefore = uploadedFiles(target);
      try {
        const { port } = server.address() as AddressInfo;
        let sent = 0;
        let answered = false;
        const answer = await new Promise<{ status: number; body: string; sentWhenAnswered: number }>((resolve, reject) => {
          const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/api/v1/packages', headers: { Authorization: targetAdmin[1], 'Content-Type': 'application/octet-stream' } }, (res) => {
            answered = true;
            const sentWhenAnswered = sent;
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sentWhenAnswered }));
          });
          // The server may cut the connection after answering; what matters is the answer.
          req.on('error', (error) => (answered ? undefined : reject(error)));
          // Up to 1 MiB in 16 KiB chunks, far past the 64 KiB cap, paced so the answer can overtake the sending.
          const chunk = Buffer.alloc(16 * 1024, 7);
          const pump = () => {
            if (answered || sent >= 1024 * 1024) return void req.end();
            sent += chunk.length;
            req.write(chunk);
            setTimeout(pump, 5);
          };
          pump();
        });
        expect(answer.status).toBe(413);
        expect(JSON.parse(answer.body).code).toBe('UPLOAD_TOO_LARGE');
        expect(answer.sentWhenAnswered).toBeLessThan(1024 * 1024);
        // Neither the partial `.part` file nor a renamed one is left.
        expect(uploadedFiles(target)).toEqual(filesBefore);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });
});
