import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import { describeError, isKnownErrorCode, errorCodeOf, type HumanError } from '@/lib/error-messages';

export type Loaded<T> = { ok: true; data: T } | { ok: false; error: HumanError };

/**
 * Runs a data-layer call for a page and turns a failure into text the page can
 * show. Expected domain errors (a code in the error table) become their
 * message and next step; anything else is logged on the server and shown as
 * the generic message, so no internals reach the browser. Redirects and
 * not-found signals from Next pass through untouched.
 */
export async function load<T>(query: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, data: await query() };
  } catch (error) {
    unstable_rethrow(error);
    if (!isKnownErrorCode(errorCodeOf(error))) console.error('[web] unexpected error while loading a page', error);
    return { ok: false, error: describeError(error) };
  }
}
