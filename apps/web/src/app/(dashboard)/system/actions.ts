'use server';

import type { SystemCheckReport } from '@edms/domain';
import type { ActionState } from '@/lib/action-state';
import { describeErrorCode } from '@/lib/error-messages';
import { actionFailure, field } from '@/server/action-result';
import { runIntegrityCheck, startSystemReset } from '@/server/system';

export interface CheckState extends ActionState {
  report?: SystemCheckReport;
  checkedAt?: string;
}

/** Runs the live integrity check (read-only; the outcome is recorded in the audit trail). */
export async function runCheckAction(_state: CheckState): Promise<CheckState> {
  try {
    const report = await runIntegrityCheck();
    return {
      status: 'ok',
      message: report.ok ? 'The system is intact.' : 'The check found problems.',
      report,
      checkedAt: new Date().toISOString(),
    };
  } catch (error) {
    return actionFailure(error);
  }
}

/** The word the operator must type to confirm a reset. */
const RESET_WORD = 'RESET';

/** A reset needs the plan hash that was shown and the word RESET typed exactly; it then runs in the background. */
export async function resetAction(_state: ActionState, form: FormData): Promise<ActionState> {
  if (field(form, 'confirmation') !== RESET_WORD) {
    const { message } = describeErrorCode('CONFIRMATION_REQUIRED');
    return {
      status: 'error',
      message,
      nextStep: 'Type RESET in capital letters to confirm.',
      fieldErrors: { confirmation: 'Type RESET exactly, in capital letters.' },
    };
  }
  try {
    const taskId = await startSystemReset(field(form, 'planHash'));
    return { status: 'ok', message: 'Reset started: taking the safety backup first.', taskId };
  } catch (error) {
    return actionFailure(error);
  }
}
