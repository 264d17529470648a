#!/usr/bin/env node
/* eslint-disable no-console */
'use strict';
/**
 * S3 backup benchmark: backing up to S3-compatible object storage, compared
 * with a local package and with GNU tar measured in the same run.
 *
 *   npx turbo run build --filter=@edms/s3-storage      (builds package-format and domain too)
 *   node packages/s3-storage/bench/s3-bench.js --size 1GiB [--runs 1] [--level 6] [--keep]
 *   npm run bench -w @edms/s3-storage -- --size 256MiB
 *
 * 1. Builds the deterministic document store of
 *    packages/package-format/bench/backup-bench.js (buildStore of its
 *    bench-support.js, the same rows and files for the same --size and --seed)
 *    in a fresh directory under <repo>/bench-work/, or reuses the one in
 *    --workdir; warms the page cache by reading every input once.
 * 2. Starts s3rver (startS3TestServer of dist/test-server.js, a child process)
 *    with its data directory inside the work directory (same disk) and one bucket.
 * 3. Per run, each step into a fresh directory or key prefix, `sync` before
 *    each measurement, our steps in child processes so that their memory is
 *    measured alone (peak RSS from process.resourceUsage().maxRSS, threads
 *    included; tar's from /usr/bin/time):
 *      ours → S3     writePackage with target S3PackageStorage.target('s3://<bucket>/run-…')
 *                    (multipart upload; destinationDir is a local directory for the spool files)
 *      ours ← S3     verifyPackage(S3PackageStorage.source(location)) (streaming GetObject)
 *      ours → local  writePackage to a local file (no target)
 *      ours local    verifyPackage of that file
 *      tar -czf      GNU tar + gzip -6 of the store to a local file
 *      tar -xzf      of that file into a fresh directory
 *    Our steps and tar's alternate who goes first from run to run. s3rver's
 *    CPU time and peak RSS during our S3 steps are read from /proc (Linux).
 * 4. Prints, per run, the writer's time and sampled peak RSS per phase and
 *    process.memoryUsage() at its highest sample (V8 heap vs Buffers); then
 *    medians, speed ratios to tar (tar seconds / our seconds, > 1 means ours
 *    is faster), peak RSS of our children (the highest over the runs), the
 *    multipart parts (counted by the upload, and object size / part size),
 *    what s3rver cost, and a JSON line with everything.
 *
 * Caveat: s3rver is JavaScript, runs on the same cores as the writer and
 * writes to the same disk (and on CompleteMultipartUpload copies all parts
 * into the object, i.e. writes the package twice), so the S3 numbers are a
 * lower bound for what real object storage allows.
 *
 * Default runs: 3, or 1 from 512 MiB up. --part-size / --queue-size set
 * S3PackageStorage's minPartSize / queueSize (defaults 8 MiB / 4, 2 for parts
 * over 64 MiB); --checksums the client's checksum mode (default when_supported).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {
  DIST, MB, MiB, parseArgs: parseCommonArgs, parseSize, prepareWorkDir, machineLine, prepareStore, writeStorePackage, childMeasurements,
  run, timed, runChild, median, tarBaseline, alternate, warmTree,
} = require('../../package-format/bench/bench-support');

const S3_DIST = path.resolve(__dirname, '..', 'dist');

// ---------------------------------------------------------------------------
// arguments

const USAGE = `usage: s3-bench.js --size 256MiB|1GiB [--runs N] [--level 0..9] [--seed N] [--keep] [--workdir DIR]
                  [--bucket NAME] [--part-size 8MiB] [--queue-size N] [--checksums when_supported|when_required]

Backs up the deterministic store of package-format/bench/backup-bench.js to s3rver
(an S3-protocol server on this machine) and reads it back, next to a local package
and GNU tar -czf / -xzf measured in the same run. Build first:
  npx turbo run build --filter=@edms/s3-storage`;

function parseArgs(argv) {
  const args = parseCommonArgs(argv, {
    usage: USAGE,
    defaults: { runs: undefined, bucket: 'edms-bench', checksums: 'when_supported' },
    flags: {
      '--bucket': (a, value) => { a.bucket = value(); },
      '--part-size': (a, value) => { a.partSize = parseSize(value()); },
      '--queue-size': (a, value) => { a.queueSize = Number(value()); },
      '--checksums': (a, value) => { a.checksums = value(); },
      // internal: what the driver hands its children
      '--s3': (a, value) => { a.s3 = JSON.parse(value()); },
      '--location': (a, value) => { a.location = value(); },
    },
  });
  if (args.runs === undefined) args.runs = args.size >= 512 * MiB ? 1 : 3;
  if (!['when_supported', 'when_required'].includes(args.checksums)) throw new Error(`bad --checksums ${args.checksums}`);
  return args;
}

/** The flags that configure S3PackageStorage in a child. */
function storageFlags(args) {
  return [
    ...(args.partSize ? ['--part-size', String(args.partSize)] : []),
    ...(args.queueSize ? ['--queue-size', String(args.queueSize)] : []),
  ];
}

// ---------------------------------------------------------------------------
// child processes: our writers and verifiers, measured alone

function openStorage(args) {
  const s3 = require(S3_DIST);
  const client = s3.createS3Client(args.s3);
  const storage = new s3.S3PackageStorage({ client, minPartSize: args.partSize, queueSize: args.queueSize });
  return { client, storage };
}

/**
 * storage.target(directory), wrapped to see the upload it creates: its parts,
 * part size and queue size, and how long complete() takes.
 */
function observedTarget(storage, directory) {
  const inner = storage.target(directory);
  const seen = { expectedBytes: null, upload: null, completeSeconds: null };
  const target = {
    location: (fileName) => inner.location(fileName),
    exists: (fileName) => inner.exists(fileName),
    create: async (fileName, expectedBytes) => {
      seen.expectedBytes = expectedBytes;
      const upload = await inner.create(fileName, expectedBytes);
      seen.upload = upload;
      return {
        write: (chunk) => upload.write(chunk),
        complete: async () => {
          const started = process.hrtime.bigint();
          await upload.complete();
          seen.completeSeconds = Number(process.hrtime.bigint() - started) / 1e9;
        },
        abort: () => upload.abort(),
      };
    },
  };
  return { target, seen };
}

/**
 * Seconds and peak RSS (MiB) per writer phase, from the progress reports; RSS
 * is also sampled every 50 ms, so it is approximate (maxRSS is exact).
 */
function phaseSampler() {
  const peaks = {};
  const seconds = {};
  let phase = 'prepare';
  let since = process.hrtime.bigint();
  let atPeak = { rss: 0 };
  const sample = () => {
    const usage = process.memoryUsage();
    peaks[phase] = Math.max(peaks[phase] ?? 0, usage.rss);
    if (usage.rss > atPeak.rss) atPeak = { ...usage, phase };
  };
  const enter = (next) => {
    const now = process.hrtime.bigint();
    seconds[phase] = (seconds[phase] ?? 0) + Number(now - since) / 1e9;
    since = now;
    phase = next;
  };
  const timer = setInterval(sample, 50);
  timer.unref();
  return {
    onProgress: (p) => {
      if (p.phase !== phase) enter(p.phase);
      sample();
    },
    stop: () => {
      clearInterval(timer);
      sample();
      enter(phase);
      return {
        phaseRssMiB: Object.fromEntries(Object.entries(peaks).map(([k, v]) => [k, Math.round(v / MiB)])),
        phaseSeconds: Object.fromEntries(Object.entries(seconds).map(([k, v]) => [k, Number(v.toFixed(2))])),
        // process.memoryUsage() at the highest RSS sampled (MiB): how much of it is V8 heap and how much Buffers
        atPeakMiB: Object.fromEntries(Object.entries(atPeak).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v / MiB) : v])),
      };
    },
  };
}

async function child(args) {
  const format = require(DIST);
  const started = process.hrtime.bigint();
  let result;
  let client;
  if (args.child === 'write-s3' || args.child === 'write-local') {
    const sampler = phaseSampler();
    let writer = format;
    let seen;
    if (args.child === 'write-s3') {
      const opened = openStorage(args);
      client = opened.client;
      const observed = observedTarget(opened.storage, args.location);
      seen = observed.seen;
      // writeStorePackage (bench-support) builds the options; add the target to them.
      writer = { writePackage: (options) => format.writePackage({ ...options, target: observed.target }) };
    }
    const written = await writeStorePackage(writer, args, { readChunkBytes: 64 * 1024, onProgress: sampler.onProgress });
    result = { path: written.path, sizeBytes: written.sizeBytes, sha256: written.sha256, entries: written.entries, stats: written.stats, ...sampler.stop() };
    if (seen) {
      // partSize and queueSize are private fields of S3PackageUpload, read here for the report only.
      const { partSize, queueSize } = seen.upload.target ?? {};
      result.upload = { parts: seen.upload.parts, partBuffers: seen.upload.partBuffers, partSize, queueSize, expectedBytes: seen.expectedBytes, completeSeconds: seen.completeSeconds };
    }
  } else if (args.child === 'verify') {
    let input = args.package;
    if (input.startsWith('s3://')) {
      const opened = openStorage(args);
      client = opened.client;
      input = opened.storage.source(input);
    }
    const verified = await format.verifyPackage(input);
    result = { entries: verified.entries, bytes: verified.bytes, sizeBytes: verified.sizeBytes, sha256: verified.sha256 };
  } else {
    throw new Error(`unknown child mode ${args.child}`);
  }
  const measured = childMeasurements(started);
  client?.destroy(); // keep-alive sockets would hold the process open
  process.stdout.write(JSON.stringify({ ...result, ...measured }));
}

// ---------------------------------------------------------------------------
// s3rver, seen from /proc (Linux; null elsewhere)

/** The pid of the s3-test-server.js child of this process. */
function findS3rverPid() {
  try {
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid !== process.pid) continue;
        if (fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('s3-test-server.js')) return Number(name);
      } catch {
        // the process went away
      }
    }
  } catch {
    // no /proc
  }
  return null;
}

/** CPU seconds so far (user + system, clock ticks of 1/100 s) and peak RSS (KiB) of `pid`. */
function processUsage(pid) {
  if (!pid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100, peakRssKiB: hwm ? Number(hwm[1]) : null };
  } catch {
    return null;
  }
}

/** Resets the peak RSS of `pid` (Linux ≥ 4.0: "5" > clear_refs), so that the next step's peak is its own. */
function resetPeakRss(pid) {
  if (!pid) return false;
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Runs `step` and adds s3rver's CPU seconds and peak RSS during it as `.s3rver`. */
function withS3rver(pid, step) {
  const reset = resetPeakRss(pid);
  const before = processUsage(pid);
  const result = step();
  const after = processUsage(pid);
  result.s3rver = before && after ? { cpuSeconds: after.cpuSeconds - before.cpuSeconds, peakRssKiB: reset ? after.peakRssKiB : null } : null;
  return result;
}

// ---------------------------------------------------------------------------
// driver

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) return child(args);
  if (!fs.existsSync(path.join(DIST, 'index.js')) || !fs.existsSync(path.join(S3_DIST, 'test-server.js'))) {
    throw new Error('build first: npx turbo run build --filter=@edms/s3-storage');
  }
  const { stamp, reuse, workDir } = prepareWorkDir(args, 's3');
  let finished = false;
  try {
    await measure(args, stamp, reuse, workDir);
    finished = true;
  } finally {
    if (args.keep) console.log(`kept ${workDir}`);
    else if (args.workdir) {
      // Keep the store for the next run (--workdir), remove this run's outputs and s3rver's data.
      for (const name of fs.readdirSync(workDir)) {
        if (name.startsWith(`run-${stamp}-`) || name === `s3rver-${stamp}`) fs.rmSync(path.join(workDir, name), { recursive: true, force: true });
      }
    } else fs.rmSync(workDir, { recursive: true, force: true });
    if (!finished && !args.keep) console.error(`removed ${args.workdir ? `this run's outputs from ${workDir}` : workDir} (pass --keep to keep it)`);
  }
}

async function measure(args, stamp, reuse, workDir) {
  const { startS3TestServer } = require(path.join(S3_DIST, 'test-server.js'));

  console.log(machineLine());
  console.log(`work dir: ${workDir}`);
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const store = prepareStore(workDir, reuse, args, { validRows: false });
  run('sync', []);
  const warmStarted = process.hrtime.bigint();
  const warmBytes = warmTree(store.storeDir);
  console.log(`page cache warmed: read ${(warmBytes / MiB).toFixed(0)} MiB in ${(Number(process.hrtime.bigint() - warmStarted) / 1e9).toFixed(2)} s`);

  const s3Dir = path.join(workDir, `s3rver-${stamp}`);
  fs.mkdirSync(s3Dir, { recursive: true });
  const server = await startS3TestServer({ directory: s3Dir, buckets: [args.bucket] });
  const s3rverPid = findS3rverPid();
  const settings = { ...server.settings, checksums: args.checksums };
  console.log(`s3rver: ${server.endpoint} (pid ${s3rverPid ?? '?'}), data in ${s3Dir}, bucket ${args.bucket}, checksums ${args.checksums}`);

  const samples = { toS3: [], fromS3: [], toLocal: [], verifyLocal: [], tarCreate: [], tarExtract: [] };
  const ratios = { toS3: [], toLocal: [], fromS3: [], verifyLocal: [], size: [] };
  try {
    for (let r = 1; r <= args.runs; r++) {
      const runName = `run-${stamp}-${r}`;
      const runDir = path.join(workDir, runName);
      for (const sub of ['spool', 'ours', 'tar', 'tar-x']) fs.mkdirSync(path.join(runDir, sub), { recursive: true });
      const common = ['--store', store.storeDir, '--level', String(args.level)];
      const s3Flags = ['--s3', JSON.stringify(settings), ...storageFlags(args)];

      const ours = () => {
        run('sync', []);
        const toS3 = withS3rver(s3rverPid, () =>
          runChild(__filename, 'write-s3', [...common, '--out', path.join(runDir, 'spool'), '--location', `s3://${args.bucket}/${runName}`, ...s3Flags]));
        run('sync', []);
        const fromS3 = withS3rver(s3rverPid, () => runChild(__filename, 'verify', ['--package', toS3.path, ...s3Flags]));
        if (fromS3.sha256 !== toS3.sha256 || fromS3.sizeBytes !== toS3.sizeBytes) {
          throw new Error(`${toS3.path}: read back ${fromS3.sizeBytes} bytes (sha256 ${fromS3.sha256}), wrote ${toS3.sizeBytes} (${toS3.sha256})`);
        }
        run('sync', []);
        const toLocal = runChild(__filename, 'write-local', [...common, '--out', path.join(runDir, 'ours')]);
        run('sync', []);
        const verifyLocal = runChild(__filename, 'verify', ['--package', toLocal.path]);
        return { toS3, fromS3, toLocal, verifyLocal };
      };
      const tar = () => tarBaseline(runDir, store.storeDir, args.level);
      // Alternate who goes first, so a change in machine load between steps does not always favour one side.
      const { mine, theirs } = alternate(r, ours, tar);
      for (const [key, value] of Object.entries({ ...mine, ...theirs })) samples[key].push(value);
      const { toS3, fromS3, toLocal, verifyLocal } = mine;
      const { tarCreate, tarExtract } = theirs;
      ratios.toS3.push(tarCreate.seconds / toS3.wallSeconds);
      ratios.toLocal.push(tarCreate.seconds / toLocal.wallSeconds);
      ratios.fromS3.push(tarExtract.seconds / fromS3.wallSeconds);
      ratios.verifyLocal.push(tarExtract.seconds / verifyLocal.wallSeconds);
      ratios.size.push(toS3.sizeBytes / tarCreate.sizeBytes);
      const rss = (s) => `${(s.maxRssKiB / 1024).toFixed(0)} MiB`;
      console.log(
        `run ${r}: ours → S3 ${toS3.wallSeconds.toFixed(2)} s (${(toS3.sizeBytes / MiB).toFixed(1)} MiB in ${toS3.upload.parts} parts, RSS ${rss(toS3)}), ` +
          `← S3 verify ${fromS3.wallSeconds.toFixed(2)} s (RSS ${rss(fromS3)}), → local ${toLocal.wallSeconds.toFixed(2)} s (RSS ${rss(toLocal)}), ` +
          `local verify ${verifyLocal.wallSeconds.toFixed(2)} s (RSS ${rss(verifyLocal)}); ` +
          `tar -czf ${tarCreate.seconds.toFixed(2)} s (${(tarCreate.sizeBytes / MiB).toFixed(1)} MiB), tar -xzf ${tarExtract.seconds.toFixed(2)} s`,
      );
      const phases = (s) => Object.keys(s.phaseSeconds).map((k) => `${k} ${s.phaseSeconds[k].toFixed(2)} s/${s.phaseRssMiB[k] ?? '?'} MiB`).join(', ');
      const atPeak = (s) => `rss ${s.atPeakMiB.rss}, heap used ${s.atPeakMiB.heapUsed}, array buffers ${s.atPeakMiB.arrayBuffers} (${s.atPeakMiB.phase})`;
      console.log(`       writer phases (time / sampled peak RSS): → S3 ${phases(toS3)}; → local ${phases(toLocal)}`);
      console.log(`       memory at the highest sample (MiB): → S3 ${atPeak(toS3)}; → local ${atPeak(toLocal)}`);
    }
  } finally {
    await server.stop();
  }

  // ---- results
  const med = (list, key) => median(list.map((item) => item[key]));
  const peak = (list) => Math.max(...list.map((item) => item.maxRssKiB)) / 1024;
  const cpu = (list) => median(list.map((item) => item.userSeconds + item.systemSeconds));
  const ourStep = (list) => ({ wall: med(list, 'wallSeconds'), seconds: med(list, 'seconds'), rssMiB: peak(list), cpu: cpu(list) });
  const toS3 = { ...ourStep(samples.toS3), sizeBytes: med(samples.toS3, 'sizeBytes') };
  const toLocal = { ...ourStep(samples.toLocal), sizeBytes: med(samples.toLocal, 'sizeBytes') };
  const fromS3 = ourStep(samples.fromS3);
  const verifyLocal = ourStep(samples.verifyLocal);
  const tarCreate = { wall: med(samples.tarCreate, 'seconds'), rssMiB: peak(samples.tarCreate), sizeBytes: med(samples.tarCreate, 'sizeBytes'), cpu: cpu(samples.tarCreate) };
  const tarExtract = { wall: med(samples.tarExtract, 'seconds'), rssMiB: peak(samples.tarExtract), cpu: cpu(samples.tarExtract) };
  const input = store.bytes;
  const ratio = (list) => `${median(list).toFixed(2)}× (per run ${list.map((x) => x.toFixed(2)).join(', ')})`;

  const rows = [
    ['ours → S3: writePackage + multipart upload', toS3, tarCreate.wall / toS3.wall],
    ['ours → local file: writePackage', toLocal, tarCreate.wall / toLocal.wall],
    ['GNU tar -czf (gzip -6) to a local file', tarCreate, 1],
    ['ours ← S3: verifyPackage (streaming GetObject)', fromS3, tarExtract.wall / fromS3.wall],
    ['ours local file: verifyPackage', verifyLocal, tarExtract.wall / verifyLocal.wall],
    ['GNU tar -xzf (to disk)', tarExtract, 1],
  ];
  console.log('');
  console.log(`results (${args.sizeLabel} store, ${store.files} files, ${args.runs} run${args.runs === 1 ? '' : 's'}, median wall time incl. process start; MB/s = store bytes / wall; speed vs tar = tar s / ours s):`);
  console.log('| step | wall s | MB/s | output MiB | peak RSS MiB | speed vs tar |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [name, step, speed] of rows) {
    const size = step.sizeBytes === undefined ? '–' : (step.sizeBytes / MiB).toFixed(1);
    console.log(`| ${name} | ${step.wall.toFixed(2)} | ${(input / step.wall / MB).toFixed(0)} | ${size} | ${step.rssMiB.toFixed(0)} | ${speed.toFixed(2)}× |`);
  }
  console.log('');
  console.log(`ours → S3 vs tar -czf:         ${ratio(ratios.toS3)}`);
  console.log(`ours → local vs tar -czf:      ${ratio(ratios.toLocal)}`);
  console.log(`ours ← S3 verify vs tar -xzf:  ${ratio(ratios.fromS3)}`);
  console.log(`ours local verify vs tar -xzf: ${ratio(ratios.verifyLocal)}`);
  console.log(`S3 relative to local (wall): write ${(toLocal.wall / toS3.wall).toFixed(2)}×, verify ${(verifyLocal.wall / fromS3.wall).toFixed(2)}× of the local speed`);
  // Every run checks that verifyPackage read back from S3 the size and sha256 the writer sent. The S3 and the
  // local package need not be byte-identical: the writer's output varies a little from run to run.
  console.log(
    `output size vs tar -czf: ${median(ratios.size).toFixed(3)}× (S3 ${(toS3.sizeBytes / MiB).toFixed(2)} MiB, local ${(toLocal.sizeBytes / MiB).toFixed(2)} MiB); ` +
      'read back from S3 = written (size and sha256) in every run',
  );

  const upload = samples.toS3[0].upload;
  const parts = samples.toS3.map((s) => s.upload.parts);
  const byObjectSize = Math.ceil(toS3.sizeBytes / upload.partSize);
  const bufferBound = (upload.queueSize + 1) * upload.partSize;
  console.log(
    `multipart: ${parts.join(', ')} part${parts.length === 1 && parts[0] === 1 ? '' : 's'} of ${(upload.partSize / MiB).toFixed(0)} MiB ` +
      `(ceil(object size / part size) = ${byObjectSize}), queue size ${upload.queueSize}: ${upload.partBuffers} part buffers allocated (bound: queue + 1 = ${(bufferBound / MiB).toFixed(0)} MiB), reused; ` +
      `complete() took ${median(samples.toS3.map((s) => s.upload.completeSeconds)).toFixed(2)} s (s3rver concatenates the parts into the object)`,
  );
  console.log(
    `peak RSS ours: → S3 ${toS3.rssMiB.toFixed(0)} MiB, → local ${toLocal.rssMiB.toFixed(0)} MiB (S3 adds ${(toS3.rssMiB - toLocal.rssMiB).toFixed(0)} MiB: the SDK ` +
      `and the part buffers); ` +
      `← S3 verify ${fromS3.rssMiB.toFixed(0)} MiB, local verify ${verifyLocal.rssMiB.toFixed(0)} MiB`,
  );
  console.log(
    `cpu seconds (user+sys, median): ours → S3 ${toS3.cpu.toFixed(1)}, → local ${toLocal.cpu.toFixed(1)}, tar -czf ${tarCreate.cpu.toFixed(1)}; ` +
      `← S3 verify ${fromS3.cpu.toFixed(1)}, local verify ${verifyLocal.cpu.toFixed(1)}, tar -xzf ${tarExtract.cpu.toFixed(1)}`,
  );
  const s3rverWrite = samples.toS3.map((s) => s.s3rver).filter(Boolean);
  const s3rverRead = samples.fromS3.map((s) => s.s3rver).filter(Boolean);
  if (s3rverWrite.length && s3rverRead.length) {
    const hwm = (list) => (list.every((u) => u.peakRssKiB !== null) ? `${(Math.max(...list.map((u) => u.peakRssKiB)) / 1024).toFixed(0)} MiB` : '?');
    console.log(
      `s3rver (same machine): cpu ${median(s3rverWrite.map((u) => u.cpuSeconds)).toFixed(1)} s during → S3, ${median(s3rverRead.map((u) => u.cpuSeconds)).toFixed(1)} s during ← S3; ` +
        `peak RSS ${hwm(s3rverWrite)} / ${hwm(s3rverRead)}`,
    );
  }
  console.log(
    `caveat: s3rver is JavaScript on the same ${os.availableParallelism()} cores and the same disk as the writer and reader (and writes each package twice: ` +
      'parts, then the concatenated object), so the S3 numbers are a lower bound for real object storage throughput.',
  );
  console.log(`load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (other processes on the machine compete for its ${os.availableParallelism()} cores)`);
  console.log(`JSON ${JSON.stringify({
    size: args.sizeLabel, files: store.files, inputBytes: input, runs: args.runs, toS3, fromS3, toLocal, verifyLocal, tarCreate, tarExtract, ratios,
    upload: { parts, partSize: upload.partSize, queueSize: upload.queueSize, bufferBound }, s3rver: { write: s3rverWrite, read: s3rverRead },
    stats: samples.toS3[0].stats,
  })}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
