import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'edms_';

/** A new random secret; only its sha256 is ever stored. */
export function generateSecret(prefix = TOKEN_PREFIX): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
