import type { RestorePlan } from '@edms/domain';
import { describeErrorCode } from '@/lib/error-messages';
import { formatBytes, formatCount, formatDateTime, formatEnum } from '@/lib/format';
import { describeFileChange, describeTableChange, tableLabel } from '@/lib/restore-plan-view';

/** The restore plan as tables a person can check line by line (the same plan every front door shows). */
export function PlanView({ plan, planHash }: { plan: RestorePlan; planHash: string | null }) {
  return (
    <section aria-labelledby="plan-heading" className="section">
      <h2 id="plan-heading">Plan</h2>
      <dl className="details">
        <dt>Package</dt>
        <dd className="hash">{plan.package.packageId}</dd>
        <dt>Made</dt>
        <dd>
          {formatDateTime(plan.package.createdAt)} on {plan.package.sourceHostname} by <span className="mono">{plan.package.configuration}</span>
        </dd>
        <dt>Package type</dt>
        <dd>{formatEnum(plan.package.backupType)}</dd>
        <dt>Restore type</dt>
        <dd>{formatEnum(plan.restoreType)}</dd>
        <dt>Data format</dt>
        <dd className="mono">{plan.package.schemaVersion}</dd>
        <dt>Safety backup first</dt>
        <dd>{plan.safetyBackup ? 'Yes: the current system is backed up before anything changes' : 'No (opted out)'}</dd>
        <dt>Disk space</dt>
        <dd>
          needs {formatBytes(plan.disk.neededBytes)}, {formatBytes(plan.disk.freeBytes)} free, {formatBytes(Math.max(0, plan.disk.freeAfterBytes))} left after
        </dd>
        {planHash ? (
          <>
            <dt>Plan hash</dt>
            <dd className="hash">{planHash}</dd>
          </>
        ) : null}
      </dl>

      {plan.warnings.length > 0 ? (
        <div className="notice notice-warn">
          <p className="notice-title">Warnings ({plan.warnings.length})</p>
          <ul>
            {plan.warnings.map((w) => {
              const text = describeErrorCode(w.code);
              return (
                <li key={w.code}>
                  <strong>{text.message}</strong> {text.nextStep}
                  <span className="cell-sub">{w.message}</span>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}

      {plan.tables.length > 0 ? (
        <div className="table-wrap" role="region" aria-labelledby="plan-tables-caption" tabIndex={0}>
          <table>
            <caption id="plan-tables-caption">Database: current records and what the package brings</caption>
            <thead>
              <tr>
                <th scope="col">Records</th>
                <th scope="col" className="numeric">
                  Now
                </th>
                <th scope="col" className="numeric">
                  In package
                </th>
                <th scope="col" className="numeric">
                  Added
                </th>
                <th scope="col" className="numeric">
                  Replaced
                </th>
                <th scope="col" className="numeric">
                  Removed
                </th>
                <th scope="col" className="numeric">
                  Unchanged
                </th>
                <th scope="col" className="numeric">
                  Protected
                </th>
                <th scope="col">Rule</th>
              </tr>
            </thead>
            <tbody>
              {plan.tables.map((t) => (
                <tr key={t.table} className={describeTableChange(t) ? 'row-changes' : undefined}>
                  <th scope="row">{tableLabel(t.table)}</th>
                  <td className="numeric">{formatCount(t.currentRows)}</td>
                  <td className="numeric">{formatCount(t.packageRows)}</td>
                  <td className="numeric">{formatCount(t.insert)}</td>
                  <td className="numeric">{formatCount(t.replace)}</td>
                  <td className="numeric">{formatCount(t.delete)}</td>
                  <td className="numeric">{formatCount(t.unchanged)}</td>
                  <td className="numeric">{formatCount(t.protected)}</td>
                  <td>{t.rule}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {plan.files ? (
        <div className="table-wrap section" role="region" aria-labelledby="plan-files-caption" tabIndex={0}>
          <table>
            <caption id="plan-files-caption">Document files: {describeFileChange(plan.files) ?? 'no change'}</caption>
            <thead>
              <tr>
                <th scope="col">Files</th>
                <th scope="col" className="numeric">
                  Count
                </th>
                <th scope="col" className="numeric">
                  Bytes
                </th>
              </tr>
            </thead>
            <tbody>
              {(['write', 'overwrite', 'remove', 'unchanged'] as const).map((kind) => (
                <tr key={kind}>
                  <th scope="row">{{ write: 'Written (new)', overwrite: 'Overwritten', remove: 'Removed', unchanged: 'Unchanged' }[kind]}</th>
                  <td className="numeric">{formatCount(plan.files?.[kind].count ?? 0)}</td>
                  <td className="numeric">{formatBytes(plan.files?.[kind].bytes ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <h3>Always protected</h3>
      <ul>
        {plan.protectedRecords.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    </section>
  );
}
