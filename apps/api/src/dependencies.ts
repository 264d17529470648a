import type { Services } from '@edms/runtime';
import type { ApiLogger } from './http/logger';

/** What route handlers may use; built once by createApp, never a module-level singleton. */
export interface ApiDependencies {
  services: Services;
  logger: ApiLogger;
  /** The @edms/api package version, reported by /health. */
  version: string;
}
