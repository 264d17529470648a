import { randomUUID } from 'node:crypto';
import type { BackupConfiguration, BackupJob, BackupOrigin, BackupType } from '../../model/entities';

/** Every field of a fresh PENDING job, so callers state only what differs. */
export function newBackupJob(input: {
  configuration: BackupConfiguration;
  backupType?: BackupType;
  origin: BackupOrigin;
  now: Date;
  triggeredById?: string | null;
  scheduledFor?: Date | null;
  jobName?: string;
  allowFindings?: boolean;
}): BackupJob {
  const id = randomUUID();
  const stamp = input.now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return {
    id,
    configurationId: input.configuration.id,
    jobName: input.jobName ?? `${input.configuration.name}_${stamp}`,
    backupType: input.backupType ?? input.configuration.backupType,
    status: 'PENDING',
    origin: input.origin,
    isTemporary: false,
    backupFilePath: null,
    sizeBytes: null,
    sha256: null,
    packageId: null,
    manifestSummary: null,
    scheduledFor: input.scheduledFor ?? null,
    progress: 0,
    progressMessage: 'queued',
    startedAt: null,
    completedAt: null,
    error: null,
    triggeredById: input.triggeredById ?? null,
    workerId: null,
    heartbeatAt: null,
    options: input.allowFindings ? { allowFindings: true } : {},
    findings: [],
    prunedAt: null,
    verifiedAt: null,
    verifyOk: null,
    verifyError: null,
    createdAt: input.now,
  };
}
