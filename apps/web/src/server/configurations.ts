import 'server-only';
import type { BackupConfiguration } from '@edms/domain';
import type { ConfigurationFormValues } from '@/lib/configuration-form';
import { errorCodeOf } from '@/lib/error-messages';
import { edmsDomain } from './edms';
import { requireUser } from './session';
import { getServices } from './services';

/** Every backup configuration the user may see, by name. */
export async function getConfigurations(): Promise<BackupConfiguration[]> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  return edmsDomain().listConfigurations(ctx, actor);
}

/** A configuration by name, or null when there is none. */
export async function findConfiguration(name: string): Promise<BackupConfiguration | null> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  try {
    return await edmsDomain().getConfiguration(ctx, actor, name);
  } catch (error) {
    if (errorCodeOf(error) === 'CONFIG_NOT_FOUND') return null;
    throw error;
  }
}

/** Form values → a new configuration; an empty storage path means the default under the data directory. */
export async function addConfiguration(values: ConfigurationFormValues): Promise<BackupConfiguration> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const { storagePath, ...rest } = values;
  return edmsDomain().createConfiguration(ctx, actor, { ...rest, storagePath: storagePath || undefined });
}

export async function changeConfiguration(name: string, values: ConfigurationFormValues): Promise<BackupConfiguration> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const { storagePath, ...rest } = values;
  return edmsDomain().updateConfiguration(ctx, actor, name, { ...rest, storagePath: storagePath || undefined });
}

export async function setConfigurationEnabled(name: string, isEnabled: boolean): Promise<BackupConfiguration> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  return edmsDomain().updateConfiguration(ctx, actor, name, { isEnabled });
}

export async function removeConfiguration(name: string): Promise<BackupConfiguration> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  return edmsDomain().deleteConfiguration(ctx, actor, name);
}
