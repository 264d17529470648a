'use client';

import Link from 'next/link';
import { useActionState, useState } from 'react';
import { ErrorNotice } from '@/components/error-notice';
import { IDLE } from '@/lib/action-state';
import { BACKUP_TYPE_VALUES, FREQUENCY_VALUES, WEEKDAY_NAMES } from '@/lib/configuration-form';
import { formatEnum } from '@/lib/format';
import { saveConfigurationAction } from './actions';

/** The form's starting values, as strings (what the inputs hold). */
export type ConfigurationFormDefaults = Record<
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
  | 'compressionLevel'
  | 'encrypt'
  | 'isEnabled',
  string
>;

interface FieldProps {
  name: keyof ConfigurationFormDefaults;
  label: string;
  hint?: string;
  error?: string;
  children: (props: { id: string; name: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => React.ReactNode;
}

function Field({ name, label, hint, error, children }: FieldProps) {
  const id = `config-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {children({ id, name, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Create or edit a backup configuration. Posts to a server action (works
 * without JavaScript too); the schedule fields shown follow the frequency.
 */
export function ConfigurationForm({ defaults, originalName }: { defaults: ConfigurationFormDefaults; originalName?: string }) {
  const [state, formAction, isPending] = useActionState(saveConfigurationAction, IDLE);
  const values = { ...defaults, ...(state.values ?? {}) } as ConfigurationFormDefaults;
  const errors = state.fieldErrors ?? {};
  const [frequency, setFrequency] = useState(values.frequency);

  return (
    <form action={formAction} className="form form-wide" noValidate>
      {state.status === 'error' ? <ErrorNotice error={{ message: state.message, nextStep: state.nextStep ?? '' }} /> : null}
      {originalName ? <input type="hidden" name="originalName" value={originalName} /> : null}

      <fieldset>
        <legend>What to back up</legend>
        <Field name="name" label="Name" hint="Lowercase letters, digits, dashes and underscores, e.g. nightly-database." error={errors.name}>
          {(p) => <input {...p} type="text" defaultValue={values.name} required maxLength={63} autoComplete="off" spellCheck={false} />}
        </Field>
        <Field name="description" label="Description" error={errors.description}>
          {(p) => <input {...p} type="text" defaultValue={values.description} maxLength={500} />}
        </Field>
        <Field name="backupType" label="Backup type" hint="Full: database and document files. Database or files: only that part." error={errors.backupType}>
          {(p) => (
            <select {...p} defaultValue={values.backupType}>
              {BACKUP_TYPE_VALUES.map((t) => (
                <option key={t} value={t}>
                  {formatEnum(t)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </fieldset>

      <fieldset>
        <legend>When it runs (UTC)</legend>
        <Field name="frequency" label="Frequency" error={errors.frequency}>
          {(p) => (
            <select {...p} value={frequency} onChange={(e) => setFrequency(e.target.value)}>
              {FREQUENCY_VALUES.map((f) => (
                <option key={f} value={f}>
                  {formatEnum(f)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {frequency !== 'ON_DEMAND' ? (
          <Field
            name="scheduleTime"
            label={frequency === 'HOURLY' ? 'Minute past each hour (HH:MM, only the minutes count)' : 'Time (HH:MM, UTC)'}
            error={errors.scheduleTime}
          >
            {(p) => <input {...p} type="text" inputMode="numeric" pattern="[0-2][0-9]:[0-5][0-9]" defaultValue={values.scheduleTime} />}
          </Field>
        ) : (
          <input type="hidden" name="scheduleTime" value={values.scheduleTime || '02:00'} />
        )}
        {frequency === 'WEEKLY' ? (
          <Field name="dayOfWeek" label="Weekday" error={errors.dayOfWeek}>
            {(p) => (
              <select {...p} defaultValue={values.dayOfWeek || '0'}>
                {WEEKDAY_NAMES.map((day, i) => (
                  <option key={day} value={String(i)}>
                    {day}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {frequency === 'MONTHLY' ? (
          <Field name="dayOfMonth" label="Day of the month (1–28)" error={errors.dayOfMonth}>
            {(p) => <input {...p} type="number" min={1} max={28} defaultValue={values.dayOfMonth || '1'} />}
          </Field>
        ) : null}
      </fieldset>

      <fieldset>
        <legend>Retention (0 means no rule)</legend>
        <div className="field-grid">
          <Field name="keepLast" label="Keep last" error={errors.keepLast}>
            {(p) => <input {...p} type="number" min={0} max={10000} defaultValue={values.keepLast} />}
          </Field>
          <Field name="keepDaily" label="Daily" error={errors.keepDaily}>
            {(p) => <input {...p} type="number" min={0} max={10000} defaultValue={values.keepDaily} />}
          </Field>
          <Field name="keepWeekly" label="Weekly" error={errors.keepWeekly}>
            {(p) => <input {...p} type="number" min={0} max={10000} defaultValue={values.keepWeekly} />}
          </Field>
          <Field name="keepMonthly" label="Monthly" error={errors.keepMonthly}>
            {(p) => <input {...p} type="number" min={0} max={10000} defaultValue={values.keepMonthly} />}
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>Storage</legend>
        <Field
          name="storagePath"
          label="Storage location"
          hint="Where packages are written: a directory (relative paths are inside the data directory) or s3://bucket/prefix in the object store. Empty: backups/<name>."
          error={errors.storagePath}
        >
          {(p) => <input {...p} type="text" defaultValue={values.storagePath} spellCheck={false} />}
        </Field>
        <Field name="compressionLevel" label="Compression level (0–9)" error={errors.compressionLevel}>
          {(p) => <input {...p} type="number" min={0} max={9} defaultValue={values.compressionLevel} />}
        </Field>
        <div className="checkbox">
          <input id="config-encrypt" name="encrypt" type="checkbox" defaultChecked={values.encrypt === 'on'} aria-describedby="config-encrypt-hint" />
          <label htmlFor="config-encrypt">Encrypt packages</label>
          <p id="config-encrypt-hint" className="field-hint">
            Needs EDMS_BACKUP_PASSPHRASE on the server; without the passphrase an encrypted package cannot be restored.
          </p>
        </div>
        <div className="checkbox">
          <input id="config-isEnabled" name="isEnabled" type="checkbox" defaultChecked={values.isEnabled === 'on'} />
          <label htmlFor="config-isEnabled">Enabled (scheduled runs happen)</label>
        </div>
      </fieldset>

      <div className="button-row">
        <button type="submit" className="button" disabled={isPending} aria-busy={isPending || undefined}>
          {isPending ? 'Saving…' : originalName ? 'Save changes' : 'Create configuration'}
        </button>
        <Link href="/configurations" className="button button-secondary">
          Cancel
        </Link>
      </div>
    </form>
  );
}
