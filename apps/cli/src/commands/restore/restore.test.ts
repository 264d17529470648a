import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliSandbox } from '../../test-support/run-cli';

describe('edms restore and system', () => {
  const cli = new CliSandbox();
  afterAll(() => cli.cleanup());
  let packagePath: string;

  beforeAll(async () => {
    expect((await cli.run(['demo', 'seed', '--documents', '3'])).code).toBe(0);
    const job = (await cli.run(['backup', 'run', 'daily-full', '--wait', '--json'])).json<{ backupFilePath: string }>();
    packagePath = join(cli.dataDir, 'incoming.tar.gz');
    copyFileSync(job.backupFilePath, packagePath);
  });

  it('restore package --dry-run returns the plan as JSON on stdout and changes nothing', async () => {
    const result = await cli.run(['restore', 'package', packagePath, '--dry-run', '--json']);
    expect(result.code).toBe(0);
    const body = result.json<{ restore: { status: string; dryRun: boolean }; planHash: string; plan: { tables: Array<{ table: string }> } }>();
    expect(body.restore).toMatchObject({ status: 'COMPLETED', dryRun: true });
    expect(body.plan.tables.map((t) => t.table)).toEqual(['User', 'Document', 'DocumentVersion', 'BackupConfiguration', 'AuditEvent']);
    expect(body.planHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('shows a readable plan on stderr without --json', async () => {
    const result = await cli.run(['restore', 'package', packagePath, '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/TABLE\s+PACKAGE\s+CURRENT\s+INSERT/);
    expect(result.stderr).toContain('Plan hash:');
    expect(result.stderr).toContain('Dry run: nothing was changed.');
  });

  it('refuses without a terminal and without --yes, and cancels', async () => {
    const result = await cli.run(['restore_from_package', packagePath]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Error \[CONFIRMATION_REQUIRED\]/);
  });

  it('restores with --yes through the alias restore_backup and records the steps', async () => {
    const result = await cli.run(['restore_backup', '--from-file', packagePath, '--yes', '--json']);
    expect(result.code).toBe(0);
    const body = result.json<{ restore: { id: string; status: string; safetyBackupJobId: string } }>();
    expect(body.restore.status).toBe('COMPLETED');
    expect(body.restore.safetyBackupJobId).toBeTruthy();
    const shown = (await cli.run(['restore', 'show', body.restore.id, '--json'])).json<{ steps: Array<{ step: string }> }>();
    expect(shown.steps.map((s) => s.step)).toEqual(expect.arrayContaining(['validate', 'plan', 'confirm', 'safety-backup', 'apply', 'complete']));
  });

  it('refuses a type the package does not hold with exit code 2', async () => {
    const db = (await cli.run(['backup', 'run', 'manual-database', '--wait', '--json'])).json<{ id: string }>();
    const result = await cli.run(['restore', 'backup', '--job', db.id, '--type', 'files', '--json']);
    expect(result.code).toBe(2);
    expect(result.json()).toMatchObject({ error: { code: 'RESTORE_TYPE_NOT_IN_PACKAGE' } });
  });

  it('system check passes, and reset needs --yes then removes documents', async () => {
    expect((await cli.run(['system', 'check'])).code).toBe(0);
    const refused = await cli.run(['system', 'reset']);
    expect(refused.code).toBe(2);
    const reset = await cli.run(['system', 'reset', '--yes', '--json']);
    expect(reset.code).toBe(0);
    const docs = (await cli.run(['doc', 'list', '--json'])).json<{ total: number }>();
    expect(docs.total).toBe(0);
    expect((await cli.run(['system', 'check', '--json'])).code).toBe(0);
  });
});
