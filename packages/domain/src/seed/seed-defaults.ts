import { randomBytes, randomUUID } from 'node:crypto';
import { recordAuditEvent } from '../audit/record-audit-event';
import { withConfigurationDefaults } from '../configurations/manage-configurations';
import { validateConfigurationInput } from '../configurations/configuration-rules';
import { systemActor } from '../shared/actor';
import { hashPassword } from '../shared/password';
import type { ServiceContext } from '../shared/service-context';
import { validatePassword } from '../users/user-rules';
import { DEFAULT_CONFIGURATIONS } from './default-configurations';

export const INSTANCE_ID_SETTING = 'instanceId';
export const DEFAULT_ADMIN_USERNAME = 'admin';
const SEEDED_CONFIGURATIONS_SETTING = 'seededConfigurations';

/** How the first administrator gets a password. */
export interface SeedDefaultsOptions {
  /** From `EDMS_ADMIN_PASSWORD`; a random one is generated (and returned once) when absent. */
  adminPassword?: string;
}

export interface SeedDefaultsResult {
  instanceId: string;
  /** Present only on the run that created the admin. */
  adminCreated: { username: string; password: string; generated: boolean } | null;
  configurationsCreated: string[];
}

/**
 * Idempotent first-start seeding: instance id, first ADMIN, the default
 * configurations. Running it again changes nothing; configurations an
 * operator changed or deleted are never touched again.
 */
export async function seedDefaults(ctx: ServiceContext, options: SeedDefaultsOptions = {}): Promise<SeedDefaultsResult> {
  const actor = systemActor('system:seed');
  const generated = !options.adminPassword;
  const password = options.adminPassword ?? randomBytes(12).toString('base64url');
  validatePassword(password);
  // scrypt is deliberately slow: hash only on the start that creates the admin.
  const needsAdmin = (await ctx.repos.users.countActiveByRole('ADMIN')) === 0;
  const passwordHash = needsAdmin ? await hashPassword(password) : null;
  const alreadySeeded = !needsAdmin && (await ctx.repos.settings.get(INSTANCE_ID_SETTING)) !== null && (await allDefaultsOffered(ctx));
  if (alreadySeeded) {
    return { instanceId: (await ctx.repos.settings.get(INSTANCE_ID_SETTING)) as string, adminCreated: null, configurationsCreated: [] };
  }

  return ctx.uow.transaction(async (repos) => {
    let instanceId = await repos.settings.get(INSTANCE_ID_SETTING);
    if (!instanceId) {
      instanceId = randomUUID();
      await repos.settings.set(INSTANCE_ID_SETTING, instanceId);
    }
    let adminCreated: SeedDefaultsResult['adminCreated'] = null;
    if (passwordHash && (await repos.users.countActiveByRole('ADMIN')) === 0 && !(await repos.users.findByUsername(DEFAULT_ADMIN_USERNAME))) {
      const admin = await repos.users.create({
        id: randomUUID(),
        username: DEFAULT_ADMIN_USERNAME,
        email: 'admin@localhost.localdomain',
        displayName: 'Administrator',
        role: 'ADMIN',
        passwordHash,
        isActive: true,
        createdAt: ctx.clock.now(),
      });
      adminCreated = { username: admin.username, password, generated };
      await recordAuditEvent(repos, ctx.clock, {
        actor,
        action: 'user.create',
        targetType: 'User',
        targetId: admin.id,
        details: { username: admin.username, role: 'ADMIN', seeded: true },
      });
    }
    // Remember which defaults were offered once: a default the operator deleted
    // stays deleted, while a default added by a later release is still seeded.
    const offered = new Set<string>(JSON.parse((await repos.settings.get(SEEDED_CONFIGURATIONS_SETTING)) ?? '[]') as string[]);
    const configurationsCreated: string[] = [];
    for (const defaults of DEFAULT_CONFIGURATIONS) {
      if (offered.has(defaults.name)) continue;
      offered.add(defaults.name);
      if (await repos.configurations.findByName(defaults.name)) continue;
      const input = withConfigurationDefaults(defaults);
      validateConfigurationInput(input);
      const now = ctx.clock.now();
      await repos.configurations.create({ ...input, id: randomUUID(), isTemporary: false, createdById: null, createdAt: now, updatedAt: now });
      configurationsCreated.push(defaults.name);
    }
    const offeredText = JSON.stringify([...offered].sort());
    if ((await repos.settings.get(SEEDED_CONFIGURATIONS_SETTING)) !== offeredText) {
      await repos.settings.set(SEEDED_CONFIGURATIONS_SETTING, offeredText);
    }
    if (configurationsCreated.length > 0) {
      await recordAuditEvent(repos, ctx.clock, {
        actor,
        action: 'config.seed',
        targetType: 'BackupConfiguration',
        details: { created: configurationsCreated },
      });
    }
    return { instanceId, adminCreated, configurationsCreated };
  });
}

/** True when every default configuration has been offered once (read-only check, no write lock). */
async function allDefaultsOffered(ctx: ServiceContext): Promise<boolean> {
  const offered = new Set<string>(JSON.parse((await ctx.repos.settings.get(SEEDED_CONFIGURATIONS_SETTING)) ?? '[]') as string[]);
  return DEFAULT_CONFIGURATIONS.every((c) => offered.has(c.name));
}
