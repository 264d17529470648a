#!/usr/bin/env node
/**
 * An S3-protocol server for the tests: s3rver (npm), which implements the
 * S3 REST API the package storage uses (multipart uploads, ranged and
 * conditional GETs, ListObjectsV2, signature V4) on the local file system.
 *
 *   node s3-test-server.js <directory> <bucket>...
 *
 * Prints {"port":N} once listening; stops on SIGTERM or when stdin closes
 * (the parent process went away), so no server outlives its test run.
 */
'use strict';
const S3rver = require('s3rver');

const [directory, ...buckets] = process.argv.slice(2);
if (!directory) {
  process.stderr.write('usage: s3-test-server.js <directory> <bucket>...\n');
  process.exit(2);
}
const server = new S3rver({
  address: '127.0.0.1',
  port: Number(process.env.S3_TEST_PORT ?? 0),
  silent: true,
  directory,
  configureBuckets: buckets.map((name) => ({ name })),
});
server.run().then(
  ({ port }) => process.stdout.write(`${JSON.stringify({ port })}\n`),
  (error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
const stop = () => server.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
