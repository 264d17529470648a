// The product version written into every package's manifest (source.appVersion).
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const APP_VERSION: string = (require('../package.json') as { version: string }).version;
