import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ErrorNotice } from '@/components/error-notice';
import { ForbiddenNotice } from '@/components/forbidden-notice';
import { StatusBadge } from '@/components/status-badge';
import { StoredErrorNotice } from '@/components/stored-error-notice';
import { describeErrorCode } from '@/lib/error-messages';
import { formatBytes, formatDateTime, formatEnum } from '@/lib/format';
import { describeReplacement } from '@/lib/restore-plan-view';
import { describeStoredError } from '@/lib/stored-error';
import { can } from '@/server/authorization';
import { load } from '@/server/load';
import { applyAttempt, findRestore } from '@/server/restores';
import { requireUser } from '@/server/session';
import { ConfirmRestore } from '../confirm-restore';
import { LiveRestoreProgress } from '../live-restore-progress';
import { PlanView } from '../plan-view';
import { ContinueToConfirmation } from '../prepare-runner';
import { StepLog } from '../step-log';
import { WizardSteps } from '../wizard-steps';

type Params = Promise<{ id: string }>;

export const metadata: Metadata = { title: 'Restore' };

export default async function RestoreDetailsPage({ params }: { params: Params }) {
  const { id } = await params;
  const { actor } = await requireUser();
  if (!can(actor, 'restore')) return <ForbiddenNotice title="Restore" />;
  const result = await load(() => findRestore(id));
  if (result.ok && result.data === null) notFound();
  if (!result.ok || !result.data) {
    return (
      <>
        <h1>Restore</h1>
        {!result.ok ? <ErrorNotice error={result.error} live={false} /> : null}
      </>
    );
  }

  const { restore, plan, source, safetyBackup } = result.data;
  const attempt = restore.status === 'AWAITING_CONFIRMATION' ? applyAttempt(restore.id) : null;
  const applying = attempt?.state === 'running';
  const active = restore.status === 'PENDING' || restore.status === 'VALIDATING' || restore.status === 'RUNNING' || applying;
  const failure = describeStoredError(restore.error);
  const step = active
    ? restore.status === 'RUNNING' || applying
      ? 4
      : 1
    : restore.status === 'AWAITING_CONFIRMATION'
      ? 3
      : restore.dryRun && restore.status === 'COMPLETED'
        ? 2
        : 5;

  return (
    <>
      <p className="breadcrumb">
        <Link href="/restore">← Restore</Link>
      </p>
      <div className="page-header">
        <h1>{restore.dryRun ? 'Dry run of a restore' : 'Restore'}</h1>
        <StatusBadge status={restore.status} />
      </div>
      <WizardSteps current={step} />

      <dl className="details">
        <dt>Package</dt>
        <dd>
          {source ? (
            <Link href={`/jobs/${source.id}`} className="mono">
              {source.jobName}
            </Link>
          ) : (
            '—'
          )}
          {source ? (
            <span className="cell-sub">
              {formatEnum(source.origin)} · {formatEnum(source.backupType)} · {source.sizeBytes !== null ? formatBytes(source.sizeBytes) : '?'}
            </span>
          ) : null}
        </dd>
        <dt>Restore type</dt>
        <dd>{formatEnum(restore.restoreType)}</dd>
        <dt>Started</dt>
        <dd>{formatDateTime(restore.startedAt ?? restore.createdAt)}</dd>
        <dt>Finished</dt>
        <dd>{formatDateTime(restore.completedAt)}</dd>
      </dl>

      {active ? <LiveRestoreProgress restoreId={restore.id} waitForStart={applying} /> : null}

      {!active && restore.status === 'COMPLETED' && restore.dryRun ? (
        <div className="notice notice-success" role="status">
          <p className="notice-title">Validation passed: every entry, checksum and record of the package was checked.</p>
          <p>Dry run finished: nothing was changed. Review the plan below, then continue to the confirmation.</p>
        </div>
      ) : null}
      {!active && restore.status === 'AWAITING_CONFIRMATION' ? (
        <div className="notice notice-info" role="status">
          <p className="notice-title">Validation passed and the package is prepared on the server.</p>
          <p>Nothing has been changed yet. Check the plan, then confirm below.</p>
        </div>
      ) : null}
      {!active && restore.status === 'COMPLETED' && !restore.dryRun ? (
        <div className="notice notice-success" role="status">
          <p className="notice-title">Restore completed and verified.</p>
          <p>The restored records and files were checked against the package after applying.</p>
        </div>
      ) : null}
      {!active && failure ? (
        <StoredErrorNotice
          error={failure}
          title={
            restore.status === 'ROLLED_BACK'
              ? 'The restore failed and everything was rolled back to how it was before.'
              : restore.status === 'CANCELLED'
                ? 'The restore was cancelled.'
                : 'The restore failed. Nothing was changed unless the step log says otherwise.'
          }
        />
      ) : null}
      {!active && restore.status === 'CANCELLED' && !failure ? (
        <p className="notice notice-info" role="status">
          This restore was cancelled before anything was changed.
        </p>
      ) : null}

      {safetyBackup ? (
        <p className="notice notice-info">
          Safety backup of the system as it was before:{' '}
          <Link href={`/jobs/${safetyBackup.id}`} className="mono">
            {safetyBackup.jobName}
          </Link>{' '}
          ({safetyBackup.sizeBytes !== null ? formatBytes(safetyBackup.sizeBytes) : '?'}). Restore it to go back.
        </p>
      ) : null}

      {!active && attempt?.state === 'failed' && attempt.error ? (
        <ErrorNotice error={attempt.error} live={false} />
      ) : null}
      {!active && restore.status === 'AWAITING_CONFIRMATION' && plan && restore.planHash ? (
        <ConfirmRestore
          restoreId={restore.id}
          planHash={restore.planHash}
          replaced={describeReplacement(plan)}
          warnings={plan.warnings.map((w) => describeErrorCode(w.code).message)}
        />
      ) : null}
      {!active && restore.status === 'COMPLETED' && restore.dryRun && source ? (
        <ContinueToConfirmation jobId={source.id} restoreType={restore.restoreType} />
      ) : null}

      {plan ? <PlanView plan={plan} planHash={restore.planHash} /> : null}

      {!active ? (
        <section aria-labelledby="steps-heading" className="section">
          <h2 id="steps-heading">Step log</h2>
          <StepLog steps={restore.steps} />
        </section>
      ) : null}

      {!active && restore.status !== 'AWAITING_CONFIRMATION' ? (
        <p>
          <Link href="/restore">Start another restore</Link>
        </p>
      ) : null}
    </>
  );
}
