'use client';

import { useActionState } from 'react';
import { ErrorNotice } from '@/components/error-notice';
import { verifyChainAction, type VerifyState } from './actions';

const INITIAL: VerifyState = { status: 'idle', message: '' };

/** Recomputes every hash of the audit chain and says whether it is intact, and where it breaks if not. */
export function VerifyChain() {
  const [state, formAction, isPending] = useActionState(verifyChainAction, INITIAL);
  const report = state.report;
  return (
    <div className="action">
      <form action={formAction}>
        <button type="submit" className="button button-secondary" disabled={isPending} aria-busy={isPending || undefined}>
          {isPending ? 'Verifying…' : 'Verify chain'}
        </button>
      </form>
      {state.status === 'error' ? <ErrorNotice error={{ message: state.message, nextStep: state.nextStep ?? '' }} /> : null}
      {report ? (
        report.intact ? (
          <p className="notice notice-success" role="status">
            Chain intact: all {report.eventCount} events verified{report.lastSequence !== null ? `, up to #${report.lastSequence}` : ''}.
          </p>
        ) : (
          <div className="notice notice-error" role="alert">
            <p className="notice-title">The audit chain is broken at event #{report.firstBreak?.sequence ?? '?'}.</p>
            <p>
              {report.firstBreak?.kind === 'SEQUENCE_GAP'
                ? 'An event is missing from the sequence.'
                : 'An event was changed after it was recorded.'}{' '}
              Keep a copy of the database and the latest export, and report it to your quality or security officer.
            </p>
          </div>
        )
      ) : null}
    </div>
  );
}
