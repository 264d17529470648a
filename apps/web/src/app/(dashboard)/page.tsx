import type { Metadata } from 'next';
import Link from 'next/link';
import { ErrorNotice } from '@/components/error-notice';
import { getConfigurations } from '@/server/configurations';
import { countDocuments } from '@/server/documents';
import { load } from '@/server/load';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Overview' };

/** Placeholder overview: the full one (last/next backups, failures, storage) comes with the dashboard. */
export default async function OverviewPage() {
  const { user } = await requireUser();
  const summary = await load(async () => {
    const [configurations, documents] = await Promise.all([getConfigurations(), countDocuments()]);
    return { configurations: configurations.length, enabled: configurations.filter((c) => c.isEnabled).length, documents };
  });

  return (
    <>
      <div className="page-header">
        <h1>Overview</h1>
      </div>
      <p>Welcome, {user.displayName || user.username}.</p>
      {summary.ok ? (
        <ul className="card-grid">
          <li className="card">
            <h2>Backup configurations</h2>
            <p className="stat">{summary.data.configurations}</p>
            <p className="muted">{summary.data.enabled} enabled</p>
            <Link href="/configurations">View configurations</Link>
          </li>
          <li className="card">
            <h2>Documents</h2>
            <p className="stat">{summary.data.documents}</p>
            <p className="muted">Controlled documents protected by backups</p>
            <Link href="/documents">Browse documents</Link>
          </li>
        </ul>
      ) : (
        <ErrorNotice error={summary.error} live={false} />
      )}
    </>
  );
}
