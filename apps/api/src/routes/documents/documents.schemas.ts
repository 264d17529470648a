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

const FileName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^/\\\x00-\x1f]+$/, 'a plain file name, without directories')
  .describe('The file\'s name as users see it, e.g. `sop-0042-v3.pdf`.');
const MimeType = z
  .string()
  .regex(/^[\w.+-]+\/[\w.+-]+$/, 'a media type such as application/pdf')
  .optional()
  .describe('Guessed from the file name when omitted.');
const Note = z.string().max(1000).optional();

export const AddDocumentQuery = z.strictObject({
  title: z.string().min(1).max(300),
  fileName: FileName,
  number: z.string().min(1).max(100).optional().describe('An explicit number such as `SOP-0042`; allocated from `prefix` when omitted.'),
  prefix: z.string().regex(/^[A-Za-z]{1,10}$/).optional().describe('Number prefix, default `SOP`.'),
  status: z.enum(DOCUMENT_STATUSES).optional().describe('Default DRAFT.'),
  owner: z.string().min(1).max(100).optional().describe('Owner\'s username; the caller when omitted.'),
  note: Note,
  mimeType: MimeType,
});

export const AddVersionQuery = z.strictObject({
  fileName: FileName,
  status: z.enum(DOCUMENT_STATUSES).optional().describe('Also move the document to this status.'),
  note: Note,
  mimeType: MimeType,
});

export const VersionParams = z.strictObject({
  number: DocumentParams.shape.number,
  version: z.coerce.number().int().min(1).max(1_000_000),
});
