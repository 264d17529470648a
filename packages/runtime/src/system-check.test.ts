import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSystem, seedDemoDocuments, systemActor } from '@edms/domain';
import type { Services } from './services';
import { DATABASES, openServices } from './test-support/test-installation';

const actor = systemActor('test');

describe.each(DATABASES)('checkSystem on a real installation on %s', (provider, serverUrl) => {
  let dir: string;
  let services: Services;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edms-check-'));
    services = await openServices([provider, serverUrl], dir);
    await seedDemoDocuments(services.ctx, actor, { documents: 3 });
  });

  afterEach(async () => {
    await services.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports a healthy installation as ok', async () => {
    const report = await checkSystem(services.ctx, actor);
    expect(report).toMatchObject({ ok: true, missingFiles: [], changedFiles: [], orphanFiles: [], staleJobs: [], interruptedRestore: null });
    expect(report.audit.intact).toBe(true);
    expect(report.versionsChecked).toBeGreaterThanOrEqual(3);
  });

  it('finds a missing file, a changed file and an orphan file', async () => {
    const [a, b] = await services.ctx.repos.documents.listAllVersions();
    unlinkSync(services.ctx.fileStore.resolve(a!.storageKey));
    writeFileSync(services.ctx.fileStore.resolve(b!.storageKey), 'tampered');
    writeFileSync(join(dir, 'documents', 'stray.bin'), 'nobody knows me');
    const report = await checkSystem(services.ctx, actor);
    expect(report.ok).toBe(false);
    expect(report.missingFiles.map((m) => m.storageKey)).toEqual([a!.storageKey]);
    expect(report.changedFiles.map((c) => c.storageKey)).toEqual([b!.storageKey]);
    expect(report.orphanFiles).toEqual([{ storageKey: 'stray.bin', sizeBytes: 15 }]);
  });

  it('finds a broken audit chain and names the first broken link', async () => {
    await services.client.auditEvent.update({ where: { sequence: 2 }, data: { actor: 'mallory' } });
    const report = await checkSystem(services.ctx, actor);
    expect(report.ok).toBe(false);
    expect(report.audit.firstBreak).toMatchObject({ kind: 'HASH_MISMATCH', sequence: 2 });
  });
});
