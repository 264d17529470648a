import type { RetentionPolicy } from '../../model/entities';
import { DomainError } from '../../shared/domain-error';

/** Highest count any retention rule accepts; more is a typo, not a policy. */
export const MAX_RETENTION_COUNT = 10_000;

const RULES = ['keepLast', 'keepDaily', 'keepWeekly', 'keepMonthly'] as const satisfies ReadonlyArray<
  keyof RetentionPolicy
>;

/**
 * Checks that every rule of a retention policy is an integer from 0 to
 * {@link MAX_RETENTION_COUNT}, and throws `CONFIG_INVALID_RETENTION` listing every
 * offending field otherwise. Values are checked at runtime, so NaN, Infinity,
 * strings and missing fields from untyped input are refused too.
 */
export function validateRetention(policy: RetentionPolicy): void {
  const issues: Array<{ field: keyof RetentionPolicy; message: string }> = [];
  for (const field of RULES) {
    const value = (policy as unknown as Record<string, unknown>)[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_RETENTION_COUNT) {
      const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
      issues.push({ field, message: `${field} must be an integer from 0 to ${MAX_RETENTION_COUNT}; got ${shown}` });
    }
  }
  if (issues.length > 0) {
    const message = `Invalid retention policy: ${issues.map((i) => i.message).join('; ')}`;
    throw new DomainError('CONFIG_INVALID_RETENTION', message, { details: { field: issues[0]?.field, issues } });
  }
}

/**
 * True when every rule is 0. Such a policy keeps everything (see `applyRetention`),
 * so a dry-run listing can say so instead of listing nothing to remove.
 */
export function isKeepEverythingPolicy(policy: RetentionPolicy): boolean {
  return RULES.every((field) => policy[field] === 0);
}
