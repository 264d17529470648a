import { DOCUMENT_STATUSES } from '@edms/domain';
import { z } from 'zod';

export const DEFAULT_DOCUMENT_PAGE_SIZE = 50;
/** Larger pages are refused rather than silently shortened, so a client never mistakes a cut page for the end. */
export const MAX_DOCUMENT_PAGE_SIZE = 200;

export const ListDocumentsQuery = z.strictObject({
  /** Matches the number or the title. */
  search: z.string().trim().min(1).max(200).optional(),
  status: z.enum(DOCUMENT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_DOCUMENT_PAGE_SIZE).default(DEFAULT_DOCUMENT_PAGE_SIZE),
  offset: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
});

export const DocumentParams = z.strictObject({
  /** A document number such as `SOP-0001`, or its id. */
  number: z.string().min(1).max(100),
});
