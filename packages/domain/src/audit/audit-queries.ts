import type { AuditEvent } from '../model/entities';
import type { AuditListQuery, Page } from '../ports/repositories.port';
import { assertCan, type Actor } from '../shared/actor';
import type { ServiceContext } from '../shared/service-context';
import { checkAuditChain, type AuditChainReport } from './audit-chain';
import { clampPage } from '../shared/paging';

export async function listAuditEvents(ctx: ServiceContext, actor: Actor, query: AuditListQuery = {}): Promise<Page<AuditEvent>> {
  assertCan(actor, 'read');
  return ctx.repos.audit.list({ ...query, ...clampPage(query) });
}

/** Recomputes the whole chain from the stored events. */
export async function verifyAuditChain(ctx: ServiceContext, actor: Actor): Promise<AuditChainReport> {
  assertCan(actor, 'read');
  return checkAuditChain(ctx.repos.audit.iterate());
}
