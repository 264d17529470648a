import 'server-only';
import type { Services } from '@edms/runtime';
import { edmsRuntime } from './edms';

// One set of services (database client, file store) per server process,
// created on first use — never at import time, so `next build` touches no
// database. The promise lives on globalThis rather than in a module variable
// because Next may evaluate this module more than once per process (one copy
// per route bundle, and again on every hot reload in development).
const SERVICES_KEY = Symbol.for('edms.web.services');

type ServicesHolder = typeof globalThis & { [SERVICES_KEY]?: Promise<Services> };

/**
 * The process's services; the first call applies pending migrations and seeds
 * the defaults (both idempotent, and safe while the CLI or API run too). A
 * failed start is forgotten, so the next request tries again.
 */
export function getServices(): Promise<Services> {
  const holder = globalThis as ServicesHolder;
  const existing = holder[SERVICES_KEY];
  if (existing) return existing;
  const starting = edmsRuntime()
    .startServices()
    .then(({ services }) => services);
  holder[SERVICES_KEY] = starting;
  starting.catch(() => {
    if (holder[SERVICES_KEY] === starting) delete holder[SERVICES_KEY];
  });
  return starting;
}
