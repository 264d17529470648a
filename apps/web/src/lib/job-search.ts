import type { BackupJobStatus, BackupOrigin } from '@edms/domain';
import { firstParam, hrefWith, oneOf, parsePage, type RawParams } from './search-params';

export const JOBS_PAGE_SIZE = 25;

export interface JobSearch {
  /** Configuration name; empty for all. */
  configuration: string;
  status: BackupJobStatus | undefined;
  origin: BackupOrigin | undefined;
  page: number;
  pageSize: number;
}

const CONFIGURATION_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * Reads `?configuration=&status=&origin=&page=` from the Jobs page. The valid
 * statuses and origins are passed in (the domain's lists) so this module has
 * no run-time imports. Odd values fall back to "all" instead of failing.
 */
export function parseJobSearch(
  params: RawParams,
  statuses: readonly BackupJobStatus[],
  origins: readonly BackupOrigin[],
): JobSearch {
  const configuration = firstParam(params.configuration)?.trim() ?? '';
  return {
    configuration: CONFIGURATION_NAME.test(configuration) ? configuration : '',
    status: oneOf(params.status, statuses),
    origin: oneOf(params.origin, origins),
    page: parsePage(params.page),
    pageSize: JOBS_PAGE_SIZE,
  };
}

/** The Jobs page URL for a search, defaults left out. */
export function jobSearchHref(search: Pick<JobSearch, 'configuration' | 'status' | 'origin' | 'page'>): string {
  return hrefWith('/jobs', {
    configuration: search.configuration,
    status: search.status,
    origin: search.origin,
    page: search.page > 1 ? search.page : undefined,
  });
}
