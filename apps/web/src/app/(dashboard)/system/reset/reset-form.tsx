'use client';

import Link from 'next/link';
import { useActionState, useState } from 'react';
import { ErrorNotice } from '@/components/error-notice';
import { TaskProgress, type TaskSnapshot } from '@/components/task-progress';
import { IDLE } from '@/lib/action-state';
import { resetAction } from '../actions';

/** Typed confirmation (RESET) bound to the plan hash shown; then the reset's progress and outcome. */
export function ResetForm({ planHash }: { planHash: string }) {
  const [state, formAction, isPending] = useActionState(resetAction, IDLE);
  const [typed, setTyped] = useState('');
  const [done, setDone] = useState<TaskSnapshot | null>(null);
  const error = state.fieldErrors?.confirmation;

  if (state.taskId) {
    const result = done?.state === 'succeeded' ? (done.result as { safetyBackupJobId?: string | null; removed?: Record<string, number> }) : null;
    return (
      <section aria-labelledby="reset-progress-heading" className="section">
        <h2 id="reset-progress-heading">Reset</h2>
        <TaskProgress taskId={state.taskId} label="Resetting the system" onDone={setDone} />
        {result ? (
          <div className="notice notice-success" role="status">
            <p className="notice-title">The system was reset.</p>
            <p>
              Removed {result.removed?.documents ?? 0} documents, {result.removed?.versions ?? 0} versions, {result.removed?.files ?? 0} files and{' '}
              {result.removed?.users ?? 0} users.
            </p>
            {result.safetyBackupJobId ? (
              <p>
                The state before the reset is kept in the <Link href={`/jobs/${result.safetyBackupJobId}`}>safety backup</Link>.
              </p>
            ) : null}
          </div>
        ) : null}
      </section>
    );
  }

  return (
    <form action={formAction} className="form card section">
      <h2>Confirm the reset</h2>
      {state.status === 'error' ? <ErrorNotice error={{ message: state.message, nextStep: state.nextStep ?? '' }} /> : null}
      <input type="hidden" name="planHash" value={planHash} />
      <div className="field">
        <label htmlFor="confirmation">Type RESET to confirm</label>
        <p id="confirmation-hint" className="field-hint">
          This removes the documents, versions, files and users listed above.
        </p>
        <input
          id="confirmation"
          name="confirmation"
          type="text"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'confirmation-hint confirmation-error' : 'confirmation-hint'}
        />
        {error ? (
          <p id="confirmation-error" className="field-error">
            {error}
          </p>
        ) : null}
      </div>
      <div className="button-row">
        <button type="submit" className="button button-danger" disabled={isPending || typed !== 'RESET'} aria-busy={isPending || undefined}>
          {isPending ? 'Starting…' : 'Reset the system'}
        </button>
      </div>
    </form>
  );
}
