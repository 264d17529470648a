'use server';

import type { AuditChainReport } from '@edms/domain';
import type { ActionState } from '@/lib/action-state';
import { actionFailure } from '@/server/action-result';
import { verifyAudit } from '@/server/audit';

export interface VerifyState extends ActionState {
  report?: AuditChainReport;
}

export async function verifyChainAction(_state: VerifyState): Promise<VerifyState> {
  try {
    const report = await verifyAudit();
    return { status: 'ok', message: report.intact ? 'The audit chain is intact.' : 'The audit chain is broken.', report };
  } catch (error) {
    return actionFailure(error);
  }
}
