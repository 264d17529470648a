import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/server/session';
import { logout } from './actions';

export const metadata: Metadata = { title: 'Log out' };

/** A GET never logs anyone out (links can be prefetched); the button posts the server action. */
export default async function LogoutPage() {
  const current = await getCurrentUser();
  if (!current) redirect('/login');

  return (
    <main id="main" className="centered-page">
      <div className="card">
        <h1>Log out</h1>
        <p>
          You are signed in as <strong>{current.user.username}</strong>.
        </p>
        <form action={logout} className="form">
          <button type="submit" className="button">
            Log out
          </button>
        </form>
        <p>
          <Link href="/">Back to the overview</Link>
        </p>
      </div>
    </main>
  );
}
