#!/usr/bin/env node
// `npm start`: the embedded default on one machine — applies migrations and
// seeds once, then runs the API, the web app and the worker side by side and
// stops them together on Ctrl-C (or when one of them dies).
'use strict';

const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

async function main() {
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  process.env.EDMS_DATA_DIR = path.resolve(process.env.EDMS_DATA_DIR || path.join(root, 'data'));
  const { startServices, describeAdminCreated, readEnv } = require('@edms/runtime');
  const env = readEnv();
  const { services, bootstrap } = await startServices({ env });
  await services.close();
  if (bootstrap.appliedMigrations.length > 0) {
    console.log(`Applied migrations: ${bootstrap.appliedMigrations.join(', ')}`);
  }
  const admin = describeAdminCreated(bootstrap.seed);

  const children = [];
  const processes = [
    { name: 'api', args: [path.join(root, 'apps/api/dist/server.js')] },
    { name: 'web', args: [path.join(root, 'apps/web/scripts/start.js')] },
  ];
  const workerCommand = path.join(root, 'apps/cli/dist/commands/worker/index.js');
  if (existsSync(workerCommand)) {
    processes.push({ name: 'worker', args: [path.join(root, 'apps/cli/bin/run.js'), 'worker'] });
  }

  let stopping = false;
  const stopAll = (code) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    const deadline = setTimeout(() => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    }, 10_000);
    deadline.unref();
    Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(() =>
      process.exit(code),
    );
  };

  for (const { name, args } of processes) {
    const child = spawn(process.execPath, args, { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const prefix = (stream, out) =>
      stream.on('data', (chunk) => {
        for (const line of chunk.toString().split('\n')) if (line.trim()) out.write(`[${name}] ${line}\n`);
      });
    prefix(child.stdout, process.stdout);
    prefix(child.stderr, process.stderr);
    child.on('exit', (code, signal) => {
      if (!stopping) {
        console.error(`[${name}] exited (${signal ?? code}); stopping everything`);
        stopAll(code || 1);
      }
    });
    children.push(child);
  }

  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  console.log('');
  console.log('EDMS Backup & Restore is starting');
  console.log(`  Web dashboard: http://localhost:${env.webPort}`);
  console.log(`  REST API:      http://localhost:${env.apiPort}/api/v1 (health: /api/v1/health)`);
  console.log(`  Data:          ${env.dataDir}`);
  if (admin) console.log(`\n${admin}`);
  console.log('\nPress Ctrl-C to stop.\n');
}

main().catch((error) => {
  console.error(error && error.code ? `Error [${error.code}]: ${error.message}` : error);
  process.exit(1);
});
