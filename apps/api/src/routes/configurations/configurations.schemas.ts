import { z } from 'zod';

export const ListConfigurationsQuery = z.strictObject({
  /** Also list the system's temporary configurations (used for imported packages). */
  includeTemporary: z.stringbool().optional(),
});

export const ConfigurationParams = z.strictObject({
  /** A configuration's name, or its id. */
  name: z.string().min(1).max(200),
});
