/**
 * What every server action of the dashboard returns (vercel/next-learn's
 * `{ errors, message }` shape): a result line, the next step after a failure,
 * field messages for forms, and the id of a background task to follow.
 */
export interface ActionState {
  status: 'idle' | 'ok' | 'error';
  message: string;
  nextStep?: string;
  fieldErrors?: Record<string, string>;
  /** A task started in the background (see /api/tasks/<id>). */
  taskId?: string;
  /** Echo of the posted values, to refill a form after a refusal. */
  values?: Record<string, string>;
}

export const IDLE: ActionState = { status: 'idle', message: '' };
