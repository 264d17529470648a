import type { UserRole } from '../model/entities';
import { DomainError } from './domain-error';

/**
 * Who performs an operation. Every use case takes one so that authorization and
 * the audit trail see the same identity whichever front door was used.
 * The CLI runs with direct access to the database and acts as a local
 * administrator (`cli:<os user>`); the API and web act as the logged-in user.
 */
export interface Actor {
  /** The user's id when the actor is a user of the system. */
  userId: string | null;
  /** Name recorded in the audit trail, e.g. `admin` or `cli:root` or `system:scheduler`. */
  name: string;
  role: UserRole;
}

export const PERMISSIONS = {
  read: ['VIEWER', 'OPERATOR', 'ADMIN'],
  runBackup: ['OPERATOR', 'ADMIN'],
  manageConfigurations: ['OPERATOR', 'ADMIN'],
  manageDocuments: ['OPERATOR', 'ADMIN'],
  restore: ['ADMIN'],
  reset: ['ADMIN'],
  manageUsers: ['ADMIN'],
  manageTokens: ['ADMIN'],
} as const satisfies Record<string, readonly UserRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(actor: Actor, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly UserRole[]).includes(actor.role);
}

/** Throws `FORBIDDEN` when the actor's role does not grant the permission. */
export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    throw new DomainError(
      'FORBIDDEN',
      `${actor.name} (${actor.role}) is not allowed to ${permission}; it needs one of: ${PERMISSIONS[permission].join(', ')}`,
      { details: { permission, role: actor.role } },
    );
  }
}

export function systemActor(name: string): Actor {
  return { userId: null, name, role: 'ADMIN' };
}
