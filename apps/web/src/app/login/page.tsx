import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { describeErrorCode, isKnownErrorCode } from '@/lib/error-messages';
import { safeReturnPath } from '@/lib/navigation';
import { getCurrentUser } from '@/server/session';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Log in' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const next = safeReturnPath(first(params.next));
  // Already signed in: nothing to do here.
  if (await getCurrentUser()) redirect(next);
  const reason = first(params.reason);
  const notice = isKnownErrorCode(reason) ? describeErrorCode(reason) : null;

  return (
    <main id="main" className="centered-page">
      <div className="card">
        <h1>Log in</h1>
        <p className="muted">EDMS Backup &amp; Restore</p>
        {notice ? (
          <div className="notice notice-info" role="status">
            <p className="notice-title">{notice.message}</p>
            <p>{notice.nextStep}</p>
          </div>
        ) : null}
        <LoginForm next={next} />
      </div>
    </main>
  );
}
