import { open } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { PackageReader, PackageWriter, BackupEngine } from '@edms/domain';
import { PrismaDatabaseExporter } from '@edms/db';
import { isEncryptedPackageHead, readManifest, verifyPackage, writePackage } from '@edms/package-format';
import type { RuntimeEnv } from './env';
import { PackageStores } from './package-storage';
import { APP_VERSION } from './version';

/** Local working directory for the writer's spool files when packages go to object storage. */
export function backupWorkDir(dataDir: string): string {
  return join(dataDir, 'backup-work');
}

/**
 * The domain's package writer port over the streaming v1 writer: local
 * directories get a file, `s3://` destinations a multipart upload (the
 * writer's spool files then live in the data directory's backup-work).
 */
export function createPackageWriter(storage: PackageStores, workDir: string): PackageWriter {
  return {
    write: async (request) => {
      const target = storage.target(request.destinationDir);
      const result = await writePackage({
        destinationDir: target ? workDir : request.destinationDir,
        target,
        fileName: request.fileName,
        manifest: request.manifest,
        tables: request.tables,
        files: request.files,
        compressionLevel: request.compressionLevel,
        encryption: request.passphrase ? { passphrase: request.passphrase } : undefined,
        failOnFindings: request.failOnFindings,
        onProgress: (p) => {
          // Fault injection for the kill tests: die halfway through writing a package.
          if (process.env.EDMS_TEST_CRASH_AT === 'backup-writing' && p.bytesTotal > 0 && p.bytesDone * 2 >= p.bytesTotal) {
            process.kill(process.pid, 'SIGKILL');
          }
          request.onProgress?.(p);
        },
        signal: request.signal,
      });
      return {
        path: result.path,
        sizeBytes: result.sizeBytes,
        sha256: result.sha256,
        manifest: result.manifest,
        findings: result.findings,
        entries: result.entries,
      };
    },
  };
}

/** The domain's package reader port; packages in object storage are read through their PackageSource. */
export function createPackageReader(storage: PackageStores): PackageReader {
  return {
    async readManifest(path, options = {}) {
      return (await readManifest(storage.input(path), { passphrase: options.passphrase })).manifest;
    },
    async verify(path, options = {}) {
      const result = await verifyPackage(storage.input(path), { passphrase: options.passphrase, onProgress: options.onProgress });
      return { manifest: result.manifest, entries: result.entries, bytes: result.bytes, sha256: result.sha256 };
    },
    async isEncrypted(path) {
      const input = storage.input(path);
      if (typeof input !== 'string') return isEncryptedPackageHead((await input.head(16)).head);
      const handle = await open(path, 'r');
      try {
        const head = Buffer.alloc(16);
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        return isEncryptedPackageHead(head.subarray(0, bytesRead));
      } finally {
        await handle.close();
      }
    },
  };
}

/** Whether a process with this pid exists on this host (EPERM: it exists, owned by someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function createBackupEngine(env: RuntimeEnv, storage: PackageStores = new PackageStores(env)): BackupEngine {
  return {
    exporter: new PrismaDatabaseExporter(env.databaseUrl),
    writer: createPackageWriter(storage, backupWorkDir(env.dataDir)),
    reader: createPackageReader(storage),
    storage,
    instance: { hostname: hostname(), appVersion: APP_VERSION, pid: process.pid, isProcessAlive },
    passphrase: env.backupPassphrase,
  };
}
