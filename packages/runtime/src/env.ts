import { resolve } from 'node:path';
import { z } from 'zod';
import { DomainError } from '@edms/domain';

const port = z.coerce.number().int().min(0).max(65535);

const SIZE_UNITS: Record<string, number> = { b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };

function parseSize(text: string): number {
  const match = /^(\d+)\s*([a-z]*)$/i.exec(text);
  return Number(match?.[1]) * (SIZE_UNITS[(match?.[2] || 'b').toLowerCase()] ?? NaN);
}

/** 20 GiB: room for a large installation's full package, small enough to stop a runaway upload filling the disk. */
export const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 ** 3;

const EnvSchema = z.object({
  EDMS_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().min(1).optional(),
  EDMS_ADMIN_PASSWORD: z.string().min(1).optional(),
  EDMS_API_PORT: port.default(4000),
  EDMS_WEB_PORT: port.default(3000),
  EDMS_BACKUP_PASSPHRASE: z.string().min(1).optional(),
  EDMS_MAX_UPLOAD_BYTES: z
    .string()
    .trim()
    .regex(/^(\d+\s*(B|KiB|MiB|GiB|TiB)?)?$/i, 'a size in bytes, e.g. 21474836480 or 20GiB')
    .transform((text) => (text === '' ? undefined : parseSize(text)))
    .refine((bytes) => bytes === undefined || (Number.isSafeInteger(bytes) && bytes > 0), 'a positive size')
    .optional(),
  EDMS_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  EDMS_S3_REGION: z.string().min(1).optional(),
  AWS_REGION: z.string().min(1).optional(),
  EDMS_S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).optional(),
  EDMS_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  EDMS_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  EDMS_S3_CHECKSUMS: z.enum(['when_supported', 'when_required']).default('when_supported'),
  EDMS_S3_PART_SIZE_MB: z.coerce.number().int().min(5).max(5120).default(8),
});

/** The object store for `s3://` storage paths (one per installation). */
export interface ObjectStoreEnv {
  endpoint: string | undefined;
  region: string;
  forcePathStyle: boolean;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  checksums: 'when_supported' | 'when_required';
  /** Smallest multipart upload part, bytes. */
  minPartSize: number;
}

/** Settings every front door reads, validated once. */
export interface RuntimeEnv {
  /** Absolute. Holds the SQLite file, the document store and the default package directories. */
  dataDir: string;
  databaseUrl: string;
  adminPassword: string | undefined;
  apiPort: number;
  webPort: number;
  backupPassphrase: string | undefined;
  /** Largest package or document upload accepted by the API and the web app, bytes. */
  maxUploadBytes: number;
  s3: ObjectStoreEnv;
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): RuntimeEnv {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new DomainError('ENV_INVALID', `invalid environment: ${problems}`, { cause: parsed.error });
  }
  const env = parsed.data;
  if (Boolean(env.EDMS_S3_ACCESS_KEY_ID) !== Boolean(env.EDMS_S3_SECRET_ACCESS_KEY)) {
    throw new DomainError('ENV_INVALID', 'invalid environment: set both EDMS_S3_ACCESS_KEY_ID and EDMS_S3_SECRET_ACCESS_KEY, or neither (then the AWS SDK finds credentials itself)');
  }
  const dataDir = resolve(env.EDMS_DATA_DIR);
  return {
    dataDir,
    databaseUrl: env.DATABASE_URL ?? `file:${resolve(dataDir, 'edms.db')}`,
    adminPassword: env.EDMS_ADMIN_PASSWORD,
    apiPort: env.EDMS_API_PORT,
    webPort: env.EDMS_WEB_PORT,
    backupPassphrase: env.EDMS_BACKUP_PASSPHRASE,
    maxUploadBytes: env.EDMS_MAX_UPLOAD_BYTES ?? DEFAULT_MAX_UPLOAD_BYTES,
    s3: {
      endpoint: env.EDMS_S3_ENDPOINT,
      region: env.EDMS_S3_REGION ?? env.AWS_REGION ?? 'us-east-1',
      // S3-compatible stores behind a custom endpoint rarely have per-bucket host names.
      forcePathStyle: env.EDMS_S3_FORCE_PATH_STYLE ? env.EDMS_S3_FORCE_PATH_STYLE === 'true' : env.EDMS_S3_ENDPOINT !== undefined,
      accessKeyId: env.EDMS_S3_ACCESS_KEY_ID,
      secretAccessKey: env.EDMS_S3_SECRET_ACCESS_KEY,
      checksums: env.EDMS_S3_CHECKSUMS,
      minPartSize: env.EDMS_S3_PART_SIZE_MB * 1024 * 1024,
    },
  };
}
