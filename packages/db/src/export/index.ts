export * from './database-exporter';
export * from './json-row';
