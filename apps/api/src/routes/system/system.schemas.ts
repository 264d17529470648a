import { z } from 'zod';

export const SystemCheckBody = z.strictObject({
  verifyChecksums: z.boolean().optional().describe('Hash every file (default true) or only compare sizes (fast).'),
});

export const ResetPlanBody = z.strictObject({
  skipSafetyBackup: z.boolean().optional().describe('Plan without the safety snapshot (must match when confirming).'),
});

export const ResetBody = z.strictObject({
  planHash: z.string().regex(/^[0-9a-f]{64}$/, 'the 64 hex digits of the planHash that was shown').describe('The planHash from POST /system/reset/plan.'),
  skipSafetyBackup: z.boolean().optional().describe('Opt out of the safety snapshot (as planned).'),
});
