'use client';

import { GENERIC_ERROR } from '@/lib/error-messages';
import './globals.css';

/** Last resort when even the root layout fails: plain text, no internals. */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && 'digest' in error ? String((error as { digest?: unknown }).digest ?? '') : '';
  return (
    <html lang="en">
      <body>
        <main id="main" className="centered-page">
          <div className="card">
            <h1>{GENERIC_ERROR.message}</h1>
            <p>{GENERIC_ERROR.nextStep}</p>
            {digest ? <p className="muted">Reference: {digest}</p> : null}
            <button type="button" className="button" onClick={() => retry()}>
              Try again
            </button>
          </div>
        </main>
      </body>
    </html>
  );
}
