import { BACKUP_TYPES, FREQUENCIES, parseObjectStorageLocation } from '@edms/domain';
import { z } from 'zod';

export const ListConfigurationsQuery = z.strictObject({
  /** Also list the system's temporary configurations (used for imported packages). */
  includeTemporary: z.stringbool().optional().describe('Also list the system\'s temporary configurations (imported and safety packages).'),
});

export const ConfigurationParams = z.strictObject({
  /** A configuration's name, or its id. */
  name: z.string().min(1).max(200).describe('The configuration\'s name, or its id.'),
});

/**
 * A package directory relative to the data directory, or a bucket and prefix
 * in the installation's object store. Over HTTP a caller never chooses a
 * server path: no absolute paths, no `..`, only plain segments. (An operator
 * at the machine can still set any directory with the CLI.) An `s3://`
 * location reaches only what the installation's S3 credentials allow.
 */
const LocalStoragePath = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/, 'a relative directory of plain segments (letters, digits, . _ -), e.g. backups/offsite')
  .refine((p) => !p.split('/').includes('..'), 'must not contain ..');
const ObjectStoragePath = z
  .string()
  .max(1000)
  .regex(/^s3:\/\//, 's3://bucket/prefix')
  .refine((p) => {
    try {
      parseObjectStorageLocation(p);
      return true;
    } catch {
      return false;
    }
  }, 's3://<bucket>[/<prefix>] with a valid bucket name and a prefix of plain segments');
const StoragePath = z
  .union([LocalStoragePath, ObjectStoragePath])
  .describe(
    'Directory for the packages, relative to the data directory (default backups/<name>), or s3://<bucket>[/<prefix>] for the installation\'s S3-compatible object store. Absolute paths are accepted only by the CLI.',
  );

const Retention = z.strictObject({
  keepLast: z.number().int().min(0).max(10_000).optional(),
  keepDaily: z.number().int().min(0).max(10_000).optional(),
  keepWeekly: z.number().int().min(0).max(10_000).optional(),
  keepMonthly: z.number().int().min(0).max(10_000).optional(),
});

const ConfigurationFields = {
  description: z.string().max(2000).optional(),
  scheduleTime: z.string().regex(/^\d{2}:\d{2}$/, 'HH:MM, UTC').optional().describe('HH:MM in UTC; for HOURLY only the minutes count.'),
  dayOfWeek: z.number().int().min(0).max(6).nullable().optional().describe('0 = Sunday … 6 = Saturday; WEEKLY only.'),
  dayOfMonth: z.number().int().min(1).max(28).nullable().optional().describe('1–28; MONTHLY only.'),
  storagePath: StoragePath.optional(),
  retention: Retention.optional(),
  compressionLevel: z.number().int().min(0).max(9).optional(),
  encrypt: z.boolean().optional().describe('Encrypt packages with EDMS_BACKUP_PASSPHRASE (the server must have one).'),
  isEnabled: z.boolean().optional(),
};

export const CreateConfigurationBody = z.strictObject({
  name: z.string().min(1).max(63).describe('Lower-case letters, digits, - and _.'),
  backupType: z.enum(BACKUP_TYPES),
  frequency: z.enum(FREQUENCIES),
  ...ConfigurationFields,
});

export const UpdateConfigurationBody = z.strictObject({
  name: z.string().min(1).max(63).optional(),
  backupType: z.enum(BACKUP_TYPES).optional(),
  frequency: z.enum(FREQUENCIES).optional(),
  ...ConfigurationFields,
});
