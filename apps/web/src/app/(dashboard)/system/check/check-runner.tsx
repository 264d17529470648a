'use client';

import { useActionState } from 'react';
import { ErrorNotice } from '@/components/error-notice';
import { formatBytes, formatDateTime } from '@/lib/format';
import { runCheckAction, type CheckState } from '../actions';

const INITIAL: CheckState = { status: 'idle', message: '' };

/** Runs the integrity check on request and shows its report. */
export function CheckRunner() {
  const [state, formAction, isPending] = useActionState(runCheckAction, INITIAL);
  const report = state.report;
  return (
    <>
      <form action={formAction}>
        <button type="submit" className="button" disabled={isPending} aria-busy={isPending || undefined}>
          {isPending ? 'Checking every file…' : report ? 'Run the check again' : 'Run integrity check'}
        </button>
      </form>
      {state.status === 'error' ? <ErrorNotice error={{ message: state.message, nextStep: state.nextStep ?? '' }} /> : null}
      {report ? (
        <section aria-labelledby="report-heading" className="section" aria-live="polite">
          <h2 id="report-heading">Report {state.checkedAt ? <span className="muted">({formatDateTime(state.checkedAt)})</span> : null}</h2>
          <div className={report.ok ? 'notice notice-success' : 'notice notice-error'} role="status">
            <p className="notice-title">{report.ok ? 'Everything checked out.' : 'The check found problems.'}</p>
            <p>
              {report.versionsChecked} document versions checked ({formatBytes(report.bytesChecked)} hashed).{' '}
              {report.ok ? '' : 'Restore damaged or missing files from a verified backup; remove orphans with a reset or by hand.'}
            </p>
          </div>
          <div className="table-wrap" role="region" aria-label="Integrity check summary" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Check</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">Missing document files</th>
                  <td>{report.missingFiles.length === 0 ? 'None' : `${report.missingFiles.length} missing`}</td>
                </tr>
                <tr>
                  <th scope="row">Files changed on disk (size or SHA-256)</th>
                  <td>{report.changedFiles.length === 0 ? 'None' : `${report.changedFiles.length} changed`}</td>
                </tr>
                <tr>
                  <th scope="row">Orphan files (no record)</th>
                  <td>{report.orphanFiles.length === 0 ? 'None' : `${report.orphanFiles.length} orphans`}</td>
                </tr>
                <tr>
                  <th scope="row">Audit chain</th>
                  <td>
                    {report.audit.intact
                      ? `Intact: ${report.audit.eventCount} events`
                      : `Broken at event ${report.audit.firstBreak?.sequence ?? '?'} (${report.audit.firstBreak?.kind ?? 'unknown'})`}
                  </td>
                </tr>
                <tr>
                  <th scope="row">Stuck backup jobs</th>
                  <td>{report.staleJobs.length === 0 ? 'None' : report.staleJobs.map((j) => j.jobName).join(', ')}</td>
                </tr>
                <tr>
                  <th scope="row">Interrupted restore</th>
                  <td>{report.interruptedRestore ?? 'None'}</td>
                </tr>
              </tbody>
            </table>
          </div>
          {[...report.missingFiles, ...report.changedFiles].length > 0 ? (
            <>
              <h3>Damaged or missing files</h3>
              <ul>
                {report.missingFiles.map((f) => (
                  <li key={`m-${f.storageKey}`}>
                    <span className="mono">{f.document}</span> version {f.version}: missing (<span className="mono">{f.storageKey}</span>)
                  </li>
                ))}
                {report.changedFiles.map((f) => (
                  <li key={`c-${f.storageKey}`}>
                    <span className="mono">{f.document}</span> version {f.version}: expected {formatBytes(f.expected.sizeBytes)}, found{' '}
                    {formatBytes(f.actual.sizeBytes)}
                    {f.actual.sha256 && f.actual.sha256 !== f.expected.sha256 ? ' with a different SHA-256' : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {report.orphanFiles.length > 0 ? (
            <>
              <h3>Orphan files</h3>
              <ul>
                {report.orphanFiles.map((f) => (
                  <li key={f.storageKey}>
                    <span className="mono">{f.storageKey}</span> ({formatBytes(f.sizeBytes)})
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
