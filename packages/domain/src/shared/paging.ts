import type { PageRequest } from '../ports/repositories.port';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/** Keeps paging inside sane bounds whatever a caller asks for. */
export function clampPage(page: PageRequest): { skip: number; take: number } {
  const skip = Math.max(0, Math.floor(page.skip ?? 0));
  const take = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(page.take ?? DEFAULT_PAGE_SIZE)));
  return { skip, take };
}
