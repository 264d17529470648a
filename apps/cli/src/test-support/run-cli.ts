import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI_ROOT = resolve(__dirname, '..', '..');
const BIN = join(CLI_ROOT, 'bin', 'run.js');

/** Password of the seeded administrator in every test data directory. */
export const TEST_ADMIN_PASSWORD = 'test-admin-password-123';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON; throws with the output when it is not exactly one JSON document. */
  json<T = any>(): T;
  stdoutBytes: Buffer;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/**
 * Runs the real `edms` (bin/run.js over the compiled dist/) as a child process
 * against one data directory, with stdin closed so nothing is a TTY.
 */
export class CliSandbox {
  readonly dataDir: string;

  constructor() {
    if (!existsSync(join(CLI_ROOT, 'dist', 'commands'))) {
      throw new Error('apps/cli/dist is missing: build first with `npm run build -w @edms/cli` (turbo does it before `test`)');
    }
    this.dataDir = mkdtempSync(join(tmpdir(), 'edms-cli-test-'));
  }

  get databaseFile(): string {
    return join(this.dataDir, 'edms.db');
  }

  run(args: string[], options: RunOptions = {}): Promise<CliResult> {
    const env: Record<string, string | undefined> = { ...process.env };
    // Nothing from the developer's shell may point the CLI at another database or change its behaviour.
    for (const key of ['DATABASE_URL', 'EDMS_NEW_USER_PASSWORD', 'EDMS_BACKUP_PASSPHRASE', 'DEBUG', 'NODE_ENV', 'EDMS_CONTENT_TYPE']) delete env[key];
    Object.assign(env, { EDMS_DATA_DIR: this.dataDir, EDMS_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, NO_COLOR: '1' }, options.env);
    return new Promise((resolvePromise, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        cwd: options.cwd ?? this.dataDir,
        env: env as NodeJS.ProcessEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', reject);
      child.on('close', (code) => {
        const stdoutBytes = Buffer.concat(out);
        const stdout = stdoutBytes.toString('utf8');
        const stderr = Buffer.concat(err).toString('utf8');
        resolvePromise({
          code,
          stdout,
          stderr,
          stdoutBytes,
          json() {
            try {
              return JSON.parse(stdout);
            } catch {
              throw new Error(`stdout is not JSON (exit ${code}):\n${stdout}\nstderr:\n${stderr}`);
            }
          },
        });
      });
    });
  }

  cleanup(): void {
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
