import 'server-only';
import type { BackupConfiguration } from '@edms/domain';
import { edmsDomain } from './edms';
import { requireUser } from './session';
import { getServices } from './services';

/** Every backup configuration the user may see, by name. */
export async function getConfigurations(): Promise<BackupConfiguration[]> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  return edmsDomain().listConfigurations(ctx, actor);
}
