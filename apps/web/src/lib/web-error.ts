import type { KnownErrorCode } from './error-messages';

/**
 * A failure the web front door itself detects (an upload over the limit, an
 * unknown upload id). It carries a code from the same table as domain errors,
 * so `describeError` and the route handlers treat both alike.
 */
export class WebError extends Error {
  readonly code: KnownErrorCode;

  constructor(code: KnownErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WebError';
    this.code = code;
  }
}
