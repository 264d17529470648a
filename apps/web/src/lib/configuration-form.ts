import { z } from 'zod';
import type { BackupType, Frequency, RetentionPolicy } from '@edms/domain';

/**
 * The configuration form: parsing what the browser posted into the options
 * `createConfiguration` / `updateConfiguration` take, with a message per
 * field. The domain validates again (it is the authority); its field-level
 * refusals are mapped back onto the same fields by `fieldOfDomainError`.
 * Pure module (no server imports) so it is unit tested and shared with the form.
 */

export const BACKUP_TYPE_VALUES = ['FULL', 'DATABASE', 'FILES'] as const satisfies readonly BackupType[];
export const FREQUENCY_VALUES = ['ON_DEMAND', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY'] as const satisfies readonly Frequency[];
export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export interface ConfigurationFormValues {
  name: string;
  description: string;
  backupType: BackupType;
  frequency: Frequency;
  scheduleTime: string;
  dayOfWeek: number | null;
  dayOfMonth: number | null;
  /** Empty: the default `backups/<name>` under the data directory. */
  storagePath: string;
  retention: RetentionPolicy;
  compressionLevel: number;
  encrypt: boolean;
  isEnabled: boolean;
}

export type ConfigurationField =
  | 'name'
  | 'description'
  | 'backupType'
  | 'frequency'
  | 'scheduleTime'
  | 'dayOfWeek'
  | 'dayOfMonth'
  | 'storagePath'
  | 'keepLast'
  | 'keepDaily'
  | 'keepWeekly'
  | 'keepMonthly'
  | 'compressionLevel';

export type ConfigurationFieldErrors = Partial<Record<ConfigurationField, string>>;

/** What each field must be, in words: used for zod's messages and for the domain's field refusals alike. */
export const FIELD_RULES: Record<ConfigurationField, string> = {
  name: 'Use 1–63 lowercase letters, digits, dashes or underscores, starting with a letter or digit.',
  description: 'Keep the description under 500 characters.',
  backupType: 'Choose full, database or files.',
  frequency: 'Choose how often the backup runs.',
  scheduleTime: 'Give the time as HH:MM in UTC, from 00:00 to 23:59.',
  dayOfWeek: 'Choose the weekday for a weekly schedule.',
  dayOfMonth: 'Choose a day from 1 to 28 for a monthly schedule.',
  storagePath: 'Give a directory without "..", or leave it empty for the default.',
  keepLast: 'Use a whole number from 0 to 10,000.',
  keepDaily: 'Use a whole number from 0 to 10,000.',
  keepWeekly: 'Use a whole number from 0 to 10,000.',
  keepMonthly: 'Use a whole number from 0 to 10,000.',
  compressionLevel: 'Use a whole number from 0 (none) to 9 (smallest).',
};

const count = (field: ConfigurationField) =>
  z.coerce.number({ error: FIELD_RULES[field] }).int(FIELD_RULES[field]).min(0, FIELD_RULES[field]).max(10_000, FIELD_RULES[field]);

const FormSchema = z
  .object({
    name: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, FIELD_RULES.name),
    description: z.string().trim().max(500, FIELD_RULES.description),
    backupType: z.enum(BACKUP_TYPE_VALUES, { error: FIELD_RULES.backupType }),
    frequency: z.enum(FREQUENCY_VALUES, { error: FIELD_RULES.frequency }),
    scheduleTime: z.string().trim(),
    dayOfWeek: z.string().trim(),
    dayOfMonth: z.string().trim(),
    storagePath: z
      .string()
      .trim()
      .max(1000, FIELD_RULES.storagePath)
      .refine((p) => !p.split(/[\\/]/).includes('..') && !p.includes('\0'), FIELD_RULES.storagePath),
    keepLast: count('keepLast'),
    keepDaily: count('keepDaily'),
    keepWeekly: count('keepWeekly'),
    keepMonthly: count('keepMonthly'),
    compressionLevel: z.coerce
      .number({ error: FIELD_RULES.compressionLevel })
      .int(FIELD_RULES.compressionLevel)
      .min(0, FIELD_RULES.compressionLevel)
      .max(9, FIELD_RULES.compressionLevel),
    encrypt: z.boolean(),
    isEnabled: z.boolean(),
  })
  .superRefine((form, ctx) => {
    if (form.frequency === 'ON_DEMAND') return;
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(form.scheduleTime)) {
      ctx.addIssue({ code: 'custom', path: ['scheduleTime'], message: FIELD_RULES.scheduleTime });
    }
    if (form.frequency === 'WEEKLY' && !/^[0-6]$/.test(form.dayOfWeek)) {
      ctx.addIssue({ code: 'custom', path: ['dayOfWeek'], message: FIELD_RULES.dayOfWeek });
    }
    if (form.frequency === 'MONTHLY' && !/^([1-9]|1\d|2[0-8])$/.test(form.dayOfMonth)) {
      ctx.addIssue({ code: 'custom', path: ['dayOfMonth'], message: FIELD_RULES.dayOfMonth });
    }
  });

/** Reads a posted form (FormData or a plain record) into values, or field errors. */
export function parseConfigurationForm(
  form: { get(name: string): unknown },
): { ok: true; values: ConfigurationFormValues } | { ok: false; errors: ConfigurationFieldErrors } {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  const parsed = FormSchema.safeParse({
    name: text('name'),
    description: text('description'),
    backupType: text('backupType'),
    frequency: text('frequency'),
    scheduleTime: text('scheduleTime') || '02:00',
    dayOfWeek: text('dayOfWeek'),
    dayOfMonth: text('dayOfMonth'),
    storagePath: text('storagePath'),
    keepLast: text('keepLast') || '0',
    keepDaily: text('keepDaily') || '0',
    keepWeekly: text('keepWeekly') || '0',
    keepMonthly: text('keepMonthly') || '0',
    compressionLevel: text('compressionLevel') || '6',
    encrypt: form.get('encrypt') === 'on',
    isEnabled: form.get('isEnabled') === 'on',
  });
  if (!parsed.success) {
    const errors: ConfigurationFieldErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as ConfigurationField | undefined;
      if (field && !errors[field]) errors[field] = issue.message;
    }
    return { ok: false, errors };
  }
  const f = parsed.data;
  return {
    ok: true,
    values: {
      name: f.name,
      description: f.description,
      backupType: f.backupType,
      frequency: f.frequency,
      scheduleTime: f.scheduleTime,
      dayOfWeek: f.frequency === 'WEEKLY' ? Number(f.dayOfWeek) : null,
      dayOfMonth: f.frequency === 'MONTHLY' ? Number(f.dayOfMonth) : null,
      storagePath: f.storagePath,
      retention: { keepLast: f.keepLast, keepDaily: f.keepDaily, keepWeekly: f.keepWeekly, keepMonthly: f.keepMonthly },
      compressionLevel: f.compressionLevel,
      encrypt: f.encrypt,
      isEnabled: f.isEnabled,
    },
  };
}

const DOMAIN_FIELDS: Record<string, ConfigurationField> = {
  name: 'name',
  description: 'description',
  backupType: 'backupType',
  frequency: 'frequency',
  scheduleTime: 'scheduleTime',
  dayOfWeek: 'dayOfWeek',
  dayOfMonth: 'dayOfMonth',
  storagePath: 'storagePath',
  keepLast: 'keepLast',
  keepDaily: 'keepDaily',
  keepWeekly: 'keepWeekly',
  keepMonthly: 'keepMonthly',
  compressionLevel: 'compressionLevel',
};

/** The form field a domain refusal (`CONFIG_INVALID…` with `details.field`, or `CONFIG_EXISTS`) points at. */
export function fieldOfDomainError(error: unknown): ConfigurationField | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, details } = error as { code?: unknown; details?: { field?: unknown } };
  if (code === 'CONFIG_EXISTS') return 'name';
  const field = details?.field;
  return typeof field === 'string' && Object.hasOwn(DOMAIN_FIELDS, field) ? DOMAIN_FIELDS[field] : undefined;
}
