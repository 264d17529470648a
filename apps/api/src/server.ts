import { describeAdminCreated } from '@edms/runtime';
import { isDomainError } from '@edms/domain';
import { API_PREFIX } from './routes';
import { startApiServer } from './start-api-server';

/**
 * `node dist/server.js`: serves the API until SIGINT or SIGTERM. Human lines
 * go to stdout (the URL, first-start admin credentials); request errors go to
 * stderr as JSON lines.
 */
async function main(): Promise<void> {
  const running = await startApiServer();
  const adminNotice = describeAdminCreated(running.bootstrap.seed);
  if (adminNotice) console.log(adminNotice);
  console.log(`EDMS API listening on ${running.url}${API_PREFIX}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.log(`${signal} again: exiting without waiting for requests to finish`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal} received: finishing in-flight requests, then stopping`);
    running.close().then(
      () => {
        console.log('EDMS API stopped');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('EDMS API did not stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function explainStartFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') return 'the API port is already in use; stop the other process or set EDMS_API_PORT to a free port';
  if (code === 'EACCES') return 'not allowed to listen on the API port; choose a port above 1023 with EDMS_API_PORT';
  if (isDomainError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`EDMS API failed to start: ${explainStartFailure(error)}`);
    process.exit(1);
  });
}
