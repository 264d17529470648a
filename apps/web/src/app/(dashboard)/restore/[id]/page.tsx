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
import { StepLog } from '../step-log';
import { APPLY_STEP, WizardSteps } from '../wizard-steps';

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

  const { restore, plan, source, safetyBackup, stagedBytes } = result.data;
  const attempt = restore.status === 'AWAITING_CONFIRMATION' ? applyAttempt(restore.id) : null;
  const applying = attempt?.state === 'running';
  const active = restore.status === 'PENDING' || restore.status === 'VALIDATING' || restore.status === 'RUNNING' || applying;
  const failure = describeStoredError(restore.error);
  // Validate and stage (1) → check the plan and confirm (2) → apply (3) → result (4).
  const step = active ? (restore.status === 'RUNNING' || applying ? 3 : 1) : restore.status === 'AWAITING_CONFIRMATION' ? 2 : 4;
  const awaiting = !active && restore.status === 'AWAITING_CONFIRMATION';

  return (
    <>
      <p className="breadcrumb">
        <Link href="/restore">← Restore</Link>
      </p>
      <div className="page-header">
        <h1>{restore.dryRun ? 'Dry run of a restore' : 'Restore'}</h1>
        <StatusBadge status={restore.status} />
      </div>
      {/* A dry run (made with the CLI or the API, or by an earlier version of this wizard) is not a step of the wizard. */}
      {restore.dryRun ? null : <WizardSteps current={step} skipped={restore.status === 'CANCELLED' ? [APPLY_STEP] : []} />}

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
          <p>
            Dry run finished: nothing was changed and nothing was kept staged. To restore this package, prepare it from the
            Restore page: that reads it once more, validating and staging it, and then shows the plan with the confirmation.
          </p>
          {source && source.backupFilePath && !source.prunedAt ? (
            <p>
              <Link href={`/restore?job=${encodeURIComponent(source.id)}`}>Prepare a restore of this package</Link>
            </p>
          ) : null}
        </div>
      ) : null}
      {awaiting ? (
        <div className={stagedBytes === null ? 'notice notice-warn' : 'notice notice-info'} role="status">
          <p className="notice-title">Validation passed: the package was read once, checked completely and staged on the server.</p>
          {stagedBytes === null ? (
            <p>
              Nothing live has been changed, but the staged copy of the package is not on this server&apos;s disk any more,
              so this restore cannot be applied. Cancel it and prepare the restore again.
            </p>
          ) : (
            <p>
              Nothing live has been changed yet. The staged copy uses {formatBytes(stagedBytes)} of disk space until you
              restore or cancel; cancelling deletes it. This restore waits — it does not expire — and stays listed on the
              Restore page until you do one or the other. Check the plan, then confirm.
            </p>
          )}
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
          This restore was cancelled before anything was changed; its staged copy of the package was deleted.
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
      {awaiting && plan && restore.planHash ? (
        <ConfirmRestore
          restoreId={restore.id}
          planHash={restore.planHash}
          replaced={describeReplacement(plan)}
          warnings={plan.warnings.map((w) => describeErrorCode(w.code).message)}
          stagedBytes={stagedBytes}
        />
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
