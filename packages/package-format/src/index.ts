/**
 * @edms/package-format — backup package format v1 (SPEC §3): the streaming
 * writer, the streaming reader with its safety checks, readManifest and
 * verifyPackage, and restore staging (stagePackage / openStagedPackage).
 */
export * from './errors';
export * from './limits';
export * from './package-layout';
export { ENCRYPTED_SUFFIX, isEncryptedPackageHead } from './encryption-stage';
export { encodeFileHeader, encodeArchiveEnd } from './tar/tar-header';
export { ParallelGzip, defaultWorkerCount, type ParallelGzipOptions, type ParallelGzipStats } from './gzip/parallel-gzip';
export { strictGunzip, GunzipError, type GunzipFailure, type GunzipProgress } from './gzip/strict-gunzip';
export * from './writer/types';
export { writePackage } from './writer/write-package';
export * from './reader/entry-checks';
export {
  readPackage,
  type EntryConsumer,
  type PackageEntry,
  type ReadControl,
  type ReadPackageHandlers,
  type ReadPackageSummary,
} from './reader/read-package';
export {
  openPackageFile,
  packageLocation,
  type OpenedPackage,
  type OpenPackageOptions,
  type PackageInput,
  type PackageSource,
} from './reader/open-package';
export { readManifest, decodeManifest, type ReadManifestOptions, type ReadManifestResult } from './reader/read-manifest';
export {
  verifyPackage,
  type VerifyPackageOptions,
  type VerifyPackageResult,
  type VerifyProblem,
  type VerifyProgress,
} from './reader/verify-package';
export * from './staging';
