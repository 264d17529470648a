#!/usr/bin/env node
/* eslint-disable no-console */
'use strict';
/**
 * Restore benchmark (issue 4 item 8, docs/benchmarks.md "Restore (validate + stage)").
 *
 *   npx tsc -p packages/domain/tsconfig.build.json && npx tsc -p packages/package-format/tsconfig.build.json
 *   node packages/package-format/bench/restore-bench.js --size 1GiB [--runs 3] [--durability filesystem,none] [--keep]
 *
 * 1. Builds a deterministic document store in a fresh directory under
 *    <repo>/bench-work/ (buildStore of bench/bench-support.js, the generator
 *    of bench/backup-bench.js: small text files of 2–64 KiB, large
 *    incompressible "scans" of 1–16 MiB, about 4 % NDJSON rows) with
 *    `validRows: true`, so the rows pass the restore's validation: ids in
 *    primary-key order, every reference resolved, the column set of TABLE_SCHEMAS.
 * 2. Writes ONE FULL package from it with writePackage (level 6).
 * 3. Per run, each into a FRESH directory (this ext4 slows down file creation
 *    right after mass deletion, so nothing is deleted until the end):
 *      ours   stagePackage (full validation + unpack + durability), in a child process
 *      tar    GNU tar -xzf of the same package (checks nothing, no fsync)
 *      sync   `sync -f` right after tar, to show what durability costs tar
 *    The package is read once before each step (page cache warm for both) and
 *    `sync` runs before each step so earlier writeback does not interfere.
 * 4. Prints medians, MB/s (package payload bytes / wall time), peak RSS and
 *    the speed ratio ours/tar measured in the same run.
 */
const fs = require('node:fs');
const path = require('node:path');
const {
  DIST, MB, MiB, parseArgs: parseCommonArgs, prepareWorkDir, machineLine, prepareStore, writeStorePackage, childMeasurements,
  run, timed, runChild, median, warmFile,
} = require('./bench-support');

// ---------------------------------------------------------------------------
// arguments

function parseArgs(argv) {
  const args = parseCommonArgs(argv, {
    usage: 'usage: restore-bench.js --size 256MiB|1GiB [--runs N] [--durability filesystem,file,none] [--seed N] [--keep] [--workdir DIR]',
    defaults: { durability: ['filesystem'] },
    flags: {
      '--durability': (a, value) => { a.durability = value().split(','); },
      '--staging': (a, value) => { a.staging = value(); },
    },
  });
  for (const mode of args.durability) if (!['filesystem', 'file', 'none'].includes(mode)) throw new Error(`bad durability ${mode}`);
  return args;
}

// ---------------------------------------------------------------------------
// child processes: our writer (once) and our stager (measured), each alone

async function child(args) {
  const format = require(DIST);
  const started = process.hrtime.bigint();
  let result;
  if (args.child === 'write') {
    const written = await writeStorePackage(format, args, { readChunkBytes: 1024 * 1024 });
    result = { path: written.path, sizeBytes: written.sizeBytes, entries: written.entries, payloadBytes: written.stats.tarBytes };
  } else if (args.child === 'stage') {
    const staged = await format.stagePackage({
      restoreId: path.basename(args.staging),
      packagePath: args.package,
      restoreType: 'FULL',
      migrateThrough: [],
      stagingDir: args.staging,
      durability: args.durability[0],
    });
    result = { fileCount: staged.fileCount, fileBytes: staged.fileBytes, tables: staged.tables };
  } else {
    throw new Error(`unknown child mode ${args.child}`);
  }
  process.stdout.write(JSON.stringify({ ...result, ...childMeasurements(started) }));
}

// ---------------------------------------------------------------------------
// driver

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) return child(args);
  if (!fs.existsSync(path.join(DIST, 'index.js')) || !require(DIST).stagePackage) {
    throw new Error('build first: npx tsc -p packages/domain/tsconfig.build.json && npx tsc -p packages/package-format/tsconfig.build.json');
  }
  const { stamp, reuse, workDir } = prepareWorkDir(args, 'restore');
  const fsType = run('stat', ['-f', '-c', '%T', workDir]).stdout.trim();
  console.log(machineLine());
  console.log(`work dir: ${workDir} (${fsType}); every step writes into a fresh directory, nothing is deleted before the end`);

  const store = prepareStore(workDir, reuse, args, { validRows: true });

  const packageDir = path.join(workDir, `package-${stamp}`);
  fs.mkdirSync(packageDir);
  run('sync', []);
  const written = runChild(__filename, 'write', ['--store', store.storeDir, '--out', packageDir, '--level', String(args.level)]);
  console.log(`package: ${(written.sizeBytes / MiB).toFixed(1)} MiB, ${written.entries} entries, ${(written.payloadBytes / MiB).toFixed(0)} MiB of tar (written once in ${written.seconds.toFixed(1)} s)`);

  const samples = { tar: [], tarSync: [] };
  for (const mode of args.durability) samples[mode] = [];
  for (let r = 1; r <= args.runs; r++) {
    const runDir = path.join(workDir, `run-${stamp}-${r}`);
    fs.mkdirSync(runDir);
    const line = [];
    for (const mode of args.durability) {
      run('sync', []);
      warmFile(written.path);
      const staged = runChild(__filename, 'stage', ['--package', written.path, '--staging', path.join(runDir, `ours-${mode}`), '--durability', mode]);
      if (staged.fileCount !== store.files) throw new Error(`staged ${staged.fileCount} files, expected ${store.files}`);
      samples[mode].push(staged);
      line.push(`ours(${mode}) ${staged.wallSeconds.toFixed(2)} s, RSS ${(staged.maxRssKiB / 1024).toFixed(0)} MiB`);
    }
    const tarDir = path.join(runDir, 'tar');
    fs.mkdirSync(tarDir);
    run('sync', []);
    warmFile(written.path);
    const tar = timed('tar', ['-xzf', written.path, '-C', tarDir]);
    const sync = run('sync', ['-f', tarDir]);
    samples.tar.push(tar);
    samples.tarSync.push({ seconds: tar.seconds + sync.seconds });
    line.push(`tar -xzf ${tar.seconds.toFixed(2)} s (+ sync -f ${sync.seconds.toFixed(2)} s)`);
    console.log(`run ${r}: ${line.join('; ')}`);
  }

  const payload = written.payloadBytes;
  const tar = { seconds: median(samples.tar.map((s) => s.seconds)), rss: Math.max(...samples.tar.map((s) => s.maxRssKiB)) };
  const tarSync = median(samples.tarSync.map((s) => s.seconds));
  const results = {};
  console.log('');
  console.log(`results (${args.sizeLabel} store, ${store.files} files, package ${(written.sizeBytes / MiB).toFixed(0)} MiB, ${args.runs} run${args.runs === 1 ? '' : 's'}, median wall time incl. process start; MB/s = tar payload bytes / wall):`);
  console.log('| step | wall s | MB/s | peak RSS MiB | speed vs tar -xzf |');
  console.log('|---|---:|---:|---:|---:|');
  for (const mode of args.durability) {
    const list = samples[mode];
    const seconds = median(list.map((s) => s.wallSeconds));
    const rss = Math.max(...list.map((s) => s.maxRssKiB)) / 1024;
    results[mode] = { seconds, rssMiB: rss, ratio: tar.seconds / seconds, user: median(list.map((s) => s.userSeconds)), system: median(list.map((s) => s.systemSeconds)) };
    console.log(`| ours: stagePackage (validate + stage, durability ${mode}) | ${seconds.toFixed(2)} | ${(payload / seconds / MB).toFixed(0)} | ${rss.toFixed(0)} | ${(tar.seconds / seconds).toFixed(2)}× |`);
  }
  console.log(`| GNU tar -xzf (no checks, no fsync) | ${tar.seconds.toFixed(2)} | ${(payload / tar.seconds / MB).toFixed(0)} | ${(tar.rss / 1024).toFixed(0)} | 1.00× |`);
  console.log(`| GNU tar -xzf, then sync -f | ${tarSync.toFixed(2)} | ${(payload / tarSync / MB).toFixed(0)} | – | ${(tar.seconds / tarSync).toFixed(2)}× |`);
  console.log('');
  for (const mode of args.durability) {
    const r = results[mode];
    console.log(`ours (${mode}): ${r.ratio.toFixed(2)}× tar's speed (target ≥ 0.70), peak RSS ${r.rssMiB.toFixed(0)} MiB (target < 250), cpu user ${r.user.toFixed(1)} s, sys ${r.system.toFixed(1)} s`);
  }
  console.log(`JSON ${JSON.stringify({ size: args.sizeLabel, files: store.files, packageBytes: written.sizeBytes, payloadBytes: payload, runs: args.runs, ours: results, tar, tarSync })}`);

  if (args.keep) console.log(`kept ${workDir}`);
  else if (args.workdir) {
    for (const name of fs.readdirSync(workDir)) {
      if (name.startsWith(`run-${stamp}-`) || name === `package-${stamp}`) fs.rmSync(path.join(workDir, name), { recursive: true, force: true });
    }
  } else fs.rmSync(workDir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
