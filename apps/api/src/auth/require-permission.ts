import type { RequestHandler } from 'express';
import { assertCan, type Permission } from '@edms/domain';
import { getAuth } from './request-auth';

/**
 * Checks the role before any input is parsed or work is done. The use case
 * asserts the same permission again; this copy makes each route's rule
 * visible where the route is declared (and testable route by route).
 */
export function requirePermission(permission: Permission): RequestHandler {
  return (_req, res, next) => {
    assertCan(getAuth(res).actor, permission);
    next();
  };
}
