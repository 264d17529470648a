import type { ActionState } from '@/lib/action-state';
import { ErrorNotice } from './error-notice';

/** The outcome line of a server action: an alert with the next step on failure, a status on success. */
export function ActionResult({ state }: { state: ActionState }) {
  if (state.status === 'error') return <ErrorNotice error={{ message: state.message, nextStep: state.nextStep ?? '' }} />;
  if (state.status === 'ok' && state.message) {
    return (
      <p className="notice notice-success" role="status">
        {state.message}
      </p>
    );
  }
  return null;
}
