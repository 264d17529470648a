import { z } from 'zod';

export const DEFAULT_PAGE_SIZE = 50;
/** Larger pages are refused rather than silently shortened, so a client never mistakes a cut page for the end. */
export const MAX_PAGE_SIZE = 200;

export const PagingFields = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE).describe(`Page size, 1–${MAX_PAGE_SIZE}.`),
  offset: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0).describe('Items to skip.'),
};

/** A job or restore id (uuid); backups also accept the package id from a manifest. */
export const IdParams = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'an id such as 3f2b…-…').describe('The id.'),
});
