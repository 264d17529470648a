/**
 * Domain entities (SPEC §2). Prisma models mirror them; repositories translate
 * between the two so nothing outside packages/db sees a Prisma type.
 */

export const USER_ROLES = ['ADMIN', 'OPERATOR', 'VIEWER'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const DOCUMENT_STATUSES = [
  'DRAFT',
  'IN_REVIEW',
  'APPROVED',
  'EFFECTIVE',
  'SUPERSEDED',
  'OBSOLETE',
] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export const BACKUP_TYPES = ['FULL', 'DATABASE', 'FILES'] as const;
export type BackupType = (typeof BACKUP_TYPES)[number];

export const FREQUENCIES = ['ON_DEMAND', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const BACKUP_JOB_STATUSES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type BackupJobStatus = (typeof BACKUP_JOB_STATUSES)[number];

export const BACKUP_ORIGINS = ['MANUAL', 'SCHEDULED', 'IMPORTED', 'SAFETY'] as const;
export type BackupOrigin = (typeof BACKUP_ORIGINS)[number];

export const RESTORE_JOB_STATUSES = [
  'PENDING',
  'VALIDATING',
  'AWAITING_CONFIRMATION',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'ROLLED_BACK',
  'CANCELLED',
] as const;
export type RestoreJobStatus = (typeof RESTORE_JOB_STATUSES)[number];

export const AUDIT_OUTCOMES = ['SUCCESS', 'FAILURE'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface User {
  id: string;
  username: string;
  email: string;
  displayName: string;
  role: UserRole;
  passwordHash: string;
  isActive: boolean;
  createdAt: Date;
}

/** A user as shown outside the system: never carries the password hash. */
export type PublicUser = Omit<User, 'passwordHash'>;

export interface Document {
  id: string;
  number: string;
  title: string;
  status: DocumentStatus;
  ownerId: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface DocumentVersion {
  id: string;
  documentId: string;
  version: number;
  fileName: string;
  /** Path relative to the file store root, always with forward slashes. */
  storageKey: string;
  sizeBytes: number;
  sha256: string;
  mimeType: string;
  createdById: string;
  createdAt: Date;
  note: string | null;
}

export interface RetentionPolicy {
  keepLast: number;
  keepDaily: number;
  keepWeekly: number;
  keepMonthly: number;
}

export interface BackupConfiguration {
  id: string;
  name: string;
  description: string;
  backupType: BackupType;
  frequency: Frequency;
  /** `HH:MM`, UTC. For HOURLY only the minutes are used. */
  scheduleTime: string;
  /** 0 = Sunday … 6 = Saturday; WEEKLY only. */
  dayOfWeek: number | null;
  /** 1..28; MONTHLY only. */
  dayOfMonth: number | null;
  /** Directory for this configuration's packages; relative paths are under the data dir. */
  storagePath: string;
  retention: RetentionPolicy;
  /** gzip level 0..9 */
  compressionLevel: number;
  encrypt: boolean;
  isEnabled: boolean;
  isTemporary: boolean;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface BackupJob {
  id: string;
  configurationId: string;
  jobName: string;
  backupType: BackupType;
  status: BackupJobStatus;
  origin: BackupOrigin;
  isTemporary: boolean;
  backupFilePath: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  packageId: string | null;
  manifestSummary: Record<string, unknown> | null;
  scheduledFor: Date | null;
  progress: number;
  progressMessage: string | null;
  startedAt: Date | null;
  completedAt: Date | null;
  error: string | null;
  triggeredById: string | null;
  workerId: string | null;
  heartbeatAt: Date | null;
  /** Run options chosen when the job was requested (e.g. allowFindings). */
  options: BackupJobOptions;
  /** Problems found in live storage while archiving (bit rot, missing files). */
  findings: BackupFinding[];
  /** Set when retention removed the package file; the job stays as history. */
  prunedAt: Date | null;
  verifiedAt: Date | null;
  verifyOk: boolean | null;
  verifyError: string | null;
  createdAt: Date;
}

export interface BackupJobOptions {
  /** Complete the backup even when a document's bytes differ from their recorded sha256 or are missing. */
  allowFindings?: boolean;
}

export interface BackupFinding {
  code: 'FILE_MISSING' | 'FILE_SIZE_CHANGED' | 'FILE_CHECKSUM_MISMATCH';
  storageKey: string;
  expected?: string | number;
  actual?: string | number;
}

export interface RestoreJob {
  id: string;
  backupJobId: string;
  restoreType: BackupType;
  status: RestoreJobStatus;
  dryRun: boolean;
  force: boolean;
  plan: Record<string, unknown> | null;
  planHash: string | null;
  safetyBackupJobId: string | null;
  progress: number;
  progressMessage: string | null;
  /** Step log: one entry per pipeline step. */
  steps: Array<{ step: string; status: string; at: string; message?: string }>;
  startedAt: Date | null;
  completedAt: Date | null;
  error: string | null;
  requestedById: string | null;
  createdAt: Date;
}

export interface AuditEvent {
  sequence: number;
  at: Date;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface ApiToken {
  id: string;
  name: string;
  /** sha256 of the secret; the secret itself is shown once and never stored. */
  tokenHash: string;
  /** First characters of the secret, to recognise a token in lists. */
  prefix: string;
  userId: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface Session {
  id: string;
  tokenHash: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
}
