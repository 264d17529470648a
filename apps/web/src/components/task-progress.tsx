'use client';

import { useEffect, useId, useRef } from 'react';
import type { HumanError } from '@/lib/error-messages';
import { ErrorNotice } from './error-notice';
import { ProgressBar } from './progress-bar';
import { usePoll } from './use-poll';

/** What /api/tasks/<id> answers (server/background-tasks.ts TaskView). */
export interface TaskSnapshot {
  id: string;
  label: string;
  state: 'running' | 'succeeded' | 'failed';
  progress: { fraction: number; message: string; step?: string };
  result: Record<string, unknown> | null;
  error: HumanError | null;
}

export interface TaskProgressProps {
  taskId: string;
  label: string;
  /** Called once when the task has ended (succeeded or failed). */
  onDone?: (task: TaskSnapshot) => void;
  /** Shown under the error of a failed task, e.g. a way to start again. */
  failureHint?: React.ReactNode;
}

/** Follows a background task: a live progress bar, then its failure in words (success is up to `onDone`). */
export function TaskProgress({ taskId, label, onDone, failureHint }: TaskProgressProps) {
  const id = useId();
  const { data, error } = usePoll<TaskSnapshot>(`/api/tasks/${encodeURIComponent(taskId)}`, (t) => t.state !== 'running', 500);
  const reported = useRef(false);
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;

  useEffect(() => {
    if (data && data.state !== 'running' && !reported.current) {
      reported.current = true;
      onDoneRef.current?.(data);
    }
  }, [data]);

  if (error) return <ErrorNotice error={error} />;
  if (data?.state === 'failed' && data.error) {
    return (
      <>
        <ErrorNotice error={data.error} />
        {failureHint}
      </>
    );
  }
  return (
    <div role="status" aria-live="polite" className="task-progress">
      <ProgressBar
        id={`${id}-bar`}
        label={label}
        fraction={data ? data.progress.fraction : 0}
        message={data ? (data.state === 'succeeded' ? 'Done.' : data.progress.message) : 'Starting…'}
      />
    </div>
  );
}
