export { STAGING_ERROR_CODES, stagingError, type StagingErrorCode } from './errors';
export { isSafeStorageKey } from './storage-key';
export { DatabaseChecks, TableChecks, ROW_REFERENCES, UNIQUE_COLUMNS, type DatabaseChecksOptions, type VersionFile } from './row-checks';
export { StagedFileWriter, type Durability, type StagedFileWriterOptions, type StagedFileSink } from './file-writer';
export { stagePackage, DEFAULT_MAX_ROW_BYTES, type StagePackageOptions } from './stage-package';
export {
  openStagedPackage,
  parseStagedInfo,
  stagedPackageFrom,
  stagedTablePath,
  STAGED_DATABASE_DIR,
  STAGED_FILES_DIR,
  STAGED_FILES_INDEX,
  STAGED_MARKER,
  type StagedInfo,
  type StagedPackageHandle,
} from './staged-package';
