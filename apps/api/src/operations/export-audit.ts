import { assertCan, type Actor, type AuditEvent } from '@edms/domain';
import type { ApiDependencies } from '../dependencies';

/**
 * Every audit event in sequence order, one JSON object per line, read in
 * batches so memory stays flat however long the trail. The domain has list
 * and verify use cases but no export one; the permission is the one reading
 * the trail needs.
 */
export function exportAuditEvents(deps: ApiDependencies, actor: Actor): AsyncIterable<Uint8Array> {
  // Checked before the first byte is sent, while a refusal can still be a problem document.
  assertCan(actor, 'read');
  return toLines(deps.services.ctx.repos.audit.iterate(500));
}

async function* toLines(events: AsyncIterable<AuditEvent>): AsyncIterable<Uint8Array> {
  for await (const event of events) yield Buffer.from(`${JSON.stringify(serializeEvent(event))}\n`);
}

function serializeEvent(event: AuditEvent): Record<string, unknown> {
  return { ...event, at: event.at.toISOString() };
}
