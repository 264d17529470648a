import Database from 'better-sqlite3';
import { CliSandbox } from '../../test-support/run-cli';

describe('edms audit', () => {
  const cli = new CliSandbox();
  afterAll(() => cli.cleanup());

  it('reports an intact chain with exit code 0', async () => {
    // A change of our own, so the chain has a few links.
    expect((await cli.run(['config', 'update', 'daily-full', '--time', '02:15'])).code).toBe(0);
    const human = await cli.run(['audit', 'verify']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Audit chain intact: \d+ event\(s\)/);

    const result = await cli.run(['audit', 'verify', '--json']);
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ intact: true, firstBreak: null, eventCount: expect.any(Number) });
  });

  it('lists events newest first and filters by action', async () => {
    const result = await cli.run(['audit', 'list', '--action', 'config.update', '--json']);
    expect(result.code).toBe(0);
    const page = result.json<{ items: Array<{ action: string; actor: string; details: { name: string } }>; total: number }>();
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ action: 'config.update', actor: expect.stringMatching(/^cli:/), details: { name: 'daily-full' } });
  });

  it('exits with the integrity code and names the sequence after an event is altered in the database', async () => {
    const db = new Database(cli.databaseFile);
    try {
      const row = db.prepare("SELECT sequence FROM AuditEvent WHERE action = 'config.update'").get() as { sequence: number };
      db.prepare('UPDATE AuditEvent SET details = ? WHERE sequence = ?').run(JSON.stringify({ name: 'forged' }), row.sequence);
      const sequence = row.sequence;

      const result = await cli.run(['audit', 'verify', '--json']);
      expect(result.code).toBe(6);
      const body = result.json();
      expect(body.error).toMatchObject({
        code: 'AUDIT_CHAIN_BROKEN',
        message: expect.stringContaining(`sequence ${sequence}`),
        details: { intact: false, firstBreak: { kind: 'HASH_MISMATCH', sequence } },
      });

      const human = await cli.run(['audit', 'verify']);
      expect(human.code).toBe(6);
      expect(human.stdout).toBe('');
      expect(human.stderr).toContain(`Error [AUDIT_CHAIN_BROKEN]: audit chain broken at sequence ${sequence}`);
    } finally {
      db.close();
    }
  });
});
