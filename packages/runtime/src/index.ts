export * from './env';
export * from './services';
export * from './bootstrap';
export * from './package-engine';
export * from './package-storage';
export * from './version';
export * from './paths';
export * from './restore-engine';
