import { USER_ROLES, type PublicUser, type User, type UserRole } from '../model/entities';
import { DomainError } from '../shared/domain-error';

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MIN_PASSWORD_LENGTH = 12;

export function validateUsername(username: string): void {
  if (!USERNAME.test(username)) {
    throw new DomainError(
      'USER_INVALID',
      `username "${username}" must be 2–63 characters of lowercase letters, digits, dot, dash or underscore, starting with a letter or digit`,
      { details: { field: 'username' } },
    );
  }
}

export function validateEmail(email: string): void {
  if (!EMAIL.test(email) || email.length > 254) {
    throw new DomainError('USER_INVALID', `email "${email}" is not a valid address`, { details: { field: 'email' } });
  }
}

export function validatePassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new DomainError('USER_PASSWORD_TOO_SHORT', `passwords need at least ${MIN_PASSWORD_LENGTH} characters`, {
      details: { field: 'password' },
    });
  }
}

export function parseRole(role: string): UserRole {
  const upper = role.toUpperCase();
  if (!(USER_ROLES as readonly string[]).includes(upper)) {
    throw new DomainError('USER_INVALID', `role "${role}" is not one of ${USER_ROLES.join(', ')}`, { details: { field: 'role' } });
  }
  return upper as UserRole;
}

export function toPublicUser(user: User): PublicUser {
  const { passwordHash: _hidden, ...rest } = user;
  return rest;
}
