import type { RetentionPolicy } from '../../model/entities';
import { utcDayKey, isoWeekKey, utcMonthKey } from './utc-calendar';
import { isKeepEverythingPolicy, validateRetention } from './validate-retention';

/**
 * Why a package is kept: the rule(s) that selected it, or `keep-everything`
 * when the policy has no rule at all.
 */
export type RetentionReason = 'last' | 'daily' | 'weekly' | 'monthly' | 'keep-everything';

/** A completed package as retention sees it. */
export interface RetentionCandidate {
  id: string;
  /** When the package was completed; its day, ISO week and month are taken in UTC. */
  completedAt: Date;
}

/** The verdict for every package; both lists are ordered newest first. */
export interface RetentionResult {
  keep: Array<{ id: string; reasons: RetentionReason[] }>;
  remove: Array<{ id: string }>;
}

/**
 * Decides which packages of one configuration a retention policy keeps, with
 * restic's `forget --keep-last/--keep-daily/--keep-weekly/--keep-monthly`
 * semantics:
 *
 * - Packages are ordered newest first (ties on `completedAt` by id, so the
 *   answer does not depend on input order).
 * - keepLast n keeps the n newest packages.
 * - keepDaily n keeps, for each of the n most recent UTC days that have a
 *   package, the newest package of that day. Days without a package are not
 *   counted, so a gap never uses up the allowance. keepWeekly (ISO weeks,
 *   Monday to Sunday) and keepMonthly work the same way.
 * - A package kept by any rule is kept, and lists every rule that chose it.
 * - Unlike restic ≥ 0.17, the oldest package is not kept additionally when a
 *   rule has allowance left; each rule keeps exactly what its definition says.
 *
 * A policy whose four rules are all 0 keeps everything: restic refuses such an
 * "empty" policy for the same reason, and a retention setting left at zeros by
 * mistake must never delete every backup of a configuration. Any other policy
 * always keeps at least the newest package.
 *
 * The caller passes only COMPLETED packages: PENDING, RUNNING, FAILED and
 * CANCELLED jobs have no package to prune, and an unfinished one must neither
 * be deleted nor count towards a rule (it would push a good backup out).
 *
 * Throws `CONFIG_INVALID_RETENTION` for an invalid policy, so a bad policy
 * never removes anything, and RangeError for an invalid date or a repeated id.
 */
export function applyRetention(policy: RetentionPolicy, packages: readonly RetentionCandidate[]): RetentionResult {
  validateRetention(policy);
  const sorted = sortNewestFirst(packages);

  if (isKeepEverythingPolicy(policy)) {
    return { keep: sorted.map(({ id }) => ({ id, reasons: ['keep-everything'] })), remove: [] };
  }

  const rules: Rule[] = [
    // Every package is its own bucket, so keepLast simply counts packages.
    { reason: 'last', remaining: policy.keepLast, bucket: (_d, index) => index },
    { reason: 'daily', remaining: policy.keepDaily, bucket: utcDayKey },
    { reason: 'weekly', remaining: policy.keepWeekly, bucket: isoWeekKey },
    { reason: 'monthly', remaining: policy.keepMonthly, bucket: utcMonthKey },
  ];

  const result: RetentionResult = { keep: [], remove: [] };
  sorted.forEach((pkg, index) => {
    const reasons: RetentionReason[] = [];
    for (const rule of rules) {
      if (rule.remaining === 0) continue;
      const bucket = rule.bucket(pkg.completedAt, index);
      // Newest first, so the first package seen in a bucket is that bucket's newest.
      if (bucket !== rule.last) {
        rule.last = bucket;
        rule.remaining -= 1;
        reasons.push(rule.reason);
      }
    }
    if (reasons.length > 0) result.keep.push({ id: pkg.id, reasons });
    else result.remove.push({ id: pkg.id });
  });
  return result;
}

interface Rule {
  reason: RetentionReason;
  /** Buckets this rule may still keep a package from. */
  remaining: number;
  /** Equal for two packages exactly when they fall in the same day, week, month… */
  bucket: (completedAt: Date, index: number) => number;
  /** The bucket of the last package this rule kept. */
  last?: number;
}

function sortNewestFirst(packages: readonly RetentionCandidate[]): RetentionCandidate[] {
  const seen = new Set<string>();
  for (const pkg of packages) {
    if (seen.has(pkg.id)) throw new RangeError(`package ${pkg.id} is listed twice`);
    seen.add(pkg.id);
    if (!(pkg.completedAt instanceof Date) || Number.isNaN(pkg.completedAt.getTime())) {
      throw new RangeError(`package ${pkg.id} has no valid completedAt`);
    }
  }
  return [...packages].sort(
    (a, b) => b.completedAt.getTime() - a.completedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
