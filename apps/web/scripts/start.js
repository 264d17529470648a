#!/usr/bin/env node
// `npm start -w @edms/web`: serves the production build (`next build` first) on
// EDMS_WEB_PORT (default 3000). `next start` takes its port only as a flag, so
// this wrapper reads the variable and passes it on; it also anchors the default
// data directory at the repository root, as the root `npm start` does, instead
// of wherever the command happens to run.
'use strict';

const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const appDir = path.resolve(__dirname, '..');
const repoRoot = path.resolve(appDir, '..', '..');

function readPort(value) {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`EDMS_WEB_PORT must be a port number from 0 to 65535, got "${value}"`);
    process.exit(2);
  }
  return port;
}

const port = readPort(process.env.EDMS_WEB_PORT);
if (!existsSync(path.join(appDir, '.next', 'BUILD_ID'))) {
  console.error('The web app has not been built yet: run `npm run build -w @edms/web` (or `npm run build`) first.');
  process.exit(1);
}

const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  EDMS_DATA_DIR: path.resolve(process.env.EDMS_DATA_DIR || path.join(repoRoot, 'data')),
};
const nextBin = require.resolve('next/dist/bin/next', { paths: [appDir] });
const child = spawn(process.execPath, [nextBin, 'start', '--port', String(port)], {
  cwd: appDir,
  env,
  stdio: 'inherit',
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
