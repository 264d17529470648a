/**
 * The installation's package storage: local directories for plain storage
 * paths, S3-compatible object storage for `s3://bucket/prefix` ones. Each
 * configuration chooses by its storagePath; locations recorded in the catalog
 * (absolute paths or `s3://bucket/key`) route the same way.
 */
import { isObjectStorageLocation, type PackageStorage, type StoredPackageFile } from '@edms/domain';
import type { PackageInput, PackageSource, PackageTarget } from '@edms/package-format';
import { createS3Client, S3PackageStorage } from '@edms/s3-storage';
import { LocalPackageStorage } from '@edms/storage';
import type { RuntimeEnv } from './env';

export class PackageStores implements PackageStorage {
  readonly local: LocalPackageStorage;
  private objectStore: S3PackageStorage | undefined;
  private destroyClient: (() => void) | undefined;

  constructor(private readonly env: RuntimeEnv) {
    this.local = new LocalPackageStorage(env.dataDir);
  }

  /** The S3 side, created on first use (installations without s3:// paths never build a client). */
  get s3(): S3PackageStorage {
    if (!this.objectStore) {
      const client = createS3Client(this.env.s3);
      this.destroyClient = () => client.destroy();
      this.objectStore = new S3PackageStorage({ client, minPartSize: this.env.s3.minPartSize });
    }
    return this.objectStore;
  }

  private pick(location: string): PackageStorage {
    return isObjectStorageLocation(location) ? this.s3 : this.local;
  }

  resolveDirectory(storagePath: string): string {
    return this.pick(storagePath).resolveDirectory(storagePath);
  }

  stat(path: string): Promise<StoredPackageFile | null> {
    return this.pick(path).stat(path);
  }

  sha256(path: string): Promise<string> {
    return this.pick(path).sha256(path);
  }

  read(path: string): AsyncIterable<Uint8Array> {
    return this.pick(path).read(path);
  }

  remove(path: string): Promise<void> {
    return this.pick(path).remove(path);
  }

  list(directory: string): AsyncIterable<StoredPackageFile> {
    return this.pick(directory).list(directory);
  }

  knownDirectories(storagePaths: string[]): string[] {
    const remote = storagePaths.filter((p) => isObjectStorageLocation(p));
    const local = storagePaths.filter((p) => !isObjectStorageLocation(p));
    return [...this.local.knownDirectories(local), ...(remote.length > 0 ? this.s3.knownDirectories(remote) : [])];
  }

  /** The PackageSource of a package in object storage; undefined for a local file (read by path). */
  source(path: string): PackageSource | undefined {
    return isObjectStorageLocation(path) ? this.s3.source(path) : undefined;
  }

  /** What the package reader reads: the local path itself, or the object's PackageSource. */
  input(path: string): PackageInput {
    return this.source(path) ?? path;
  }

  /** Where the package writer streams a package for `directory`; undefined for local directories (the writer writes the file itself). */
  target(directory: string): PackageTarget | undefined {
    return isObjectStorageLocation(directory) ? this.s3.target(directory) : undefined;
  }

  close(): void {
    this.destroyClient?.();
  }
}
