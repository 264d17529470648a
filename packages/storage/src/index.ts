export * from './local-file-store';
export * from './durable-write';
export * from './storage-key';
export * from './local-package-storage';
export * from './restore/local-restore-files';
export * from './restore/file-restore-journal';
export * from './restore/disk-space';
export { StagingLayout, readStagedIndex, assertSafeRestoreId } from './restore/staging-layout';
