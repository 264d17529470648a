#!/usr/bin/env node
// Makes sure Debian's Chromium is installed for the web app's browser tests
// (playwright-core drives /usr/bin/chromium; `npx playwright install` cannot
// download browsers on these machines). Run by `npm test -w @edms/web` before
// jest, so `npm install && npm test` works on a fresh CI machine:
// - /usr/bin/chromium exists: nothing to do;
// - running as root: apt-get update && apt-get install -y chromium, non-interactive;
// - otherwise: stop with a message saying what to install.
'use strict';

const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');

const CHROMIUM = '/usr/bin/chromium';

function run(command, args) {
  console.error(`ensure-chromium: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) {
    console.error(`ensure-chromium: could not run ${command}: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) {
    console.error(`ensure-chromium: ${command} ${args[0]} failed with exit code ${result.status}`);
    process.exit(result.status || 1);
  }
}

function main() {
  if (existsSync(CHROMIUM)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      `ensure-chromium: ${CHROMIUM} is missing. The browser tests need Debian's Chromium: ` +
        'run `sudo apt-get install -y chromium`, then run the tests again.',
    );
    process.exit(1);
  }
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', 'chromium']);
  if (!existsSync(CHROMIUM)) {
    console.error(`ensure-chromium: apt-get installed chromium but ${CHROMIUM} is still missing`);
    process.exit(1);
  }
  console.error(`ensure-chromium: installed ${CHROMIUM}`);
}

main();
