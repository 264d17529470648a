import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startServices, type BootstrapResult, type Services } from '@edms/runtime';
import { createApp } from './app';
import { BackgroundTasks } from './background/background-tasks';
import { readApiEnv, type ApiEnv } from './env';
import { createStderrLogger, type ApiLogger } from './http/logger';

/** How long in-flight requests get to finish on shutdown before their connections are cut. */
export const SHUTDOWN_GRACE_MS = 10_000;
/** How long a running restore gets to finish on shutdown; past it the restore journal takes over at the next start. */
export const BACKGROUND_GRACE_MS = 60_000;
/**
 * Node cuts a request that takes longer than `requestTimeout` (5 min by
 * default) to arrive, which would cut a multi-gigabyte package upload. The
 * header timeout still guards against clients that never send their headers.
 */
export const REQUEST_TIMEOUT_MS = 6 * 3600_000;
/**
 * Node closes an idle keep-alive connection after 5 s; a client that sends its
 * next request just then (a dashboard polling every few seconds, or any
 * client while the event loop lags) gets ECONNRESET. Longer than the usual
 * load-balancer idle timeout (60 s), so the proxy closes first.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export interface StartApiServerOptions {
  /** Defaults to the environment (EDMS_API_PORT, EDMS_DATA_DIR, …). */
  env?: ApiEnv;
  /** Overrides env.port; 0 picks a free port. */
  port?: number;
  host?: string;
  logger?: ApiLogger;
}

export interface RunningApiServer {
  /** Base URL, e.g. `http://localhost:4000`; the API is under `${url}/api/v1`. */
  url: string;
  port: number;
  server: Server;
  services: Services;
  /** Migrations applied and seeding done on this start (admin credentials on first start). */
  bootstrap: BootstrapResult;
  /** Stops accepting connections, lets in-flight requests finish, then closes the services. Idempotent. */
  close(): Promise<void>;
}

/** Applies migrations, seeds, and serves the API. What `npm start` and `node dist/server.js` run. */
export async function startApiServer(options: StartApiServerOptions = {}): Promise<RunningApiServer> {
  const env = options.env ?? readApiEnv();
  const host = options.host ?? env.host;
  const { services, bootstrap } = await startServices({ env: env.runtime });
  const logger = options.logger ?? createStderrLogger();
  const tasks = new BackgroundTasks(logger);
  const server = createServer(createApp(services, { logger, trustProxy: env.trustProxy, tasks, maxUploadBytes: env.maxUploadBytes }));
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  try {
    await listen(server, options.port ?? env.port, host);
  } catch (error) {
    await services.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${displayHost(host)}:${port}`,
    port,
    server,
    services,
    bootstrap,
    close() {
      // Stop taking requests and end event streams, let background work stop or finish, then close the database.
      closing ??= Promise.all([closeServer(server), tasks.close(BACKGROUND_GRACE_MS)]).finally(() => services.close()).then(() => undefined);
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    force.unref();
    server.close((error) => {
      clearTimeout(force);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}

function displayHost(host: string | undefined): string {
  if (!host || host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
