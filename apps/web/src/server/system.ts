import 'server-only';
import type { ResetPlan, SystemCheckReport } from '@edms/domain';
import { startTask } from './background-tasks';
import { edmsDomain } from './edms';
import { requireUser } from './session';
import { getServices } from './services';

/** Live integrity check (SPEC §6): every file's size and sha256, orphans, the audit chain, stale jobs. */
export async function runIntegrityCheck(): Promise<SystemCheckReport> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  return edmsDomain().checkSystem(ctx, actor, { verifyChecksums: true });
}

/** The reset plan and its hash, computed without changing anything (ADMIN only). */
export async function planSystemReset(): Promise<{ plan: ResetPlan; planHash: string }> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const { plan, planHash } = await edmsDomain().resetSystem(ctx, actor, { dryRun: true, confirmed: false });
  return { plan, planHash };
}

/**
 * Runs the confirmed reset in the background (it takes a safety backup first,
 * which can take a while); the page polls the task for the outcome. The hash
 * ties the confirmation to the plan that was shown: a changed system is refused.
 */
export async function startSystemReset(planHash: string): Promise<string> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const domain = edmsDomain();
  domain.assertCan(actor, 'reset');
  return startTask({
    kind: 'reset',
    label: 'System reset',
    ownerId: actor.userId,
    run: async (report) => {
      report({ fraction: 0.1, message: 'taking the safety backup, then removing documents and users' });
      const result = await domain.resetSystem(ctx, actor, { confirmed: true, planHash });
      return {
        applied: result.applied,
        safetyBackupJobId: result.safetyBackupJobId,
        removed: { ...result.plan.remove },
      };
    },
  }).id;
}
