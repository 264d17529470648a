import { AUDIT_OUTCOMES } from '@edms/domain';
import { z } from 'zod';
import { PagingFields } from '../paging.schemas';

export const ListAuditQuery = z.strictObject({
  action: z.string().min(1).max(100).optional().describe('Only this action, e.g. `restore.complete`.'),
  actor: z.string().min(1).max(200).optional().describe('Only events by this actor, e.g. `admin`.'),
  targetType: z.string().min(1).max(100).optional().describe('Only events about this kind of record, e.g. `BackupJob`.'),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  since: z.iso.datetime({ offset: true }).optional().describe('Only events at or after this instant (ISO 8601).'),
  until: z.iso.datetime({ offset: true }).optional().describe('Only events before this instant (ISO 8601).'),
  ...PagingFields,
});
