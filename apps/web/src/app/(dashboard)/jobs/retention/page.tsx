import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionButton } from '@/components/action-button';
import { ErrorNotice } from '@/components/error-notice';
import { formatBytes, formatDateTime } from '@/lib/format';
import { can } from '@/server/authorization';
import { previewRetention } from '@/server/backups';
import { load } from '@/server/load';
import { requireUser } from '@/server/session';
import { applyRetentionAction } from '../actions';

export const metadata: Metadata = { title: 'Retention' };

/** Retention as a dry run first: which packages each configuration keeps (and why) and which it would remove. */
export default async function RetentionPage() {
  const { actor } = await requireUser();
  const result = await load(previewRetention);
  const removable = result.ok ? result.data.configurations.flatMap((c) => c.remove) : [];
  const freed = result.ok ? result.data.configurations.reduce((n, c) => n + c.freedBytes, 0) : 0;

  return (
    <>
      <p className="breadcrumb">
        <Link href="/jobs">← All jobs</Link>
      </p>
      <div className="page-header">
        <h1>Retention</h1>
      </div>
      <p>
        Each configuration keeps its newest packages by its rules (last, daily, weekly, monthly). Removed packages are deleted
        from disk; their jobs stay in the catalog as history. Imported packages are never removed.
      </p>
      {!result.ok ? (
        <ErrorNotice error={result.error} live={false} />
      ) : (
        <>
          <p className="notice notice-info" role="status">
            Dry run: {removable.length === 0 ? 'nothing would be removed now.' : `${removable.length} packages would be removed, freeing ${formatBytes(freed)}.`}
          </p>
          {removable.length > 0 && can(actor, 'runBackup') ? (
            <ActionButton
              action={applyRetentionAction}
              fields={{}}
              label={`Remove ${removable.length} packages…`}
              pendingLabel="Removing…"
              variant="danger"
              confirm={{
                question: `Delete ${removable.length} package files (${formatBytes(freed)})? Retention is applied as it stands when you confirm; this cannot be undone.`,
                confirmLabel: 'Yes, apply retention',
                cancelLabel: 'Keep them',
              }}
            />
          ) : null}
          <div className="table-wrap section" role="region" aria-label="Retention by configuration" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Configuration</th>
                  <th scope="col" className="numeric">
                    Kept
                  </th>
                  <th scope="col">Would be removed</th>
                </tr>
              </thead>
              <tbody>
                {result.data.configurations.map((c) => (
                  <tr key={c.configuration}>
                    <th scope="row" className="mono">
                      {c.configuration}
                    </th>
                    <td className="numeric">{c.keep.length}</td>
                    <td>
                      {c.remove.length === 0 ? (
                        '—'
                      ) : (
                        <ul className="plain-list">
                          {c.remove.map((r) => (
                            <li key={r.jobId}>
                              <Link href={`/jobs/${r.jobId}`} className="mono">
                                {r.jobName}
                              </Link>{' '}
                              <span className="muted">
                                {formatDateTime(r.completedAt)}, {formatBytes(r.sizeBytes ?? 0)}
                              </span>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
