'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { ActionState } from '@/lib/action-state';
import { fieldOfDomainError, parseConfigurationForm } from '@/lib/configuration-form';
import { describeErrorCode } from '@/lib/error-messages';
import { actionFailure, field } from '@/server/action-result';
import { addConfiguration, changeConfiguration, removeConfiguration, setConfigurationEnabled } from '@/server/configurations';

const FORM_FIELDS = [
  'name',
  'description',
  'backupType',
  'frequency',
  'scheduleTime',
  'dayOfWeek',
  'dayOfMonth',
  'storagePath',
  'keepLast',
  'keepDaily',
  'keepWeekly',
  'keepMonthly',
  'compressionLevel',
  'encrypt',
  'isEnabled',
] as const;

function postedValues(form: FormData): Record<string, string> {
  return Object.fromEntries(FORM_FIELDS.map((name) => [name, field(form, name)]));
}

/**
 * Creates (no `originalName`) or updates a configuration. The form is parsed
 * here for field messages; the domain checks again and its field-level
 * refusals land on the same fields.
 */
export async function saveConfigurationAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const originalName = field(form, 'originalName');
  const values = postedValues(form);
  const parsed = parseConfigurationForm(form);
  if (!parsed.ok) {
    return { ...describeFormInvalid(), fieldErrors: parsed.errors, values };
  }
  let savedName: string;
  try {
    const saved = originalName
      ? await changeConfiguration(originalName, parsed.values)
      : await addConfiguration(parsed.values);
    savedName = saved.name;
  } catch (error) {
    const failure = actionFailure(error, { values });
    const fieldName = fieldOfDomainError(error);
    return fieldName ? { ...failure, fieldErrors: { [fieldName]: failure.message } } : failure;
  }
  revalidatePath('/', 'layout');
  redirect(`/configurations?saved=${encodeURIComponent(savedName)}`);
}

function describeFormInvalid(): ActionState {
  const { message, nextStep } = describeErrorCode('FORM_INVALID');
  return { status: 'error', message, nextStep };
}

export async function setEnabledAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const name = field(form, 'name');
  const enable = field(form, 'enable') === 'true';
  try {
    await setConfigurationEnabled(name, enable);
  } catch (error) {
    return actionFailure(error);
  }
  revalidatePath('/', 'layout');
  return { status: 'ok', message: `${name} is now ${enable ? 'enabled' : 'disabled'}.` };
}

export async function deleteConfigurationAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const name = field(form, 'name');
  try {
    await removeConfiguration(name);
  } catch (error) {
    return actionFailure(error);
  }
  revalidatePath('/', 'layout');
  redirect(`/configurations?deleted=${encodeURIComponent(name)}`);
}
