import type { Metadata } from 'next';
import { ErrorNotice } from '@/components/error-notice';
import { formatEnum, formatRetention, formatSchedule } from '@/lib/format';
import { getConfigurations } from '@/server/configurations';
import { load } from '@/server/load';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Configurations' };

export default async function ConfigurationsPage() {
  await requireUser();
  const result = await load(getConfigurations);

  return (
    <>
      <div className="page-header">
        <h1>Backup configurations</h1>
      </div>
      {!result.ok ? (
        <ErrorNotice error={result.error} live={false} />
      ) : result.data.length === 0 ? (
        <p>There are no backup configurations yet.</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="configurations-caption" tabIndex={0}>
          <table>
            <caption id="configurations-caption">
              {result.data.length} configurations. Times are UTC.
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Frequency</th>
                <th scope="col">Schedule</th>
                <th scope="col">Retention</th>
                <th scope="col">Enabled</th>
              </tr>
            </thead>
            <tbody>
              {result.data.map((config) => (
                <tr key={config.id}>
                  <th scope="row">
                    <span className="mono">{config.name}</span>
                    {config.description ? <span className="cell-sub">{config.description}</span> : null}
                  </th>
                  <td className="nowrap">{formatEnum(config.backupType)}</td>
                  <td className="nowrap">{formatEnum(config.frequency)}</td>
                  <td>{formatSchedule(config)}</td>
                  <td>{formatRetention(config.retention)}</td>
                  <td>{config.isEnabled ? 'Yes' : 'No'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
