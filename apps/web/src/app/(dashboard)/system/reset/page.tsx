import type { Metadata } from 'next';
import { ErrorNotice } from '@/components/error-notice';
import { ForbiddenNotice } from '@/components/forbidden-notice';
import { formatBytes } from '@/lib/format';
import { can } from '@/server/authorization';
import { load } from '@/server/load';
import { requireUser } from '@/server/session';
import { planSystemReset } from '@/server/system';
import { ResetForm } from './reset-form';

export const metadata: Metadata = { title: 'System reset' };

export default async function ResetPage() {
  const { actor } = await requireUser();
  if (!can(actor, 'reset')) return <ForbiddenNotice title="System reset" />;
  const result = await load(planSystemReset);

  return (
    <>
      <div className="page-header">
        <h1>System reset</h1>
      </div>
      <p>
        A reset re-initialises the document system: it removes every document, version and file and every user who is not
        an administrator. A safety backup of everything is taken first, so a reset can be undone by restoring it.
      </p>
      {!result.ok ? (
        <ErrorNotice error={result.error} live={false} />
      ) : (
        <>
          <section aria-labelledby="reset-plan-heading" className="section">
            <h2 id="reset-plan-heading">Plan</h2>
            <div className="table-wrap" role="region" aria-labelledby="reset-plan-heading" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Removed</th>
                    <th scope="col" className="numeric">
                      Count
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <th scope="row">Documents</th>
                    <td className="numeric">{result.data.plan.remove.documents}</td>
                  </tr>
                  <tr>
                    <th scope="row">Document versions</th>
                    <td className="numeric">{result.data.plan.remove.versions}</td>
                  </tr>
                  <tr>
                    <th scope="row">Stored files</th>
                    <td className="numeric">
                      {result.data.plan.remove.files} ({formatBytes(result.data.plan.remove.fileBytes)})
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">Users (not administrators)</th>
                    <td className="numeric">
                      {result.data.plan.remove.users}
                      {result.data.plan.remove.usernames.length > 0 ? (
                        <span className="cell-sub">{result.data.plan.remove.usernames.join(', ')}</span>
                      ) : null}
                    </td>
                  </tr>
                </tbody>
              </table>
            </div>
            <h3>Kept</h3>
            <ul>
              {result.data.plan.protectedRecords.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
            <p>{result.data.plan.safetyBackup ? 'A safety backup is taken before anything is removed.' : 'No safety backup will be taken.'}</p>
          </section>
          <ResetForm planHash={result.data.planHash} />
        </>
      )}
    </>
  );
}
