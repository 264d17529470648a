import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliSandbox } from '../../test-support/run-cli';

describe('edms user', () => {
  const cli = new CliSandbox();
  afterAll(() => cli.cleanup());

  it('creates a user with the password from EDMS_NEW_USER_PASSWORD and lists users without password hashes', async () => {
    const created = await cli.run(['user', 'create', 'JDoe', '--email', 'jdoe@example.com', '--role', 'operator', '--display-name', 'Jane Doe', '--json'], {
      env: { EDMS_NEW_USER_PASSWORD: 'a-long-enough-password' },
    });
    expect(created.code).toBe(0);
    expect(created.json()).toMatchObject({ username: 'jdoe', role: 'OPERATOR', displayName: 'Jane Doe', isActive: true });
    expect(created.stdout).not.toContain('passwordHash');

    const listed = await cli.run(['user', 'list', '--json']);
    expect(listed.code).toBe(0);
    const users = listed.json<Array<Record<string, unknown>>>();
    expect(users.map((u) => u['username']).sort()).toEqual(['admin', 'jdoe']);
    for (const user of users) expect(user).not.toHaveProperty('passwordHash');
    expect(listed.stdout).not.toMatch(/scrypt\$/);

    const table = await cli.run(['user', 'list']);
    expect(table.stdout).toMatch(/^jdoe\s+OPERATOR\s+yes\s+jdoe@example\.com\s+Jane Doe/m);
    expect(table.stdout).not.toMatch(/scrypt\$/);
  });

  it('reads the password from --password-file', async () => {
    const file = join(cli.dataDir, 'auditor.pw');
    writeFileSync(file, 'auditor-password-123\n');
    const created = await cli.run(['user', 'create', 'auditor', '--email', 'audit@example.com', '--role', 'viewer', '--password-file', file]);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Role:\s+VIEWER/);
  });

  it('refuses without a password source when there is no terminal, naming the ways to give one', async () => {
    const result = await cli.run(['user', 'create', 'nopw', '--email', 'nopw@example.com', '--role', 'viewer']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Error [PASSWORD_REQUIRED]');
    expect(result.stderr).toContain('--password-file');
    expect(result.stderr).toContain('EDMS_NEW_USER_PASSWORD');
  });

  it('refuses a short password, an unknown role and a taken username with their codes', async () => {
    const env = { EDMS_NEW_USER_PASSWORD: 'short' };
    const short = await cli.run(['user', 'create', 'shorty', '--email', 's@example.com', '--role', 'viewer', '--json'], { env });
    expect(short.code).toBe(2);
    expect(short.json().error.code).toBe('USER_PASSWORD_TOO_SHORT');

    const role = await cli.run(['user', 'create', 'x1', '--email', 'x@example.com', '--role', 'superuser', '--json'], { env });
    expect(role.code).toBe(2);
    expect(role.json().error).toMatchObject({ code: 'USER_INVALID', details: { field: 'role' } });

    const taken = await cli.run(['user', 'create', 'jdoe', '--email', 'j@example.com', '--role', 'viewer', '--json'], {
      env: { EDMS_NEW_USER_PASSWORD: 'a-long-enough-password' },
    });
    expect(taken.code).toBe(4);
    expect(taken.json().error.code).toBe('USER_EXISTS');
  });
});

describe('edms token', () => {
  const cli = new CliSandbox();
  afterAll(() => cli.cleanup());

  it('shows the secret once, lists tokens without secret or hash, and revokes with --yes', async () => {
    const created = await cli.run(['token', 'create', 'monitoring', '--user', 'admin', '--expires-in-days', '30']);
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^\S{20,}$/);
    expect(created.stderr).toContain('shown only this once');

    const listed = await cli.run(['token', 'list', '--json']);
    expect(listed.code).toBe(0);
    const tokens = listed.json<Array<Record<string, unknown>>>();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ name: 'monitoring', username: 'admin', revokedAt: null });
    expect(tokens[0]).not.toHaveProperty('tokenHash');
    expect(listed.stdout).not.toContain(secret);
    const id = tokens[0]!['id'] as string;

    const human = await cli.run(['token', 'list']);
    expect(human.stdout).toMatch(new RegExp(`^${id}\\s+monitoring\\s+admin\\s+\\S+\\s+active`, 'm'));
    expect(human.stdout).not.toContain(secret);

    const unconfirmed = await cli.run(['token', 'revoke', id]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('--yes');

    const revoked = await cli.run(['token', 'revoke', id, '--yes', '--json']);
    expect(revoked.code).toBe(0);
    expect(revoked.json()).toMatchObject({ id, revokedAt: expect.any(String) });
    expect(revoked.stdout).not.toContain('tokenHash');

    const again = await cli.run(['token', 'revoke', id, '--yes', '--json']);
    expect(again.code).toBe(4);
    expect(again.json().error.code).toBe('TOKEN_ALREADY_REVOKED');
  });

  it('returns the secret in the JSON body of token create', async () => {
    const created = await cli.run(['token', 'create', 'ci', '--user', 'admin', '--json']);
    expect(created.code).toBe(0);
    const body = created.json();
    expect(body.secret).toEqual(expect.any(String));
    expect(body.token).toMatchObject({ name: 'ci', username: 'admin' });
    expect(body.token).not.toHaveProperty('tokenHash');
  });

  it('exits 3 for an unknown token or user', async () => {
    const token = await cli.run(['token', 'revoke', 'no-such-id', '--yes', '--json']);
    expect(token.code).toBe(3);
    expect(token.json().error.code).toBe('TOKEN_NOT_FOUND');

    const user = await cli.run(['token', 'create', 'x', '--user', 'ghost', '--json']);
    expect(user.code).toBe(3);
    expect(user.json().error.code).toBe('USER_NOT_FOUND');
  });
});
