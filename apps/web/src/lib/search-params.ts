/** Query-string helpers shared by the list pages. */

export type RawParams = Record<string, string | string[] | undefined>;

/** The first value of a repeated parameter. */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `/path?a=1&b=2`, leaving out empty values. */
export function hrefWith(pathname: string, values: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}

/** A 1-based page number from the query; anything odd is page 1. */
export function parsePage(value: string | string[] | undefined): number {
  const page = Number(firstParam(value));
  return Number.isInteger(page) && page >= 1 && page <= 1_000_000 ? page : 1;
}

/** One of the allowed values, or undefined. */
export function oneOf<T extends string>(value: string | string[] | undefined, allowed: readonly T[]): T | undefined {
  const v = firstParam(value);
  return allowed.find((a) => a === v);
}

/** How many pages a total needs (at least one). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
