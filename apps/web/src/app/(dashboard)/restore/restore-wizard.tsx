'use client';

import { useId, useState } from 'react';
import { formatBytes, formatDateTime, formatEnum } from '@/lib/format';
import { usePrepare } from './prepare-runner';
import { UploadPackage, type UploadedPackage } from './upload-package';

export interface CatalogChoice {
  id: string;
  jobName: string;
  configuration: string;
  backupType: 'FULL' | 'DATABASE' | 'FILES';
  origin: string;
  completedAt: string | null;
  sizeBytes: number | null;
}

export interface RestoreWizardProps {
  jobs: CatalogChoice[];
  maxUploadBytes: number;
  /** A catalog backup to choose first (`/restore?job=<id>`, e.g. from a dry run's page). */
  initialJobId?: string;
}

/**
 * Step 1 of the wizard: choose a catalog backup or upload a package, choose
 * what to restore, then prepare — one read of the package validates it,
 * stages it and plans the restore; the restore's page then shows the plan
 * with the confirmation.
 */
export function RestoreWizard({ jobs, maxUploadBytes, initialJobId }: RestoreWizardProps) {
  const id = useId();
  const [sourceKind, setSourceKind] = useState<'job' | 'upload'>(jobs.length > 0 ? 'job' : 'upload');
  const [jobId, setJobId] = useState(jobs.find((j) => j.id === initialJobId)?.id ?? jobs[0]?.id ?? '');
  const [upload, setUpload] = useState<UploadedPackage | null>(null);
  const [restoreType, setRestoreType] = useState('');
  const { prepare, isPending, isRunning, view } = usePrepare();
  const chosenJob = jobs.find((j) => j.id === jobId);
  const ready = sourceKind === 'job' ? Boolean(chosenJob) : Boolean(upload);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!ready || isRunning) return;
    const type = (restoreType || undefined) as 'FULL' | 'DATABASE' | 'FILES' | undefined;
    if (sourceKind === 'job') prepare({ sourceKind: 'job', jobId, restoreType: type });
    else if (upload) prepare({ sourceKind: 'upload', uploadId: upload.uploadId, restoreType: type });
  };

  return (
    <form onSubmit={submit} className="form form-wide" aria-describedby={`${id}-intro`}>
      <div id={`${id}-intro`}>
        <p>
          Nothing live is changed until you confirm. Preparing reads the package once: every entry and checksum is checked
          while it is unpacked into a staging area on the server, and then the plan shows exactly what the restore would
          replace, with the confirmation.
        </p>
        <p className="field-hint">
          The staged copy uses about as much disk space as the unpacked package until you restore or cancel; cancelling
          deletes it. An uploaded package the catalog does not hold yet is registered in it as an imported backup.
        </p>
      </div>
      <fieldset>
        <legend>1. Where is the backup?</legend>
        <div className="radio">
          <input
            id={`${id}-kind-job`}
            type="radio"
            name="sourceKind"
            value="job"
            checked={sourceKind === 'job'}
            onChange={() => setSourceKind('job')}
            disabled={jobs.length === 0}
          />
          <label htmlFor={`${id}-kind-job`}>A backup in the catalog{jobs.length === 0 ? ' (none completed yet)' : ''}</label>
        </div>
        <div className="radio">
          <input id={`${id}-kind-upload`} type="radio" name="sourceKind" value="upload" checked={sourceKind === 'upload'} onChange={() => setSourceKind('upload')} />
          <label htmlFor={`${id}-kind-upload`}>A package file from this computer (upload)</label>
        </div>

        {sourceKind === 'job' && jobs.length > 0 ? (
          <div className="field">
            <label htmlFor={`${id}-job`}>Backup</label>
            <select id={`${id}-job`} value={jobId} onChange={(e) => setJobId(e.target.value)}>
              {jobs.map((job) => (
                <option key={job.id} value={job.id}>
                  {`${job.jobName} — ${formatEnum(job.backupType)}, ${formatDateTime(job.completedAt)}, ${job.sizeBytes !== null ? formatBytes(job.sizeBytes) : '?'}`}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {sourceKind === 'upload' ? <UploadPackage maxBytes={maxUploadBytes} onUploaded={setUpload} /> : null}
      </fieldset>

      <fieldset>
        <legend>2. What to restore</legend>
        <div className="field">
          <label htmlFor={`${id}-type`}>Restore type</label>
          <p id={`${id}-type-hint`} className="field-hint">
            A full package can also be restored partly (only the database, or only the files).
          </p>
          <select id={`${id}-type`} value={restoreType} onChange={(e) => setRestoreType(e.target.value)} aria-describedby={`${id}-type-hint`}>
            <option value="">Everything the package holds</option>
            <option value="FULL">Full (database and files)</option>
            <option value="DATABASE">Database only</option>
            <option value="FILES">Document files only</option>
          </select>
        </div>
      </fieldset>

      <div className="button-row">
        <button type="submit" className="button" disabled={!ready || isRunning} aria-busy={isRunning || undefined}>
          {isPending ? 'Starting…' : isRunning ? 'Preparing…' : 'Validate and prepare the restore'}
        </button>
      </div>
      {!ready && sourceKind === 'upload' ? <p className="field-hint">Upload a package to continue.</p> : null}
      {view('Validating and staging the package', <p>Nothing was changed and nothing is kept staged. Choose another package and try again.</p>)}
    </form>
  );
}
