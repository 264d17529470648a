'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { ErrorNotice } from '@/components/error-notice';
import { TaskProgress } from '@/components/task-progress';
import type { HumanError } from '@/lib/error-messages';
import { prepareRestoreAction, type PrepareInput } from './actions';

/**
 * Starts preparing the restore on the server (one read of the package:
 * validate, stage, plan), follows it with a progress bar, then opens the
 * restore it created, where the plan and the confirmation are shown.
 * Refusals (an unsafe or damaged package, a busy system) are shown in words
 * with the next step.
 */
export function usePrepare() {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [taskId, setTaskId] = useState<string | null>(null);
  // True from the start until the task failed (on success the page moves on): one click, one read of the package.
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<HumanError | null>(null);

  const prepare = (input: PrepareInput) => {
    if (running) return;
    setError(null);
    setTaskId(null);
    setRunning(true);
    startTransition(async () => {
      const state = await prepareRestoreAction(input);
      if (state.status === 'error') {
        setError({ code: 'ERROR', message: state.message, nextStep: state.nextStep ?? '' });
        setRunning(false);
      } else if (state.taskId) setTaskId(state.taskId);
      else setRunning(false);
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
            else setRunning(false);
          }}
        />
      ) : null}
    </>
  );

  return { prepare, isPending, isRunning: isPending || running, view };
}
