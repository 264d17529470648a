import { randomUUID } from 'node:crypto';
import type { BackupConfiguration } from '../model/entities';
import { recordAuditEvent } from '../audit/record-audit-event';
import { assertCan, type Actor } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import type { ServiceContext } from '../shared/service-context';
import {
  applyConfigurationPatch,
  DEFAULT_RETENTION,
  defaultStoragePath,
  validateConfigurationInput,
  type ConfigurationInput,
} from './configuration-rules';

/** A new configuration: name, type and frequency are required, the rest has defaults. */
export type CreateConfigurationOptions = Pick<ConfigurationInput, 'name' | 'backupType' | 'frequency'> &
  Partial<Omit<ConfigurationInput, 'name' | 'backupType' | 'frequency'>>;

export type UpdateConfigurationOptions = Partial<ConfigurationInput>;

export async function listConfigurations(
  ctx: ServiceContext,
  actor: Actor,
  options: { includeTemporary?: boolean } = {},
): Promise<BackupConfiguration[]> {
  assertCan(actor, 'read');
  return ctx.repos.configurations.list(options);
}

/** Finds a configuration by name or id. */
export async function getConfiguration(ctx: ServiceContext, actor: Actor, nameOrId: string): Promise<BackupConfiguration> {
  assertCan(actor, 'read');
  return findConfigurationOrThrow(ctx, nameOrId);
}

export async function findConfigurationOrThrow(ctx: Pick<ServiceContext, 'repos'>, nameOrId: string): Promise<BackupConfiguration> {
  const found =
    (await ctx.repos.configurations.findByName(nameOrId)) ?? (await ctx.repos.configurations.findById(nameOrId));
  if (!found) {
    throw new DomainError('CONFIG_NOT_FOUND', `no backup configuration named "${nameOrId}"; see \`edms config list\``, {
      details: { configuration: nameOrId },
    });
  }
  return found;
}

export function withConfigurationDefaults(options: CreateConfigurationOptions): ConfigurationInput {
  return {
    name: options.name.trim(),
    description: options.description ?? '',
    backupType: options.backupType,
    frequency: options.frequency,
    scheduleTime: options.scheduleTime ?? '02:00',
    dayOfWeek: options.dayOfWeek ?? (options.frequency === 'WEEKLY' ? 0 : null),
    dayOfMonth: options.dayOfMonth ?? (options.frequency === 'MONTHLY' ? 1 : null),
    storagePath: options.storagePath ?? defaultStoragePath(options.name.trim()),
    retention: { ...DEFAULT_RETENTION, ...(options.retention ?? {}) },
    compressionLevel: options.compressionLevel ?? 6,
    encrypt: options.encrypt ?? false,
    isEnabled: options.isEnabled ?? true,
  };
}

export async function createConfiguration(
  ctx: ServiceContext,
  actor: Actor,
  options: CreateConfigurationOptions,
): Promise<BackupConfiguration> {
  assertCan(actor, 'manageConfigurations');
  const input = withConfigurationDefaults(options);
  validateConfigurationInput(input);
  return ctx.uow.transaction(async (repos) => {
    if (await repos.configurations.findByName(input.name)) {
      throw new DomainError('CONFIG_EXISTS', `a configuration named "${input.name}" already exists`, {
        details: { name: input.name },
      });
    }
    const now = ctx.clock.now();
    const created = await repos.configurations.create({
      ...input,
      id: randomUUID(),
      isTemporary: false,
      createdById: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    await recordAuditEvent(repos, ctx.clock, {
      actor,
      action: 'config.create',
      targetType: 'BackupConfiguration',
      targetId: created.id,
      details: { name: created.name, backupType: created.backupType, frequency: created.frequency },
    });
    return created;
  });
}

export async function updateConfiguration(
  ctx: ServiceContext,
  actor: Actor,
  nameOrId: string,
  patch: UpdateConfigurationOptions,
): Promise<BackupConfiguration> {
  assertCan(actor, 'manageConfigurations');
  return ctx.uow.transaction(async (repos) => {
    const current = await findConfigurationOrThrow({ repos }, nameOrId);
    if (current.isTemporary) {
      throw new DomainError('CONFIG_PROTECTED', `"${current.name}" is managed by the system and cannot be edited`);
    }
    const next = applyConfigurationPatch(current, patch);
    validateConfigurationInput(next);
    if (next.name !== current.name && (await repos.configurations.findByName(next.name))) {
      throw new DomainError('CONFIG_EXISTS', `a configuration named "${next.name}" already exists`, { details: { name: next.name } });
    }
    const updated = await repos.configurations.update(current.id, { ...next, updatedAt: ctx.clock.now() });
    const changed = Object.keys(patch).filter((k) => patch[k as keyof UpdateConfigurationOptions] !== undefined);
    await recordAuditEvent(repos, ctx.clock, {
      actor,
      action: 'config.update',
      targetType: 'BackupConfiguration',
      targetId: current.id,
      details: { name: updated.name, changed },
    });
    return updated;
  });
}

/**
 * Deletes a configuration that has no backups. One with backups is refused:
 * its jobs keep the catalog of existing packages, so disable it instead.
 */
export async function deleteConfiguration(ctx: ServiceContext, actor: Actor, nameOrId: string): Promise<BackupConfiguration> {
  assertCan(actor, 'manageConfigurations');
  return ctx.uow.transaction(async (repos) => {
    const current = await findConfigurationOrThrow({ repos }, nameOrId);
    if (current.isTemporary) {
      throw new DomainError('CONFIG_PROTECTED', `"${current.name}" is managed by the system and cannot be deleted`);
    }
    const jobs = await repos.configurations.countBackupJobs(current.id);
    if (jobs > 0) {
      throw new DomainError(
        'CONFIG_IN_USE',
        `"${current.name}" has ${jobs} backup job(s) in the catalog; disable it instead with \`edms config update ${current.name} --disabled\``,
        { details: { jobs } },
      );
    }
    await repos.configurations.delete(current.id);
    await recordAuditEvent(repos, ctx.clock, {
      actor,
      action: 'config.delete',
      targetType: 'BackupConfiguration',
      targetId: current.id,
      details: { name: current.name },
    });
    return current;
  });
}
