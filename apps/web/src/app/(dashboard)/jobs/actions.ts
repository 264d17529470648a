'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { ActionState } from '@/lib/action-state';
import { actionFailure, field } from '@/server/action-result';
import { formatBytes } from '@/lib/format';
import { applyRetention, removeJob, startBackupNow, startVerify, syncPackages } from '@/server/backups';

/** "Run now": queues the configuration's backup, starts it in the background and opens the job to watch it. */
export async function runBackupNowAction(_state: ActionState, form: FormData): Promise<ActionState> {
  let jobId: string;
  try {
    jobId = (await startBackupNow(field(form, 'configuration'))).id;
  } catch (error) {
    return actionFailure(error);
  }
  revalidatePath('/', 'layout');
  redirect(`/jobs/${jobId}`);
}

/** Reads the package end to end in the background; the job page shows the recorded outcome when it ends. */
export async function verifyJobAction(_state: ActionState, form: FormData): Promise<ActionState> {
  try {
    const taskId = await startVerify(field(form, 'jobId'));
    return { status: 'ok', message: 'Verification started: the package is being read end to end.', taskId };
  } catch (error) {
    return actionFailure(error);
  }
}

export async function deleteJobAction(_state: ActionState, form: FormData): Promise<ActionState> {
  let result: Awaited<ReturnType<typeof removeJob>>;
  try {
    result = await removeJob(field(form, 'jobId'));
  } catch (error) {
    return actionFailure(error);
  }
  revalidatePath('/', 'layout');
  if (field(form, 'returnTo') === 'list') {
    return {
      status: 'ok',
      message: result.rowKept
        ? `Deleted the package of ${result.jobName}; the entry stays in the catalog because a restore refers to it.`
        : `Deleted ${result.jobName}${result.fileRemoved ? ' and its package file' : ''}.`,
    };
  }
  redirect(`/jobs?deleted=${encodeURIComponent(result.jobName)}`);
}

/** Registers packages found on disk that the catalog does not know (IMPORTED jobs) and reports missing files. */
export async function syncCatalogAction(): Promise<ActionState> {
  try {
    const result = await syncPackages();
    revalidatePath('/', 'layout');
    const parts = [
      `${result.registered.length} new package${result.registered.length === 1 ? '' : 's'} registered`,
      `${result.alreadyKnown} already known`,
      result.missing.length ? `${result.missing.length} catalog entr${result.missing.length === 1 ? 'y has' : 'ies have'} no file any more` : null,
      result.unreadable.length ? `${result.unreadable.length} unreadable file${result.unreadable.length === 1 ? '' : 's'} skipped` : null,
    ].filter(Boolean);
    return { status: 'ok', message: `Catalog synchronised: ${parts.join(', ')}.` };
  } catch (error) {
    return actionFailure(error);
  }
}

export async function applyRetentionAction(): Promise<ActionState> {
  try {
    const result = await applyRetention();
    revalidatePath('/', 'layout');
    const removed = result.configurations.reduce((n, c) => n + c.remove.length, 0);
    const freed = result.configurations.reduce((n, c) => n + c.freedBytes, 0);
    return { status: 'ok', message: `Retention applied: ${removed} package${removed === 1 ? '' : 's'} removed, ${formatBytes(freed)} freed.` };
  } catch (error) {
    return actionFailure(error);
  }
}
