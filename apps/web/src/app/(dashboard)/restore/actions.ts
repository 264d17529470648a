'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import type { ActionState } from '@/lib/action-state';
import { describeErrorCode, errorCodeOf } from '@/lib/error-messages';
import { isUploadId } from '@/lib/upload-limit';
import { actionFailure, field } from '@/server/action-result';
import { cancelPreparedRestore, startApply, startPrepare } from '@/server/restores';

const PrepareInput = z.discriminatedUnion('sourceKind', [
  z.object({ sourceKind: z.literal('job'), jobId: z.string().min(1).max(100), restoreType: z.enum(['FULL', 'DATABASE', 'FILES']).optional() }),
  z.object({
    sourceKind: z.literal('upload'),
    uploadId: z.string().refine(isUploadId),
    restoreType: z.enum(['FULL', 'DATABASE', 'FILES']).optional(),
  }),
]);

export type PrepareInput = z.input<typeof PrepareInput>;

/**
 * Starts preparing a restore: one read of the package validates it, stages
 * it and plans the restore, which then awaits confirmation (nothing live
 * changes). Called by the wizard with what the user chose: a catalog job id or
 * an upload id — never a path.
 */
export async function prepareRestoreAction(input: PrepareInput): Promise<ActionState> {
  const parsed = PrepareInput.safeParse(input);
  if (!parsed.success) {
    const { message, nextStep } = describeErrorCode('FORM_INVALID');
    return { status: 'error', message, nextStep };
  }
  const data = parsed.data;
  try {
    const taskId = await startPrepare({
      source: data.sourceKind === 'job' ? { kind: 'job', jobId: data.jobId } : { kind: 'upload', uploadId: data.uploadId },
      restoreType: data.restoreType,
    });
    return { status: 'ok', message: 'Validating and staging the package.', taskId };
  } catch (error) {
    return actionFailure(error);
  }
}

/**
 * The confirmation: the plan hash shown on the page, the explicit agreement
 * to replace what the plan names, and (only when the plan has warnings) the
 * agreement to proceed past them. Starts applying in the background.
 */
export async function confirmRestoreAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const restoreId = field(form, 'restoreId');
  if (form.get('acknowledge') !== 'on') {
    const { message } = describeErrorCode('CONFIRMATION_REQUIRED');
    return {
      status: 'error',
      message,
      nextStep: 'Tick the box to confirm that the data listed above will be replaced.',
      fieldErrors: { acknowledge: 'Confirm that you want to replace this data.' },
    };
  }
  try {
    const { early } = await startApply({ restoreId, planHash: field(form, 'planHash'), force: form.get('force') === 'on' });
    if (early?.error) return { status: 'error', message: early.error.message, nextStep: early.error.nextStep };
  } catch (error) {
    // Refused before anything started: the restore still awaits confirmation with its staged package.
    const needsForce = errorCodeOf(error) === 'RESTORE_WARNINGS_NEED_FORCE';
    return actionFailure(error, needsForce ? { fieldErrors: { force: 'Agree to proceed despite the warnings, or cancel the restore.' } } : {});
  }
  revalidatePath('/', 'layout');
  redirect(`/restore/${restoreId}`);
}

/** Cancels a prepared restore: nothing live was changed, and the staged copy of the package is deleted. */
export async function cancelRestoreAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const restoreId = field(form, 'restoreId');
  try {
    await cancelPreparedRestore(restoreId);
  } catch (error) {
    return actionFailure(error);
  }
  revalidatePath('/', 'layout');
  redirect(`/restore/${restoreId}`);
}
