import { recoverInterruptedRestore, recoverStaleJobs, seedDefaults, type BackupJob, type RecoveryResult, type SeedDefaultsResult } from '@edms/domain';
import { applyMigrations } from '@edms/db';
import { createServices, type CreateServicesOptions, type Services } from './services';

export interface BootstrapResult {
  appliedMigrations: string[];
  seed: SeedDefaultsResult;
  /** A restore that was killed midway and was finished or rolled back at this start. */
  recoveredRestore: RecoveryResult | null;
  /** RUNNING jobs whose worker is gone (a dead process of this host, or no heartbeat for 60 s), now FAILED. */
  recoveredJobs: BackupJob[];
}

/**
 * What every front door does when it starts: apply pending migrations, seed
 * the defaults (idempotent), finish or roll back a restore that was killed
 * midway, fail the jobs of workers that are gone, and hand back the services. Safe to run from
 * several processes at once: migrations and seeding are serialized by the
 * database.
 */
export async function startServices(options: CreateServicesOptions = {}): Promise<{ services: Services; bootstrap: BootstrapResult }> {
  const services = await createServices(options);
  try {
    const appliedMigrations = await applyMigrations(services.env.databaseUrl);
    const seed = await seedDefaults(services.ctx, { adminPassword: services.env.adminPassword });
    const recoveredRestore = await recoverInterruptedRestore(services.ctx);
    const recoveredJobs = await recoverStaleJobs(services.ctx);
    return { services, bootstrap: { appliedMigrations, seed, recoveredRestore, recoveredJobs } };
  } catch (error) {
    await services.close();
    throw error;
  }
}

/** One line for operators on the run that created the first administrator. */
export function describeAdminCreated(seed: SeedDefaultsResult): string | null {
  if (!seed.adminCreated) return null;
  const { username, password, generated } = seed.adminCreated;
  return generated
    ? `Created administrator "${username}" with the generated password: ${password}\nIt is shown only this once; change it or set EDMS_ADMIN_PASSWORD before the first start.`
    : `Created administrator "${username}" with the password from EDMS_ADMIN_PASSWORD.`;
}
