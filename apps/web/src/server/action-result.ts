import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import type { ActionState } from '@/lib/action-state';
import { describeError, errorCodeOf, isKnownErrorCode } from '@/lib/error-messages';

/**
 * A failed server action as the form shows it: the table's message and next
 * step. Unknown errors are logged here and shown as the generic text; Next's
 * redirect and not-found signals are rethrown untouched.
 */
export function actionFailure(error: unknown, extra: Partial<ActionState> = {}): ActionState {
  unstable_rethrow(error);
  if (!isKnownErrorCode(errorCodeOf(error))) console.error('[web] a server action failed unexpectedly', error);
  const { message, nextStep } = describeError(error);
  return { status: 'error', message, nextStep, ...extra };
}

/** The text of a form field, or '' (FormData values may also be files). */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}
