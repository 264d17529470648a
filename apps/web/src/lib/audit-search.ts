import type { AuditOutcome } from '@edms/domain';
import { firstParam, hrefWith, oneOf, parsePage, type RawParams } from './search-params';

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_PAGE_SIZES = [25, 50, 100, 200] as const;

export interface AuditSearch {
  /** Action prefix, e.g. `restore` or `restore.apply`; empty for all. */
  action: string;
  actor: string;
  targetType: string;
  outcome: AuditOutcome | undefined;
  /** `YYYY-MM-DD`, UTC, inclusive. */
  since: string;
  until: string;
  page: number;
  pageSize: number;
}

const TOKEN = /^[\w.:@-]{1,100}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function token(value: string | string[] | undefined): string {
  const v = firstParam(value)?.trim() ?? '';
  return TOKEN.test(v) ? v : '';
}

function day(value: string | string[] | undefined): string {
  const v = firstParam(value)?.trim() ?? '';
  return DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? v : '';
}

export function parseAuditSearch(params: RawParams, outcomes: readonly AuditOutcome[]): AuditSearch {
  return {
    action: token(params.action),
    actor: token(params.actor),
    targetType: token(params.targetType),
    outcome: oneOf(params.outcome, outcomes),
    since: day(params.since),
    until: day(params.until),
    page: parsePage(params.page),
    pageSize: AUDIT_PAGE_SIZES.find((size) => String(size) === firstParam(params.size)) ?? AUDIT_PAGE_SIZE,
  };
}

/**
 * The date range as instants for the repository (`since` inclusive, `until`
 * exclusive): the whole `until` day is included by ending at the next midnight.
 */
export function auditRange(search: Pick<AuditSearch, 'since' | 'until'>): { since?: Date; until?: Date } {
  const until = search.until ? new Date(`${search.until}T00:00:00.000Z`) : undefined;
  until?.setUTCDate(until.getUTCDate() + 1);
  return { since: search.since ? new Date(`${search.since}T00:00:00.000Z`) : undefined, until };
}

export function auditSearchHref(search: AuditSearch): string {
  return hrefWith('/audit', {
    action: search.action,
    actor: search.actor,
    targetType: search.targetType,
    outcome: search.outcome,
    since: search.since,
    until: search.until,
    size: search.pageSize !== AUDIT_PAGE_SIZE ? search.pageSize : undefined,
    page: search.page > 1 ? search.page : undefined,
  });
}

export function hasAuditFilter(search: AuditSearch): boolean {
  return Boolean(search.action || search.actor || search.targetType || search.outcome || search.since || search.until);
}
