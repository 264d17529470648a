import { DomainError } from '@edms/domain';
import { readEnv, type RuntimeEnv } from '@edms/runtime';
import { z } from 'zod';

const ApiEnvSchema = z.object({
  /** Interface to bind; all interfaces when unset. */
  EDMS_API_HOST: z.string().trim().min(1).optional(),
  /** Express `trust proxy`: `true`, a hop count, or addresses/subnets; off when unset. */
  EDMS_API_TRUST_PROXY: z.string().trim().optional(),
});

/** EDMS_MAX_UPLOAD_BYTES is read by @edms/runtime, the same for the API and the web app. */
export { DEFAULT_MAX_UPLOAD_BYTES } from '@edms/runtime';

/** The API's settings: the shared runtime settings plus the API's own. */
export interface ApiEnv {
  runtime: RuntimeEnv;
  port: number;
  host: string | undefined;
  trustProxy: boolean | number | string;
  /** Largest upload (package or document version); bigger uploads get 413 as soon as the cap is crossed. */
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
    maxUploadBytes: runtime.maxUploadBytes,
  };
}
