import { open } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { PackageReader, PackageWriter, BackupEngine } from '@edms/domain';
import { PrismaDatabaseExporter } from '@edms/db';
import { isEncryptedPackageHead, readManifest, verifyPackage, writePackage } from '@edms/package-format';
import { LocalPackageStorage } from '@edms/storage';
import type { RuntimeEnv } from './env';
import { APP_VERSION } from './version';

/** The domain's package writer port over the streaming v1 writer. */
export const packageWriter: PackageWriter = {
  async write(request) {
    const result = await writePackage({
      destinationDir: request.destinationDir,
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

export const packageReader: PackageReader = {
  async readManifest(path, options = {}) {
    return (await readManifest(path, { passphrase: options.passphrase })).manifest;
  },
  async verify(path, options = {}) {
    const result = await verifyPackage(path, { passphrase: options.passphrase, onProgress: options.onProgress });
    return { manifest: result.manifest, entries: result.entries, bytes: result.bytes };
  },
  async isEncrypted(path) {
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

export function createBackupEngine(env: RuntimeEnv): BackupEngine {
  return {
    exporter: new PrismaDatabaseExporter(env.databaseUrl),
    writer: packageWriter,
    reader: packageReader,
    storage: new LocalPackageStorage(env.dataDir),
    instance: { hostname: hostname(), appVersion: APP_VERSION },
    passphrase: env.backupPassphrase,
  };
}
