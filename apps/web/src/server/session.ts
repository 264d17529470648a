import 'server-only';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { Actor, PublicUser, StartedSession } from '@edms/domain';
import { errorCodeOf } from '@/lib/error-messages';
import { safeReturnPath } from '@/lib/navigation';
import { REQUEST_PATH_HEADER, SESSION_COOKIE } from '@/lib/session-cookie';
import { edmsDomain } from './edms';
import { getServices } from './services';

export interface CurrentUser {
  user: PublicUser;
  /** The identity every use case takes, and the audit trail records. */
  actor: Actor;
}

export function actorFor(user: PublicUser): Actor {
  return { userId: user.id, name: user.username, role: user.role };
}

type SessionLookup = { status: 'none' } | { status: 'expired' } | { status: 'active'; current: CurrentUser };

// cache(): the layout and the page of one request share a single lookup.
const lookupSession = cache(async (): Promise<SessionLookup> => {
  const secret = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!secret) return { status: 'none' };
  const { ctx } = await getServices();
  try {
    const user = await edmsDomain().resolveSession(ctx, secret);
    return { status: 'active', current: { user, actor: actorFor(user) } };
  } catch (error) {
    if (errorCodeOf(error) === 'AUTH_SESSION_EXPIRED') return { status: 'expired' };
    throw error;
  }
});

/** The signed-in user, or null. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = await lookupSession();
  return session.status === 'active' ? session.current : null;
}

/**
 * The signed-in user; anyone else is sent to the login page, which then brings
 * them back to the page they asked for (the path the proxy recorded). Call it
 * in every protected layout, page and data function: layouts do not re-render
 * on every navigation, so a layout check alone is not enough.
 */
export async function requireUser(): Promise<CurrentUser> {
  const session = await lookupSession();
  if (session.status === 'active') return session.current;
  const params = new URLSearchParams();
  const returnTo = safeReturnPath((await headers()).get(REQUEST_PATH_HEADER));
  if (returnTo !== '/') params.set('next', returnTo);
  if (session.status === 'expired') params.set('reason', 'AUTH_SESSION_EXPIRED');
  const query = params.toString();
  redirect(query ? `/login?${query}` : '/login');
}

/** Whether the browser reached us over HTTPS (directly or through a proxy that says so). */
async function isSecureRequest(): Promise<boolean> {
  const h = await headers();
  const forwarded = h.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === 'https';
  return h.get('origin')?.toLowerCase().startsWith('https://') ?? false;
}

/** Sets the session cookie. Only server actions and route handlers may call this. */
export async function setSessionCookie(session: StartedSession): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, session.secret, {
    httpOnly: true,
    sameSite: 'lax',
    secure: await isSecureRequest(),
    path: '/',
    expires: session.expiresAt,
  });
}

/** Ends the session in the database and removes the cookie. Server actions only. */
export async function clearSession(): Promise<void> {
  const jar = await cookies();
  const secret = jar.get(SESSION_COOKIE)?.value;
  // The cookie goes first: the browser is logged out even if the database is not reachable.
  jar.delete(SESSION_COOKIE);
  if (secret) {
    const { ctx } = await getServices();
    await edmsDomain().endSession(ctx, secret);
  }
}

/** Where a login attempt came from, for the audit trail. */
export async function requestOrigin(): Promise<string> {
  const h = await headers();
  const ip = h.get('x-forwarded-for')?.split(',')[0]?.trim() || h.get('x-real-ip');
  return ip ? `web ${ip}` : 'web';
}
