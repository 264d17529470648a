'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { ErrorNotice } from '@/components/error-notice';
import { TaskProgress } from '@/components/task-progress';
import type { HumanError } from '@/lib/error-messages';
import { prepareRestoreAction, type PrepareInput } from './actions';

/**
 * Starts validation and planning on the server, follows it with a progress
 * bar, then opens the restore it created. Refusals (an unsafe or damaged
 * package, a busy system) are shown in words with the next step.
 */
export function usePrepare() {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [taskId, setTaskId] = useState<string | null>(null);
  const [error, setError] = useState<HumanError | null>(null);

  const prepare = (input: PrepareInput) => {
    setError(null);
    setTaskId(null);
    startTransition(async () => {
      const state = await prepareRestoreAction(input);
      if (state.status === 'error') setError({ code: 'ERROR', message: state.message, nextStep: state.nextStep ?? '' });
      else if (state.taskId) setTaskId(state.taskId);
    });
  };

  const view = (label: string, failureHint?: React.ReactNode) => (
    <>
      {error ? <ErrorNotice error={error} /> : null}
      {taskId ? (
        <TaskProgress
          key={taskId}
          taskId={taskId}
          label={label}
          failureHint={failureHint}
          onDone={(task) => {
            const restoreId = task.result?.restoreId;
            if (task.state === 'succeeded' && typeof restoreId === 'string') router.push(`/restore/${restoreId}`);
          }}
        />
      ) : null}
    </>
  );

  return { prepare, isPending, isRunning: isPending || taskId !== null, view, reset: () => setTaskId(null) };
}

/** "Continue to confirmation" after a dry run: prepares the same package for real. */
export function ContinueToConfirmation({ jobId, restoreType }: { jobId: string; restoreType: 'FULL' | 'DATABASE' | 'FILES' }) {
  const { prepare, isPending, view } = usePrepare();
  return (
    <div className="action">
      <button
        type="button"
        className="button"
        disabled={isPending}
        aria-busy={isPending || undefined}
        onClick={() => prepare({ sourceKind: 'job', jobId, restoreType, dryRun: false })}
      >
        {isPending ? 'Starting…' : 'Continue to confirmation'}
      </button>
      {view('Validating again and preparing the restore')}
    </div>
  );
}
