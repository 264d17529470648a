import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionButton } from '@/components/action-button';
import { ErrorNotice } from '@/components/error-notice';
import { formatEnum, formatRetention, formatSchedule } from '@/lib/format';
import { firstParam, type RawParams } from '@/lib/search-params';
import { can } from '@/server/authorization';
import { getConfigurations } from '@/server/configurations';
import { load } from '@/server/load';
import { requireUser } from '@/server/session';
import { runBackupNowAction } from '../jobs/actions';
import { deleteConfigurationAction, setEnabledAction } from './actions';

export const metadata: Metadata = { title: 'Configurations' };

export default async function ConfigurationsPage({ searchParams }: { searchParams: Promise<RawParams> }) {
  const params = await searchParams;
  const { actor } = await requireUser();
  const result = await load(getConfigurations);
  const mayManage = can(actor, 'manageConfigurations');
  const mayRun = can(actor, 'runBackup');
  const saved = firstParam(params.saved);
  const deleted = firstParam(params.deleted);

  return (
    <>
      <div className="page-header">
        <h1>Backup configurations</h1>
        {mayManage ? (
          <Link href="/configurations/new" className="button">
            New configuration
          </Link>
        ) : null}
      </div>
      {saved ? (
        <p className="notice notice-success" role="status">
          Saved <span className="mono">{saved}</span>.
        </p>
      ) : null}
      {deleted ? (
        <p className="notice notice-success" role="status">
          Deleted <span className="mono">{deleted}</span>.
        </p>
      ) : null}
      {!result.ok ? (
        <ErrorNotice error={result.error} live={false} />
      ) : result.data.length === 0 ? (
        <p>There are no backup configurations yet.</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="configurations-caption" tabIndex={0}>
          <table className="table-actions">
            <caption id="configurations-caption">
              {result.data.length} configurations. Times are UTC.
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Schedule</th>
                <th scope="col">Retention</th>
                <th scope="col">Enabled</th>
                {mayRun || mayManage ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {result.data.map((config) => (
                <tr key={config.id}>
                  <th scope="row">
                    <Link href={`/jobs?configuration=${encodeURIComponent(config.name)}`} className="mono">
                      {config.name}
                    </Link>
                    {config.description ? <span className="cell-sub">{config.description}</span> : null}
                  </th>
                  <td className="nowrap">
                    {formatEnum(config.backupType)}
                    {config.encrypt ? <span className="cell-sub">encrypted</span> : null}
                  </td>
                  <td>
                    {formatSchedule(config)}
                    <span className="cell-sub">{formatEnum(config.frequency)}</span>
                  </td>
                  <td>{formatRetention(config.retention)}</td>
                  <td>{config.isEnabled ? 'Yes' : 'No'}</td>
                  {mayRun || mayManage ? (
                    <td>
                      <div className="row-actions">
                        {mayRun ? (
                          <ActionButton
                            action={runBackupNowAction}
                            fields={{ configuration: config.name }}
                            label="Run now"
                            pendingLabel="Starting…"
                            accessibleLabel={`Run now: ${config.name}`}
                            variant="primary"
                          />
                        ) : null}
                        {mayManage ? (
                          <>
                            <Link
                              href={`/configurations/${encodeURIComponent(config.name)}/edit`}
                              className="button button-secondary"
                              aria-label={`Edit ${config.name}`}
                            >
                              Edit
                            </Link>
                            <ActionButton
                              action={setEnabledAction}
                              fields={{ name: config.name, enable: String(!config.isEnabled) }}
                              label={config.isEnabled ? 'Disable' : 'Enable'}
                              pendingLabel="Saving…"
                              accessibleLabel={`${config.isEnabled ? 'Disable' : 'Enable'} ${config.name}`}
                            />
                            <ActionButton
                              action={deleteConfigurationAction}
                              fields={{ name: config.name }}
                              label="Delete…"
                              pendingLabel="Deleting…"
                              accessibleLabel={`Delete ${config.name}`}
                              variant="danger"
                              confirm={{
                                question: `Delete the configuration ${config.name}? Configurations that still have backups cannot be deleted; disable them instead.`,
                                confirmLabel: 'Yes, delete it',
                                cancelLabel: 'Keep it',
                              }}
                            />
                          </>
                        ) : null}
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
