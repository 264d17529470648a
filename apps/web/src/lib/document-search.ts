import { z } from 'zod';
import type { DocumentStatus } from '@edms/domain';

export const DOCUMENTS_PAGE_SIZE = 25;

export interface DocumentSearch {
  /** Matches number or title; empty for all. */
  q: string;
  status: DocumentStatus | undefined;
  /** 1-based. */
  page: number;
  pageSize: number;
}

type RawParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

// Query strings are typed by hand and shared as links: anything odd falls back
// to a default instead of failing the page.
const SearchSchema = z.object({
  q: z.string().trim().max(200).catch(''),
  status: z.string().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});

/**
 * Reads `?q=&status=&page=`. The valid statuses are passed in (the domain's
 * list) so this module stays free of runtime imports and can be unit tested.
 */
export function parseDocumentSearch(params: RawParams, statuses: readonly DocumentStatus[]): DocumentSearch {
  const parsed = SearchSchema.parse({
    q: first(params.q) ?? '',
    status: first(params.status) || undefined,
    page: first(params.page) ?? 1,
  });
  const status = statuses.find((s) => s === parsed.status);
  return { q: parsed.q, status, page: parsed.page, pageSize: DOCUMENTS_PAGE_SIZE };
}

/** The URL of the documents list for a search, leaving defaults out. */
export function documentSearchHref(search: Pick<DocumentSearch, 'q' | 'status' | 'page'>): string {
  const params = new URLSearchParams();
  if (search.q) params.set('q', search.q);
  if (search.status) params.set('status', search.status);
  if (search.page > 1) params.set('page', String(search.page));
  const query = params.toString();
  return query ? `/documents?${query}` : '/documents';
}
