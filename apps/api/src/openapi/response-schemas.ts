import {
  AUDIT_OUTCOMES,
  BACKUP_JOB_STATUSES,
  BACKUP_ORIGINS,
  BACKUP_TYPES,
  DOCUMENT_STATUSES,
  FREQUENCIES,
  RESTORE_JOB_STATUSES,
  USER_ROLES,
} from '@edms/domain';
import { z } from 'zod';

/**
 * The JSON the API answers with, as zod schemas — for the OpenAPI document
 * only (responses are domain objects serialised as they are). They are kept
 * honest by response-schemas.test.ts, which parses real responses with them
 * in strict mode, so a field added in the domain and missing here fails a test.
 */
const DateTime = z.iso.datetime();
const Json = z.record(z.string(), z.unknown());

export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(USER_ROLES),
  isActive: z.boolean(),
  createdAt: DateTime,
});

export const ConfigurationSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  backupType: z.enum(BACKUP_TYPES),
  frequency: z.enum(FREQUENCIES),
  scheduleTime: z.string(),
  dayOfWeek: z.number().int().nullable(),
  dayOfMonth: z.number().int().nullable(),
  storagePath: z.string(),
  retention: z.object({ keepLast: z.number().int(), keepDaily: z.number().int(), keepWeekly: z.number().int(), keepMonthly: z.number().int() }),
  compressionLevel: z.number().int(),
  encrypt: z.boolean(),
  isEnabled: z.boolean(),
  isTemporary: z.boolean(),
  createdById: z.string().nullable(),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const BackupJobSchema = z.object({
  id: z.string(),
  configurationId: z.string(),
  jobName: z.string(),
  backupType: z.enum(BACKUP_TYPES),
  status: z.enum(BACKUP_JOB_STATUSES),
  origin: z.enum(BACKUP_ORIGINS),
  isTemporary: z.boolean(),
  backupFilePath: z.string().nullable(),
  sizeBytes: z.number().int().nullable(),
  sha256: z.string().nullable(),
  packageId: z.string().nullable(),
  manifestSummary: Json.nullable(),
  scheduledFor: DateTime.nullable(),
  progress: z.number().min(0).max(1).describe('0..1'),
  progressMessage: z.string().nullable(),
  startedAt: DateTime.nullable(),
  completedAt: DateTime.nullable(),
  error: z.string().nullable().describe('`CODE: reason` when FAILED'),
  triggeredById: z.string().nullable(),
  workerId: z.string().nullable(),
  heartbeatAt: DateTime.nullable(),
  options: z.object({ allowFindings: z.boolean().optional() }),
  findings: z.array(z.object({ code: z.string(), storageKey: z.string(), expected: z.unknown().optional(), actual: z.unknown().optional() })),
  prunedAt: DateTime.nullable(),
  verifiedAt: DateTime.nullable(),
  verifyOk: z.boolean().nullable(),
  verifyError: z.string().nullable(),
  createdAt: DateTime,
});

export const RestoreJobSchema = z.object({
  id: z.string(),
  backupJobId: z.string(),
  restoreType: z.enum(BACKUP_TYPES),
  status: z.enum(RESTORE_JOB_STATUSES),
  dryRun: z.boolean(),
  force: z.boolean(),
  plan: Json.nullable().describe('The restore plan (see `plan` of POST /restores).'),
  planHash: z.string().nullable(),
  safetyBackupJobId: z.string().nullable(),
  progress: z.number().min(0).max(1),
  progressMessage: z.string().nullable(),
  steps: z.array(z.object({ step: z.string(), status: z.string(), at: DateTime, message: z.string().optional() })).describe('The step log.'),
  startedAt: DateTime.nullable(),
  completedAt: DateTime.nullable(),
  error: z.string().nullable(),
  requestedById: z.string().nullable(),
  createdAt: DateTime,
});

export const RestorePlanSchema = z.object({
  restoreType: z.enum(BACKUP_TYPES),
  package: Json,
  tables: z.array(Json).describe('Per table: packageRows, currentRows, insert, replace, delete, unchanged, protected, rule.'),
  files: Json.nullable().describe('write / overwrite / remove / unchanged, each { count, bytes }.'),
  protectedRecords: z.array(z.string()),
  disk: z.object({ neededBytes: z.number(), freeBytes: z.number(), freeAfterBytes: z.number() }),
  safetyBackup: z.boolean(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});

export const PreparedRestoreSchema = z.object({ restore: RestoreJobSchema, plan: RestorePlanSchema, planHash: z.string() });

export const DocumentSchema = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: z.enum(DOCUMENT_STATUSES),
  ownerId: z.string(),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const DocumentVersionSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  version: z.number().int(),
  fileName: z.string(),
  storageKey: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  mimeType: z.string(),
  createdById: z.string(),
  createdAt: DateTime,
  note: z.string().nullable(),
});

export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe('First characters of the secret, to recognise it.'),
  userId: z.string(),
  username: z.string().nullable(),
  createdAt: DateTime,
  lastUsedAt: DateTime.nullable(),
  expiresAt: DateTime.nullable(),
  revokedAt: DateTime.nullable(),
});

export const AuditEventSchema = z.object({
  sequence: z.number().int(),
  at: DateTime,
  actor: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  details: Json,
  prevHash: z.string(),
  hash: z.string(),
});

/** `{ items, total, limit, offset }` */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
}

/** `{ items, total }` for the short lists that are not paged. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}
