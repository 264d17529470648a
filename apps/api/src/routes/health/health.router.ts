import type { ApiDependencies } from '../../dependencies';
import { describeErrorForLog } from '../../http/logger';
import { defineRoute, reply, type ApiResource } from '../../http/route';

/** A hung database must not hang the health check that is meant to detect it. */
export const DATABASE_PROBE_TIMEOUT_MS = 2_000;

export interface DatabaseProbe {
  reachable: boolean;
  latencyMs: number;
}

export async function probeDatabase(deps: ApiDependencies): Promise<DatabaseProbe> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      deps.services.client.$queryRaw`SELECT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${DATABASE_PROBE_TIMEOUT_MS} ms`)), DATABASE_PROBE_TIMEOUT_MS);
      }),
    ]);
    return { reachable: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    deps.logger.error('health check: database unreachable', { error: describeErrorForLog(error) });
    return { reachable: false, latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

export const healthResource: ApiResource = {
  basePath: '/health',
  description: 'Liveness and database reachability, for monitoring; needs no authentication.',
  routes: [
    defineRoute({
      method: 'get',
      path: '/',
      summary: 'Report the API version and whether the database answers (503 when it does not)',
      access: 'public',
      response: { description: '`{ status: "ok", version, database: { reachable, latencyMs }, time }`; 503 with status "unavailable" when the database does not answer.' },
      async handle({ deps }) {
        const database = await probeDatabase(deps);
        const report = {
          status: database.reachable ? 'ok' : 'unavailable',
          version: deps.version,
          database,
          time: new Date().toISOString(),
        };
        return reply(database.reachable ? 200 : 503, report);
      },
    }),
  ],
};
