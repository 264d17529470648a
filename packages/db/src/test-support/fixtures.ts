import { randomUUID } from 'node:crypto';

import type { DbClient } from '../client';

export async function insertUser(client: DbClient, username = `user-${randomUUID()}`) {
  return client.user.create({
    data: {
      id: randomUUID(),
      username,
      email: `${username}@example.test`,
      displayName: username,
      role: 'ADMIN',
      passwordHash: 'scrypt$test',
    },
  });
}

export async function insertConfiguration(client: DbClient, name = `config-${randomUUID()}`) {
  return client.backupConfiguration.create({
    data: {
      id: randomUUID(),
      name,
      backupType: 'FULL',
      frequency: 'DAILY',
      scheduleTime: '02:00',
      storagePath: 'backups',
      keepLast: 7,
      keepDaily: 7,
      keepWeekly: 4,
      keepMonthly: 12,
    },
  });
}

export async function insertBackupJob(
  client: DbClient,
  configurationId: string,
  fields: { packageId?: string; scheduledFor?: Date; sizeBytes?: bigint; triggeredById?: string } = {},
) {
  return client.backupJob.create({
    data: {
      id: randomUUID(),
      configurationId,
      jobName: 'nightly',
      backupType: 'FULL',
      origin: fields.scheduledFor ? 'SCHEDULED' : 'MANUAL',
      ...fields,
    },
  });
}
