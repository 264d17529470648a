import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CliSandbox } from '../../test-support/run-cli';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3') as new (file: string, options?: { readonly?: boolean }) => {
  prepare(sql: string): { all(): unknown[] };
  close(): void;
};

/** EDMS data (users by name, documents, versions) and every stored file, as one digest each. */
function digest(cli: CliSandbox): { database: string; files: string } {
  const db = new Database(cli.databaseFile, { readonly: true });
  const rows = [
    db.prepare('SELECT username, email, role, isActive, passwordHash FROM User ORDER BY username').all(),
    db.prepare('SELECT * FROM Document ORDER BY id').all(),
    db.prepare('SELECT * FROM DocumentVersion ORDER BY id').all(),
  ];
  db.close();
  const files = createHash('sha256');
  const root = join(cli.dataDir, 'documents');
  const walk = (dir: string): void => {
    let names: string[] = [];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.update(`${relative(root, full)} ${createHash('sha256').update(readFileSync(full)).digest('hex')}\n`);
    }
  };
  walk(root);
  return { database: createHash('sha256').update(JSON.stringify(rows)).digest('hex'), files: files.digest('hex') };
}

const BEFORE_COMMIT = ['validating', 'confirmed', 'backup-writing', 'safety-backup', 'journal-staged', 'inside-transaction'];
const AFTER_COMMIT = ['database-committed', 'during-swap', 'files-swapped'];

describe('a restore killed with SIGKILL', () => {
  it.each([...BEFORE_COMMIT.map((p) => [p, 'old'] as const), ...AFTER_COMMIT.map((p) => [p, 'new'] as const)])(
    'at %s leaves entirely the %s state after the next start, and the attempt in the audit trail',
    async (phase, expected) => {
      const cli = new CliSandbox();
      try {
        expect((await cli.run(['demo', 'seed', '--documents', '3'])).code).toBe(0);
        const job = (await cli.run(['backup', 'run', 'daily-full', '--wait', '--json'])).json<{ id: string }>();
        const newState = digest(cli);
        // Change the live system after the backup: a new document, and one removed version file rewritten.
        expect((await cli.run(['demo', 'seed', '--documents', '2', '--seed', '7'])).code).toBe(0);
        const oldState = digest(cli);
        expect(oldState).not.toEqual(newState);

        const killed = await cli.run(['restore', 'backup', '--job', job.id, '--force'], { env: { EDMS_TEST_CRASH_AT: phase } });
        expect(killed.code).toBeNull(); // died by signal, not by exit

        // The next start of any front door recovers.
        const next = await cli.run(['restore', 'list', '--json']);
        expect(next.code).toBe(0);
        const after = digest(cli);
        expect(after).toEqual(expected === 'old' ? oldState : newState);

        const restores = next.json<{ items: Array<{ status: string }> }>();
        expect(restores.items[0]?.status).toEqual(expected === 'old' ? expect.stringMatching(/^(FAILED|ROLLED_BACK)$/) : 'COMPLETED');
        const audit = (await cli.run(['audit', 'list', '--action', 'restore', '--json'])).json<{ items: Array<{ action: string }> }>();
        expect(audit.items.map((e) => e.action)).toContain('restore.request');
        expect(audit.items.map((e) => e.action)).toContain('restore.recover');
        expect((await cli.run(['audit', 'verify'])).code).toBe(0);
      } finally {
        cli.cleanup();
      }
    },
    120_000,
  );
});
