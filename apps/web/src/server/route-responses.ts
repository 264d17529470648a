import 'server-only';
import { describeError, describeErrorCode, errorCodeOf, isKnownErrorCode } from '@/lib/error-messages';
import { httpStatusFor } from '@/lib/http-status';
import { getCurrentUser, type CurrentUser } from './session';

/**
 * Route handlers answer browsers' scripts (upload, progress polling) and
 * downloads. Errors are JSON `{ error: { code, message, nextStep } }` with the
 * table's wording and a status from the code; nothing else of the original
 * error leaves the server.
 */

const NO_STORE = { 'cache-control': 'no-store' };

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: NO_STORE });
}

export function errorResponse(error: unknown): Response {
  const code = errorCodeOf(error);
  if (!isKnownErrorCode(code)) console.error('[web] unexpected error in a route handler', error);
  const human = describeError(error);
  return json({ error: human }, isKnownErrorCode(code) ? httpStatusFor(code) : 500);
}

/** The signed-in user, or a 401 answer to return as is. */
export async function routeUser(): Promise<CurrentUser | Response> {
  const current = await getCurrentUser();
  if (current) return current;
  return json({ error: describeErrorCode('AUTH_SESSION_EXPIRED') }, 401);
}

/** `attachment; filename="…"; filename*=UTF-8''…` for any file name, without header injection. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Whether a state-changing request comes from our own pages. The session
 * cookie is SameSite=Lax, so other sites' scripts cannot send it anyway; this
 * also refuses a browser that announces a foreign Origin (as Next does for
 * server actions). Requests without an Origin header (curl) are left to the
 * session check.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (!origin) return true;
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
