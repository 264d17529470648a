import type { Response } from 'express';
import type { Actor, PublicUser } from '@edms/domain';
import { API_ERROR_CODES } from '../http/error-map';
import { requestError } from '../http/http-error';

/** Who made the request, as established by `authenticate`. */
export interface RequestAuth {
  user: PublicUser;
  /** What the domain use cases receive; the audit trail records `actor.name`. */
  actor: Actor;
  method: 'token' | 'session';
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      requestId?: string;
      auth?: RequestAuth;
    }
  }
}

export function actorFor(user: PublicUser): Actor {
  return { userId: user.id, name: user.username, role: user.role };
}

/** The authenticated caller; a route reached without `authenticate` is a wiring bug reported as 401. */
export function getAuth(res: Response): RequestAuth {
  const auth = res.locals.auth;
  if (!auth) throw requestError(API_ERROR_CODES.authRequired, 'authentication required');
  return auth;
}
