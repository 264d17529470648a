export * from './env';
export * from './services';
export * from './bootstrap';
export * from './package-engine';
export * from './version';
