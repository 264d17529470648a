import { randomUUID } from 'node:crypto';
import type { BackupConfiguration } from '../model/entities';
import type { Clock } from '../ports/clock.port';
import type { Repositories } from '../ports/repositories.port';
import { TEMP_RESTORE_CONFIG_NAME } from './configuration-rules';

/**
 * The configuration that owns packages this installation did not make
 * (SPEC §5.3): on demand only, never scheduled, never pruned, not editable.
 */
export async function getOrCreateTempRestoreConfig(
  repos: Pick<Repositories, 'configurations'>,
  clock: Clock,
): Promise<BackupConfiguration> {
  const existing = await repos.configurations.findByName(TEMP_RESTORE_CONFIG_NAME);
  if (existing) return existing;
  const now = clock.now();
  return repos.configurations.create({
    id: randomUUID(),
    name: TEMP_RESTORE_CONFIG_NAME,
    description: 'Packages registered from outside this installation (imports and restores of unknown files)',
    backupType: 'FULL',
    frequency: 'ON_DEMAND',
    scheduleTime: '00:00',
    dayOfWeek: null,
    dayOfMonth: null,
    storagePath: 'backups/imported',
    retention: { keepLast: 0, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 },
    compressionLevel: 6,
    encrypt: false,
    isEnabled: true,
    isTemporary: true,
    createdById: null,
    createdAt: now,
    updatedAt: now,
  });
}

/** Holds the SAFETY snapshots taken before restores and resets. */
export const SAFETY_CONFIG_NAME = 'pre-restore-safety';

export async function getOrCreateSafetyConfig(repos: Pick<Repositories, 'configurations'>, clock: Clock): Promise<BackupConfiguration> {
  const existing = await repos.configurations.findByName(SAFETY_CONFIG_NAME);
  if (existing) return existing;
  const now = clock.now();
  return repos.configurations.create({
    id: randomUUID(),
    name: SAFETY_CONFIG_NAME,
    description: 'Snapshots taken automatically before a restore or a reset replaces data',
    backupType: 'FULL',
    frequency: 'ON_DEMAND',
    scheduleTime: '00:00',
    dayOfWeek: null,
    dayOfMonth: null,
    storagePath: 'backups/safety',
    retention: { keepLast: 10, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 },
    compressionLevel: 1,
    encrypt: false,
    isEnabled: true,
    isTemporary: true,
    createdById: null,
    createdAt: now,
    updatedAt: now,
  });
}
