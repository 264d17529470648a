import { NextResponse, type NextRequest } from 'next/server';
import { REQUEST_PATH_HEADER, SESSION_COOKIE } from '@/lib/session-cookie';

/**
 * An optimistic check before rendering: without a session cookie there is no
 * point rendering a protected page, so go to the login page and come back
 * afterwards. Whether the session is valid is decided on the server by
 * `requireUser()` in every protected layout, page and data function — this
 * proxy never reads the database and is not the security boundary.
 */
export function proxy(request: NextRequest) {
  const path = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  if (!request.cookies.has(SESSION_COOKIE)) {
    const login = new URL('/login', request.url);
    if (request.nextUrl.pathname !== '/') login.searchParams.set('next', path);
    return NextResponse.redirect(login);
  }
  const headers = new Headers(request.headers);
  headers.set(REQUEST_PATH_HEADER, path);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Everything except the login page itself, Next's static assets, the app icon
  // and the route handlers under /api. Those check the session themselves and
  // answer 401 in JSON; running the proxy for them would also make Next buffer
  // request bodies (uploads) in memory.
  matcher: ['/((?!api/|login|_next/static|_next/image|favicon\\.ico|icon\\.svg).*)'],
};
