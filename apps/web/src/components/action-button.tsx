'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useId, useRef, useState } from 'react';
import { IDLE, type ActionState } from '@/lib/action-state';
import { ActionResult } from './action-result';
import { TaskProgress } from './task-progress';

export interface ActionButtonProps {
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  /** Hidden fields posted with the button (e.g. the job id). */
  fields: Record<string, string>;
  label: string;
  pendingLabel: string;
  /** The full name of what the button acts on, for screen readers: "Run now: daily-full". */
  accessibleLabel?: string;
  variant?: 'primary' | 'secondary' | 'danger';
  /** Ask first: the button opens an inline confirmation naming the consequences. */
  confirm?: { question: string; confirmLabel: string; cancelLabel?: string };
  /** Label of the progress bar when the action starts a background task. */
  taskLabel?: string;
}

const VARIANT: Record<NonNullable<ActionButtonProps['variant']>, string> = {
  primary: 'button',
  secondary: 'button button-secondary',
  danger: 'button button-danger',
};

/**
 * One server action behind one button, usable with the keyboard: its result
 * (or refusal, with the next step) appears next to it; a destructive action
 * asks in place first and moves focus to the question; an action that starts
 * background work shows its progress and refreshes the page when it ends.
 */
export function ActionButton(props: ActionButtonProps) {
  const { action, fields, label, pendingLabel, accessibleLabel, variant = 'secondary', confirm, taskLabel } = props;
  const [state, formAction, isPending] = useActionState(action, IDLE);
  const [asking, setAsking] = useState(false);
  const questionId = useId();
  const questionRef = useRef<HTMLParagraphElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const router = useRouter();

  useEffect(() => {
    if (asking) questionRef.current?.focus();
  }, [asking]);

  useEffect(() => {
    if (state.status !== 'idle') setAsking(false);
  }, [state]);

  const hidden = Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);

  return (
    <div className="action">
      {confirm && !asking ? (
        <button
          type="button"
          ref={openerRef}
          className={VARIANT[variant]}
          aria-label={accessibleLabel}
          aria-expanded={false}
          onClick={() => setAsking(true)}
        >
          {label}
        </button>
      ) : null}
      {confirm && asking ? (
        <form action={formAction} className="confirm-box" role="group" aria-labelledby={questionId}>
          {hidden}
          <p id={questionId} ref={questionRef} tabIndex={-1} className="confirm-question">
            {confirm.question}
          </p>
          <div className="button-row">
            <button type="submit" className={VARIANT[variant]} disabled={isPending} aria-busy={isPending || undefined}>
              {isPending ? pendingLabel : confirm.confirmLabel}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setAsking(false);
                requestAnimationFrame(() => openerRef.current?.focus());
              }}
            >
              {confirm.cancelLabel ?? 'Cancel'}
            </button>
          </div>
        </form>
      ) : null}
      {!confirm ? (
        <form action={formAction}>
          {hidden}
          <button type="submit" className={VARIANT[variant]} disabled={isPending} aria-label={accessibleLabel} aria-busy={isPending || undefined}>
            {isPending ? pendingLabel : label}
          </button>
        </form>
      ) : null}
      <ActionResult state={state} />
      {state.taskId ? (
        <TaskProgress key={state.taskId} taskId={state.taskId} label={taskLabel ?? label} onDone={() => router.refresh()} />
      ) : null}
    </div>
  );
}
