import { BACKUP_JOB_STATUSES, BACKUP_ORIGINS, BACKUP_TYPES } from '@edms/domain';
import { z } from 'zod';
import { PagingFields } from '../paging.schemas';

export const ListBackupsQuery = z.strictObject({
  configuration: z.string().min(1).max(200).optional().describe('Only this configuration (name or id).'),
  status: z.enum(BACKUP_JOB_STATUSES).optional(),
  origin: z.enum(BACKUP_ORIGINS).optional(),
  includePruned: z.stringbool().optional().describe('Also list jobs whose package retention removed.'),
  ...PagingFields,
});

export const RunBackupBody = z.strictObject({
  configuration: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Configuration name or id; default the on-demand configuration of the type (pre-upgrade-full, manual-database, manual-files).'),
  backupType: z.enum(BACKUP_TYPES).optional().describe('Back up this part instead of the configuration\'s type.'),
  allowFindings: z.boolean().optional().describe('Complete even when live files are missing or differ from their recorded sha256 (reported as findings).'),
});

export const PruneBackupsBody = z.strictObject({
  configuration: z.string().min(1).max(200).optional().describe('Only this configuration; every configuration when omitted.'),
  dryRun: z.boolean().optional().describe('List what retention would remove, remove nothing.'),
});

/** Catalog sync scans the configured storage directories only: a caller never names a server directory. */
export const SyncCatalogBody = z.strictObject({});
