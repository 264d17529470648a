'use client';

import Link from 'next/link';
import { GENERIC_ERROR } from '@/lib/error-messages';

/** Unexpected failures outside the dashboard shell (login, logout): generic text and the log reference only. */
export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && 'digest' in error ? String((error as { digest?: unknown }).digest ?? '') : '';
  return (
    <main id="main" className="centered-page">
      <div className="card">
        <h1>{GENERIC_ERROR.message}</h1>
        <p>{GENERIC_ERROR.nextStep}</p>
        {digest ? <p className="muted">Reference for the server log: {digest}</p> : null}
        <p>
          <button type="button" className="button" onClick={() => retry()}>
            Try again
          </button>
        </p>
        <p>
          <Link href="/login">Go to the login page</Link>
        </p>
      </div>
    </main>
  );
}
