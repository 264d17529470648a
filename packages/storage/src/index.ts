export * from './local-file-store';
export * from './durable-write';
export * from './storage-key';
export * from './local-package-storage';
