import {
  BACKUP_TYPES,
  FREQUENCIES,
  type BackupConfiguration,
  type BackupType,
  type Frequency,
  type RetentionPolicy,
} from '../model/entities';
import { validateRetention } from '../backup/retention';
import { validateSchedule } from '../backup/schedule';
import { foreignStorageScheme, isObjectStorageLocation, parseObjectStorageLocation, StorageLocationError } from '../backup/engine/storage-location';
import { DomainError } from '../shared/domain-error';

/** Name of the configuration that holds packages imported only to restore them (SPEC §5.3). */
export const TEMP_RESTORE_CONFIG_NAME = 'temp_restore_config';

const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Fields an operator sets on a configuration. */
export interface ConfigurationInput {
  name: string;
  description: string;
  backupType: BackupType;
  frequency: Frequency;
  scheduleTime: string;
  dayOfWeek: number | null;
  dayOfMonth: number | null;
  storagePath: string;
  retention: RetentionPolicy;
  compressionLevel: number;
  encrypt: boolean;
  isEnabled: boolean;
}

export const DEFAULT_RETENTION: RetentionPolicy = { keepLast: 7, keepDaily: 7, keepWeekly: 4, keepMonthly: 12 };

export function defaultStoragePath(name: string): string {
  return `backups/${name}`;
}

function invalid(field: string, message: string): DomainError {
  return new DomainError('CONFIG_INVALID', message, { details: { field } });
}

export function parseBackupType(value: string): BackupType {
  const upper = value.toUpperCase();
  if (!(BACKUP_TYPES as readonly string[]).includes(upper)) {
    throw invalid('backupType', `backup type "${value}" is not one of ${BACKUP_TYPES.join(', ')}`);
  }
  return upper as BackupType;
}

export function parseFrequency(value: string): Frequency {
  const upper = value.toUpperCase().replace('-', '_');
  if (!(FREQUENCIES as readonly string[]).includes(upper)) {
    throw invalid('frequency', `frequency "${value}" is not one of ${FREQUENCIES.join(', ')}`);
  }
  return upper as Frequency;
}

/**
 * Checks every field. Storage paths may be absolute or relative to the data
 * directory but may not climb out of it with `..`, so a typo cannot scatter
 * packages across the file system.
 */
export function validateConfigurationInput(input: ConfigurationInput): void {
  if (!NAME.test(input.name)) {
    throw invalid('name', `name "${input.name}" must be 1–63 lowercase letters, digits, dash or underscore`);
  }
  if (input.name === TEMP_RESTORE_CONFIG_NAME) {
    throw invalid('name', `"${TEMP_RESTORE_CONFIG_NAME}" is reserved for packages imported to restore them`);
  }
  if (input.description.length > 500) throw invalid('description', 'description is limited to 500 characters');
  parseBackupType(input.backupType);
  parseFrequency(input.frequency);
  validateSchedule({
    frequency: input.frequency,
    scheduleTime: input.scheduleTime,
    dayOfWeek: input.dayOfWeek,
    dayOfMonth: input.dayOfMonth,
  });
  validateRetention(input.retention);
  if (!Number.isInteger(input.compressionLevel) || input.compressionLevel < 0 || input.compressionLevel > 9) {
    throw invalid('compressionLevel', 'compression level must be a whole number from 0 to 9');
  }
  validateStoragePath(input.storagePath);
}

/** A local directory path without "..", or `s3://bucket[/prefix]` (object storage). */
export function validateStoragePath(value: string): void {
  const storagePath = value.trim();
  if (isObjectStorageLocation(storagePath)) {
    try {
      parseObjectStorageLocation(storagePath);
    } catch (error) {
      if (!(error instanceof StorageLocationError)) throw error;
      throw invalid('storagePath', `storage path "${value}": ${error.message}`);
    }
    return;
  }
  const scheme = foreignStorageScheme(storagePath);
  if (scheme) throw invalid('storagePath', `storage path "${value}": ${scheme} storage is not supported; use a directory or s3://bucket/prefix`);
  if (!storagePath || storagePath.includes('\0') || storagePath.split(/[\\/]/).includes('..')) {
    throw invalid('storagePath', `storage path "${value}" must be a directory path without ".."`);
  }
}

export function applyConfigurationPatch(
  current: BackupConfiguration,
  patch: Partial<ConfigurationInput>,
): ConfigurationInput {
  return {
    name: patch.name ?? current.name,
    description: patch.description ?? current.description,
    backupType: patch.backupType ?? current.backupType,
    frequency: patch.frequency ?? current.frequency,
    scheduleTime: patch.scheduleTime ?? current.scheduleTime,
    dayOfWeek: patch.dayOfWeek !== undefined ? patch.dayOfWeek : current.dayOfWeek,
    dayOfMonth: patch.dayOfMonth !== undefined ? patch.dayOfMonth : current.dayOfMonth,
    storagePath: patch.storagePath ?? current.storagePath,
    retention: { ...current.retention, ...(patch.retention ?? {}) },
    compressionLevel: patch.compressionLevel ?? current.compressionLevel,
    encrypt: patch.encrypt ?? current.encrypt,
    isEnabled: patch.isEnabled ?? current.isEnabled,
  };
}
