import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readApiEnv } from './env';
import { startApiServer } from './start-api-server';
import { ADMIN_PASSWORD } from './test-support/test-api';

const SERVER_JS = join(__dirname, '..', 'dist', 'server.js');

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'edms-api-server-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

function serverEnv(port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, EDMS_DATA_DIR: dataDir, EDMS_ADMIN_PASSWORD: ADMIN_PASSWORD, EDMS_API_PORT: String(port) };
  delete env['DATABASE_URL'];
  delete env['EDMS_API_HOST'];
  return env;
}

interface Output {
  stdout: string;
  stderr: string;
  exit: Promise<number | null>;
}

function run(port: number): { child: ChildProcess; output: Output } {
  const child = spawn(process.execPath, [SERVER_JS], { env: serverEnv(port), stdio: ['ignore', 'pipe', 'pipe'] });
  const output: Output = {
    stdout: '',
    stderr: '',
    exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  return { child, output };
}

async function waitFor<T>(check: () => T | undefined, what: string, output: Output, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}\nstdout:\n${output.stdout}\nstderr:\n${output.stderr}`);
}

describe('node dist/server.js', () => {
  beforeAll(() => {
    if (!existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run \`npm run build -w @edms/api\` first`);
  });

  it('migrates, seeds, prints the admin line and the URL, serves /api/v1/health, and stops cleanly on SIGTERM', async () => {
    const { child, output } = run(0);
    try {
      const url = await waitFor(() => /EDMS API listening on (http:\/\/\S+)/.exec(output.stdout)?.[1], 'the URL line', output);
      expect(output.stdout).toContain('Created administrator "admin" with the password from EDMS_ADMIN_PASSWORD.');
      expect(output.stdout).not.toContain(ADMIN_PASSWORD);
      const res = await fetch(`${url}/health`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.json()).toMatchObject({ status: 'ok', database: { reachable: true } });
      const unauthenticated = await fetch(`${url}/documents`);
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await output.exit).toBe(0);
    expect(output.stdout).toContain('EDMS API stopped');
  }, 90_000);

  it('exits 1 with a clear message when the port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const { output } = run(port);
      expect(await output.exit).toBe(1);
      expect(output.stderr).toContain('already in use');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 90_000);
});

describe('startApiServer', () => {
  it('listens on a free port with port 0 and closes idempotently', async () => {
    const env = readApiEnv(serverEnv(0));
    const running = await startApiServer({ env, port: 0, host: '127.0.0.1', logger: { info: () => undefined, error: () => undefined } });
    try {
      expect(running.url).toBe(`http://127.0.0.1:${running.port}`);
      expect(running.bootstrap.seed.configurationsCreated).toHaveLength(12);
      const res = await fetch(`${running.url}/api/v1/health`);
      expect(res.status).toBe(200);
    } finally {
      await Promise.all([running.close(), running.close()]);
    }
    expect(running.server.listening).toBe(false);
  }, 60_000);
});
