import type { Services } from '@edms/runtime';
import type { AuthCache } from './auth/auth-cache';
import type { BackgroundTasks } from './background/background-tasks';
import type { LoginThrottle } from './http/login-throttle';
import type { ApiLogger } from './http/logger';

/** What route handlers may use; built once by createApp, never a module-level singleton. */
export interface ApiDependencies {
  services: Services;
  logger: ApiLogger;
  /** The @edms/api package version, reported by /health. */
  version: string;
  /** Backup runs and restore applies started by requests, and the shutdown signal. */
  tasks: BackgroundTasks;
  loginThrottle: LoginThrottle;
  /** Recent successful token and session lookups (a few seconds). */
  authCache: AuthCache;
  /** How long a queued backup waits for a worker before this process runs it. */
  workerGraceMs: number;
  /** Largest package or document upload accepted, in bytes. */
  maxUploadBytes: number;
}
