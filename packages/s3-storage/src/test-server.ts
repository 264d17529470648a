/**
 * Starts a real S3-protocol server (s3rver, see scripts/s3-test-server.js) in
 * a child process for integration tests, so that spawned front doors and the
 * test process reach it alike and a blocked test process cannot stall it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { S3Settings } from './s3-client';

export interface S3TestServer {
  endpoint: string;
  port: number;
  /** Settings that reach this server (its fixed test credentials, path-style URLs). */
  settings: S3Settings;
  /** Environment variables that point EDMS at this server. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** s3rver's built-in account. */
const ACCESS_KEY = 'S3RVER';
const SECRET_KEY = 'S3RVER';

export async function startS3TestServer(options: { directory: string; buckets: string[]; port?: number }): Promise<S3TestServer> {
  const script = join(__dirname, '..', 'scripts', 's3-test-server.js');
  // s3rver's ListObjectsV2 continuation tokens use DES, which OpenSSL 3 keeps in its legacy provider.
  const child: ChildProcess = spawn(process.execPath, ['--openssl-legacy-provider', script, options.directory, ...options.buckets], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...(options.port ? { S3_TEST_PORT: String(options.port) } : {}) },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`the S3 test server did not start in 30 s: ${stderr}`)), 30_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the S3 test server exited with ${String(code)}: ${stderr}`));
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    port,
    settings: { endpoint, region: 'us-east-1', forcePathStyle: true, accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY, checksums: 'when_supported' },
    env: {
      EDMS_S3_ENDPOINT: endpoint,
      EDMS_S3_REGION: 'us-east-1',
      EDMS_S3_FORCE_PATH_STYLE: 'true',
      EDMS_S3_ACCESS_KEY_ID: ACCESS_KEY,
      EDMS_S3_SECRET_ACCESS_KEY: SECRET_KEY,
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
