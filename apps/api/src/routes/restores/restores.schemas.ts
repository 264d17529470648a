import { BACKUP_TYPES, RESTORE_JOB_STATUSES } from '@edms/domain';
import { z } from 'zod';
import { PagingFields } from '../paging.schemas';

export const ListRestoresQuery = z.strictObject({
  status: z.enum(RESTORE_JOB_STATUSES).optional(),
  ...PagingFields,
});

const RestoreOptionFields = {
  restoreType: z.enum(BACKUP_TYPES).optional().describe('A part the package holds (FULL holds all); the package\'s own type when omitted.'),
  dryRun: z.boolean().optional().describe('Validate and plan, change nothing; the restore ends COMPLETED with its plan.'),
  force: z.boolean().optional().describe('Proceed past the plan\'s warnings when confirming (never past integrity or validation errors).'),
  skipSafetyBackup: z.boolean().optional().describe('Opt out of the safety snapshot taken before applying (recorded in the plan and the audit trail).'),
};

/**
 * A restore is only ever from the catalog (a backup job) or from an upload
 * (POST /packages): there is deliberately no field for a server path.
 */
export const CreateRestoreBody = z.strictObject({
  backupJobId: z.string().regex(/^[A-Za-z0-9-]{1,100}$/).describe('The backup job (or package id) whose package to restore.'),
  ...RestoreOptionFields,
});

export const ConfirmRestoreBody = z.strictObject({
  planHash: z.string().regex(/^[0-9a-f]{64}$/, 'the 64 hex digits of the planHash that was shown').describe('The planHash of the plan that was shown.'),
  force: z.boolean().optional().describe('Proceed past the plan\'s warnings.'),
});

export const UploadPackageQuery = z.strictObject({
  restoreType: RestoreOptionFields.restoreType,
  dryRun: z.stringbool().optional().describe('Validate and plan, change nothing.'),
  force: z.stringbool().optional().describe('Proceed past the plan\'s warnings when confirming.'),
  skipSafetyBackup: z.stringbool().optional().describe('Opt out of the safety snapshot.'),
});
