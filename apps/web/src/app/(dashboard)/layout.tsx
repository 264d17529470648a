import type { ReactNode } from 'react';
import Link from 'next/link';
import { MainNav } from '@/components/main-nav';
import { formatEnum } from '@/lib/format';
import { NAV_ITEMS } from '@/lib/navigation';
import { can } from '@/server/authorization';
import { requireUser } from '@/server/session';
import { logout } from '@/app/logout/actions';

/** The signed-in shell: header with navigation, who is signed in and with which role. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const { user, actor } = await requireUser();
  const items = NAV_ITEMS.filter((item) => can(actor, item.permission)).map(({ href, label }) => ({ href, label }));

  return (
    <>
      <a href="#main" className="skip-link">
        Skip to main content
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <Link href="/" className="brand">
            EDMS Backup &amp; Restore
          </Link>
          <MainNav items={items} />
          <div className="user-box">
            <span>
              <span className="visually-hidden">Signed in as </span>
              <strong>{user.displayName || user.username}</strong>
            </span>
            <span className="user-role">
              <span className="visually-hidden">Role: </span>
              {formatEnum(user.role)}
            </span>
            <form action={logout}>
              <button type="submit" className="button-header">
                Log out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="page">
        {children}
      </main>
    </>
  );
}
