'use client';

import { useActionState } from 'react';
import { ActionButton } from '@/components/action-button';
import { ErrorNotice } from '@/components/error-notice';
import { IDLE } from '@/lib/action-state';
import { formatBytes } from '@/lib/format';
import { cancelRestoreAction, confirmRestoreAction } from './actions';

export interface ConfirmRestoreProps {
  restoreId: string;
  planHash: string;
  /** What will be replaced, one sentence per kind of record. */
  replaced: string[];
  warnings: string[];
  /** Disk space held by the staged package (null when it is missing). */
  stagedBytes: number | null;
}

/**
 * The confirmation, shown with the plan right after the package was read,
 * validated and staged: names what will be replaced, needs an explicit tick
 * (and a second one to proceed past warnings), and posts the plan hash that
 * was shown — a system that changed since is refused. Or cancel: nothing is
 * restored and the staged copy is deleted.
 */
export function ConfirmRestore({ restoreId, planHash, replaced, warnings, stagedBytes }: ConfirmRestoreProps) {
  const [state, formAction, isPending] = useActionState(confirmRestoreAction, IDLE);
  return (
    <section aria-labelledby="confirm-heading" className="section card">
      <h2 id="confirm-heading">Confirm the restore</h2>
      {replaced.length > 0 ? (
        <>
          <p>This restore will replace:</p>
          <ul id="replaced-list">
            {replaced.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      ) : (
        <p id="replaced-list">The live data already matches the package: nothing will be replaced, but the restore will still be recorded and verified.</p>
      )}
      <form action={formAction} className="form">
        {state.status === 'error' ? <ErrorNotice error={{ message: state.message, nextStep: state.nextStep ?? '' }} /> : null}
        <input type="hidden" name="restoreId" value={restoreId} />
        <input type="hidden" name="planHash" value={planHash} />
        <div className="checkbox">
          <input
            id="acknowledge"
            name="acknowledge"
            type="checkbox"
            required
            aria-describedby="replaced-list"
            aria-invalid={state.fieldErrors?.acknowledge ? true : undefined}
          />
          <label htmlFor="acknowledge">I have checked the plan: replace the data listed above (a safety backup is taken first).</label>
        </div>
        {warnings.length > 0 ? (
          <div className="checkbox">
            <input id="force" name="force" type="checkbox" aria-describedby="force-hint" aria-invalid={state.fieldErrors?.force ? true : undefined} />
            <label htmlFor="force">Proceed despite the warnings above</label>
            <p id="force-hint" className="field-hint">
              {warnings.join(' ')} Integrity and validation errors can never be overridden.
            </p>
          </div>
        ) : null}
        <p className="field-hint">
          Restoring confirms the plan with hash <span className="hash">{planHash.slice(0, 16)}…</span> (in full under Plan).
          If the live data changed since it was planned, the restore is refused and nothing is changed.
        </p>
        <div className="button-row">
          <button type="submit" className="button button-danger" disabled={isPending} aria-busy={isPending || undefined}>
            {isPending ? 'Starting the restore…' : 'Restore now'}
          </button>
        </div>
      </form>
      <div className="confirm-cancel">
        <p className="field-hint">
          Not now? Cancelling restores nothing and deletes the staged copy of the package
          {stagedBytes !== null ? ` (${formatBytes(stagedBytes)})` : ''}; to restore it later it is read and validated again.
        </p>
        <ActionButton
          action={cancelRestoreAction}
          fields={{ restoreId }}
          label="Cancel this restore"
          pendingLabel="Cancelling…"
          variant="secondary"
          confirm={{
            question: 'Cancel this restore? Nothing is restored and the staged copy of the package is deleted.',
            confirmLabel: 'Yes, cancel and discard it',
            cancelLabel: 'No, keep it',
          }}
        />
      </div>
    </section>
  );
}
