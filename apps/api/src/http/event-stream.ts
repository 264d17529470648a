import type { Request, Response } from 'express';
import { isDomainError, sleepUnlessAborted } from '@edms/domain';
import { describeErrorForLog, type ApiLogger } from './logger';

export interface JobEventStreamOptions<T> {
  /** Reads the job row; the first call happens before any header is sent, so a 404 is still a problem document. */
  load(): Promise<T>;
  /** True once the job reached a state it will not leave by itself. */
  isDone(job: T): boolean;
  /** Ends the stream early (server shutdown). */
  signal: AbortSignal;
  intervalMs?: number;
  /** A comment line this often keeps proxies from closing an idle stream. */
  keepAliveMs?: number;
  logger: ApiLogger;
}

export const EVENT_POLL_INTERVAL_MS = 500;

/**
 * Server-sent events for a job row: polls it every 500 ms, sends `progress`
 * whenever it changed, then one `done` event with the final row and ends.
 * The row is the source of truth (the work may run in another process, e.g.
 * the worker), so any API process can serve the stream.
 */
export async function streamJobEvents<T>(req: Request, res: Response, options: JobEventStreamOptions<T>): Promise<void> {
  let job = await options.load();
  const intervalMs = options.intervalMs ?? EVENT_POLL_INTERVAL_MS;
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Connection', 'keep-alive');
  // nginx and similar proxies buffer responses unless told not to.
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();

  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal.addEventListener('abort', onAbort, { once: true });
  res.on('close', onAbort);
  let sequence = 0;
  const send = (event: string, data: unknown) => {
    sequence += 1;
    res.write(`id: ${sequence}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  try {
    let last = JSON.stringify(job);
    send('progress', job);
    let quietSince = Date.now();
    while (!options.isDone(job) && !stop.signal.aborted) {
      await sleepUnlessAborted(intervalMs, stop.signal);
      if (stop.signal.aborted) break;
      job = await options.load();
      const current = JSON.stringify(job);
      if (current !== last) {
        last = current;
        quietSince = Date.now();
        if (!options.isDone(job)) send('progress', job);
      } else if (Date.now() - quietSince >= keepAliveMs) {
        quietSince = Date.now();
        res.write(': keep-alive\n\n');
      }
    }
    if (!res.writableEnded && !res.destroyed) {
      if (options.isDone(job)) send('done', job);
      res.end();
    }
  } catch (error) {
    // Headers are out: report in the stream, then end it.
    if (!isDomainError(error)) options.logger.error('event stream failed', { requestId: res.locals.requestId, path: req.path, error: describeErrorForLog(error) });
    if (!res.writableEnded && !res.destroyed) {
      send('error', isDomainError(error) ? { code: error.code, message: error.message } : { code: 'INTERNAL_ERROR', message: 'reading the job failed' });
      res.end();
    }
  } finally {
    options.signal.removeEventListener('abort', onAbort);
    res.off('close', onAbort);
  }
}
