import { resolve } from 'node:path';
import { z } from 'zod';
import { DomainError } from '@edms/domain';

const port = z.coerce.number().int().min(0).max(65535);

const EnvSchema = z.object({
  EDMS_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().min(1).optional(),
  EDMS_ADMIN_PASSWORD: z.string().min(1).optional(),
  EDMS_API_PORT: port.default(4000),
  EDMS_WEB_PORT: port.default(3000),
  EDMS_BACKUP_PASSPHRASE: z.string().min(1).optional(),
});

/** Settings every front door reads, validated once. */
export interface RuntimeEnv {
  /** Absolute. Holds the SQLite file, the document store and the default package directories. */
  dataDir: string;
  databaseUrl: string;
  adminPassword: string | undefined;
  apiPort: number;
  webPort: number;
  backupPassphrase: string | undefined;
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): RuntimeEnv {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new DomainError('ENV_INVALID', `invalid environment: ${problems}`, { cause: parsed.error });
  }
  const env = parsed.data;
  const dataDir = resolve(env.EDMS_DATA_DIR);
  return {
    dataDir,
    databaseUrl: env.DATABASE_URL ?? `file:${resolve(dataDir, 'edms.db')}`,
    adminPassword: env.EDMS_ADMIN_PASSWORD,
    apiPort: env.EDMS_API_PORT,
    webPort: env.EDMS_WEB_PORT,
    backupPassphrase: env.EDMS_BACKUP_PASSPHRASE,
  };
}
