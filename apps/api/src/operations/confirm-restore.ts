import { applyRestore, DomainError, getRestore, type Actor, type RestoreJob } from '@edms/domain';
import type { ApiDependencies } from '../dependencies';

/** Confirms a prepared restore with the plan hash the client was shown. */
export interface ConfirmRestoreOptions {
  restoreId: string;
  planHash: string;
  /** Proceed past the plan's warnings (never past an integrity or validation error). */
  force?: boolean;
}

/** How long the request waits for the restore to pass its confirmation checks before answering 202 anyway. */
export const CONFIRM_WAIT_MS = 15_000;

/**
 * Starts `applyRestore` in the background and answers once it has passed its
 * own checks (lock, plan recomputed and equal, warnings) and begun applying —
 * so a busy system or a changed plan is still a 409 to this request — or
 * after CONFIRM_WAIT_MS. From then on the restore row carries the progress,
 * the step log and the outcome.
 *
 * The domain marks the restore FAILED when the plan hash it is given does not
 * match. A mistyped hash or a forgotten `force` should not cost the operator
 * the validated restore, so those are refused here first, against the plan
 * stored on the restore, without touching it.
 */
export async function confirmRestore(deps: ApiDependencies, actor: Actor, options: ConfirmRestoreOptions): Promise<RestoreJob> {
  const { ctx } = deps.services;
  deps.tasks.assertAccepting();
  const restore = await getRestore(ctx, actor, options.restoreId);
  if (restore.status !== 'AWAITING_CONFIRMATION') {
    throw new DomainError('RESTORE_NOT_AWAITING_CONFIRMATION', `restore ${restore.id} is ${restore.status}, not awaiting confirmation`, {
      details: { status: restore.status },
    });
  }
  if (restore.planHash !== options.planHash) {
    throw new DomainError('RESTORE_PLAN_CHANGED', 'the plan hash does not match the plan of this restore; show the plan again (GET the restore) and confirm its planHash', {
      details: { expected: restore.planHash, actual: options.planHash },
    });
  }
  const warnings = (restore.plan as { warnings?: Array<{ code: string }> } | null)?.warnings ?? [];
  if (warnings.length > 0 && !options.force && !restore.force) {
    throw new DomainError('RESTORE_WARNINGS_NEED_FORCE', `the plan has warnings (${warnings.map((w) => w.code).join(', ')}); confirm with "force": true to proceed past them`, {
      details: { warnings },
    });
  }

  let markStarted: () => void = () => undefined;
  const started = new Promise<'started'>((resolve) => {
    markStarted = () => resolve('started');
  });
  const outcome = deps.tasks.run('restore', { restoreId: restore.id }, () =>
    applyRestore(ctx, actor, {
      restoreId: restore.id,
      planHash: options.planHash,
      force: options.force,
      // The first progress report comes after the confirmation step: the restore is RUNNING.
      onProgress: () => markStarted(),
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  const first = await Promise.race([
    started,
    outcome,
    new Promise<'waiting'>((resolve) => {
      timer = setTimeout(() => resolve('waiting'), CONFIRM_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (typeof first === 'object' && !first.ok) throw first.error;
  return getRestore(ctx, actor, restore.id);
}
