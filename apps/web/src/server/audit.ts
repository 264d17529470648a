import 'server-only';
import type { AuditChainReport, AuditEvent, Page } from '@edms/domain';
import { auditRange, type AuditSearch } from '@/lib/audit-search';
import { pageCount } from '@/lib/search-params';
import { edmsDomain } from './edms';
import { requireUser } from './session';
import { getServices } from './services';

export interface AuditPage extends Page<AuditEvent> {
  page: number;
  pageSize: number;
  pageCount: number;
}

/** One page of audit events matching the filters, newest first. */
export async function searchAudit(search: AuditSearch): Promise<AuditPage> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const result = await edmsDomain().listAuditEvents(ctx, actor, {
    action: search.action || undefined,
    actor: search.actor || undefined,
    targetType: search.targetType || undefined,
    outcome: search.outcome,
    ...auditRange(search),
    skip: (search.page - 1) * search.pageSize,
    take: search.pageSize,
  });
  return { ...result, page: search.page, pageSize: search.pageSize, pageCount: pageCount(result.total, search.pageSize) };
}

/** Recomputes every hash of the chain. */
export async function verifyAudit(): Promise<AuditChainReport> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  return edmsDomain().verifyAuditChain(ctx, actor);
}

/**
 * The whole chain in sequence order, for the NDJSON export, with the export
 * itself recorded in the audit trail first (who took a copy, and when). The
 * events are read in batches, so memory stays flat however long the chain is.
 */
export async function openAuditExport(): Promise<AsyncIterable<AuditEvent>> {
  const { actor } = await requireUser();
  const { ctx } = await getServices();
  const domain = edmsDomain();
  domain.assertCan(actor, 'read');
  await ctx.uow.transaction((repos) =>
    domain.recordAuditEvent(repos, ctx.clock, {
      actor,
      action: 'audit.export',
      targetType: 'AuditEvent',
      details: { format: 'ndjson', via: 'web' },
    }),
  );
  return ctx.repos.audit.iterate();
}
