export * from './maintenance-lock';
export * from './restore-database';
