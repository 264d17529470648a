/** HttpOnly cookie holding the session secret; the database keeps only its hash. */
export const SESSION_COOKIE = 'edms_session';

/**
 * Request header the proxy sets to the path and query being requested, so a
 * layout that must send the user to the login page can bring them back after.
 * The proxy always overwrites it, so a browser cannot choose its value.
 */
export const REQUEST_PATH_HEADER = 'x-edms-request-path';
