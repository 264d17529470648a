import { DomainError } from '@edms/domain';
import { readEnv, type RuntimeEnv } from '@edms/runtime';
import { z } from 'zod';

const ApiEnvSchema = z.object({
  /** Interface to bind; all interfaces when unset. */
  EDMS_API_HOST: z.string().trim().min(1).optional(),
  /** Express `trust proxy`: `true`, a hop count, or addresses/subnets; off when unset. */
  EDMS_API_TRUST_PROXY: z.string().trim().optional(),
  /**
   * Largest upload (package or document version): bytes, or with a binary unit
   * (`512MiB`, `8GiB`) as the web app reads the same variable. Bigger uploads
   * get 413 as soon as the cap is crossed.
   */
  EDMS_MAX_UPLOAD_BYTES: z
    .string()
    .trim()
    .regex(/^\d+\s*(B|KiB|MiB|GiB|TiB)?$/i, 'a size in bytes, e.g. 21474836480 or 20GiB')
    .transform(parseSize)
    .refine((bytes) => Number.isSafeInteger(bytes) && bytes > 0, 'a positive size')
    .optional(),
});

const UNITS: Record<string, number> = { b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };

function parseSize(text: string): number {
  const match = /^(\d+)\s*([a-z]*)$/i.exec(text);
  return Number(match?.[1]) * (UNITS[(match?.[2] || 'b').toLowerCase()] ?? NaN);
}

/** 20 GiB: room for a large installation's full package, small enough to stop a runaway upload filling the disk. */
export const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 ** 3;

/** The API's settings: the shared runtime settings plus the API's own. */
export interface ApiEnv {
  runtime: RuntimeEnv;
  port: number;
  host: string | undefined;
  trustProxy: boolean | number | string;
  maxUploadBytes: number;
}

export function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

export function readApiEnv(source: NodeJS.ProcessEnv = process.env): ApiEnv {
  const runtime = readEnv(source);
  const parsed = ApiEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new DomainError('ENV_INVALID', `invalid environment: ${problems}`, { cause: parsed.error });
  }
  return {
    runtime,
    port: runtime.apiPort,
    host: parsed.data.EDMS_API_HOST,
    trustProxy: parseTrustProxy(parsed.data.EDMS_API_TRUST_PROXY),
    maxUploadBytes: parsed.data.EDMS_MAX_UPLOAD_BYTES ?? DEFAULT_MAX_UPLOAD_BYTES,
  };
}
