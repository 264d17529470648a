'use client';

import { ErrorNotice } from '@/components/error-notice';
import { GENERIC_ERROR } from '@/lib/error-messages';

/**
 * Unexpected failures inside the dashboard. Production sends server errors
 * here without their message, so only the generic text and the digest (which
 * matches the server log) are shown.
 */
export default function DashboardError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && 'digest' in error ? String((error as { digest?: unknown }).digest ?? '') : '';
  return (
    <section aria-labelledby="error-heading">
      <h1 id="error-heading">This page could not be shown</h1>
      <ErrorNotice error={GENERIC_ERROR} />
      {digest ? <p className="muted">Reference for the server log: {digest}</p> : null}
      <button type="button" className="button" onClick={() => retry()}>
        Try again
      </button>
    </section>
  );
}
