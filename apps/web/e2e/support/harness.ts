import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Starts the product the way `npm start` does, on a fresh data directory and
 * free ports: the web app through apps/web/scripts/start.js (`next start` on
 * the production build) and a backup worker through the CLI
 * (`node apps/cli/bin/run.js worker`). Seeding and users go through the CLI
 * as an operator would. Turbo builds everything first (`test` depends on
 * `build`; @edms/cli is a dev dependency of the web app for that reason).
 */

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const WEB_DIR = path.join(REPO_ROOT, 'apps', 'web');
const CLI = path.join(REPO_ROOT, 'apps', 'cli', 'bin', 'run.js');

export interface Harness {
  baseUrl: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** Runs `edms …` against the same data directory; resolves with stdout. */
  cli(args: string[]): Promise<string>;
  /** Everything the web server and the worker printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const pid = child.pid;
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 10_000);
    timer.unref();
  });
}

export async function startHarness(options: { adminPassword: string; documents: number }): Promise<Harness> {
  for (const built of [path.join(WEB_DIR, '.next', 'BUILD_ID'), path.join(REPO_ROOT, 'apps', 'cli', 'dist', 'commands', 'worker', 'index.js')]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first (turbo does this before \`test\`).`);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'edms-web-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EDMS_DATA_DIR: dataDir,
    EDMS_ADMIN_PASSWORD: options.adminPassword,
    NEXT_TELEMETRY_DISABLED: '1',
  };
  delete env.DATABASE_URL;
  delete env.EDMS_MAX_UPLOAD_BYTES;

  let output = '';
  const children: ChildProcess[] = [];
  const cli = async (args: string[]) => {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  };
  const stop = async () => {
    await Promise.all(children.map(stopProcess));
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    // Migrations, the default configurations, the admin and demo documents, through the CLI.
    await cli(['demo', 'seed', '--documents', String(options.documents)]);

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const spawnLogged = (name: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
      // Own process group, so a wrapper and its children stop together.
      const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...env, ...extraEnv }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      const log = (chunk: Buffer) => {
        output += chunk
          .toString()
          .split('\n')
          .filter((line) => line.trim())
          .map((line) => `[${name}] ${line}\n`)
          .join('');
      };
      child.stdout?.on('data', log);
      child.stderr?.on('data', log);
      children.push(child);
      return child;
    };
    const web = spawnLogged('web', [path.join(WEB_DIR, 'scripts', 'start.js')], { EDMS_WEB_PORT: String(port) });
    const worker = spawnLogged('worker', [CLI, 'worker']);

    const deadline = Date.now() + 90_000;
    for (;;) {
      if (web.exitCode !== null) throw new Error(`the web server exited early:\n${output}`);
      if (worker.exitCode !== null) throw new Error(`the worker exited early:\n${output}`);
      try {
        const response = await fetch(`${baseUrl}/login`, { redirect: 'manual' });
        if (response.status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the web server did not answer within 90 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return { baseUrl, dataDir, env, cli, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A password file for `edms user create --password-file`. */
export function writePasswordFile(dir: string, password: string): string {
  const file = path.join(dir, `pw-${Date.now()}.txt`);
  writeFileSync(file, password, { mode: 0o600 });
  return file;
}
