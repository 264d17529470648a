#!/usr/bin/env node
// Generates the Prisma client into src/generated/sqlite without network access.
// The Prisma CLI insists on locating a native schema-engine binary (and tries to
// download one) even though `generate` never runs it; pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file satisfies that check, and
// generation itself runs on Prisma's bundled WebAssembly.
//
// Skipped when the output was generated from the same schema and Prisma
// version, so build, typecheck and test can all call it cheaply without
// rewriting files another process may be reading. --force regenerates.
'use strict';

const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const packageDir = path.resolve(__dirname, '..');
const schemaPath = path.join(packageDir, 'prisma', 'schema.prisma');
const outputDir = path.join(packageDir, 'src', 'generated', 'sqlite');
const stampPath = path.join(outputDir, '.generated-from');

function versionOf(pkg) {
  return require(require.resolve(`${pkg}/package.json`, { paths: [packageDir] })).version;
}

const stamp = crypto
  .createHash('sha256')
  .update(fs.readFileSync(schemaPath))
  .update(`prisma@${versionOf('prisma')} @prisma/client@${versionOf('@prisma/client')}`)
  .digest('hex');

const upToDate =
  !process.argv.includes('--force') &&
  fs.existsSync(path.join(outputDir, 'client.ts')) &&
  fs.existsSync(stampPath) &&
  fs.readFileSync(stampPath, 'utf8').trim() === stamp;

if (!upToDate) {
  const prismaCli = require.resolve('prisma/build/index.js', { paths: [packageDir] });
  const result = spawnSync(process.execPath, [prismaCli, 'generate', '--schema', schemaPath], {
    cwd: packageDir,
    stdio: 'inherit',
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  });
  if (result.error) {
    console.error(result.error);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
  fs.writeFileSync(stampPath, `${stamp}\n`);
}
