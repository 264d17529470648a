import { createHash } from 'node:crypto';
import type { AuditEvent } from '../model/entities';
import { canonicalJson } from '../shared/canonical-json';

/** prevHash of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

export type UnhashedAuditEvent = Omit<AuditEvent, 'hash'>;

/**
 * hash = sha256(canonical JSON of every other field, prevHash included).
 * Any edit, insertion, removal or reordering of events changes a hash or
 * breaks a prevHash link, which `verifyAuditChain` reports.
 */
export function computeAuditHash(event: UnhashedAuditEvent): string {
  const canonical = canonicalJson({
    sequence: event.sequence,
    at: event.at.toISOString(),
    actor: event.actor,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    outcome: event.outcome,
    details: event.details,
    prevHash: event.prevHash,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

export type AuditChainBreak =
  | { kind: 'HASH_MISMATCH'; sequence: number; expected: string; actual: string }
  | { kind: 'PREV_HASH_MISMATCH'; sequence: number; expected: string; actual: string }
  | { kind: 'SEQUENCE_GAP'; sequence: number; expected: number };

export interface AuditChainReport {
  intact: boolean;
  eventCount: number;
  lastSequence: number | null;
  lastHash: string | null;
  /** The first broken link, when the chain is not intact. */
  firstBreak: AuditChainBreak | null;
}

/** Walks events in sequence order and names the first broken link. */
export async function checkAuditChain(events: AsyncIterable<AuditEvent> | Iterable<AuditEvent>): Promise<AuditChainReport> {
  let expectedPrev = GENESIS_HASH;
  let expectedSequence: number | null = null;
  let count = 0;
  let last: AuditEvent | null = null;
  for await (const event of events) {
    count += 1;
    const fail = (firstBreak: AuditChainBreak): AuditChainReport => ({
      intact: false,
      eventCount: count,
      lastSequence: event.sequence,
      lastHash: event.hash,
      firstBreak,
    });
    if (expectedSequence !== null && event.sequence !== expectedSequence) {
      return fail({ kind: 'SEQUENCE_GAP', sequence: event.sequence, expected: expectedSequence });
    }
    if (event.prevHash !== expectedPrev) {
      return fail({ kind: 'PREV_HASH_MISMATCH', sequence: event.sequence, expected: expectedPrev, actual: event.prevHash });
    }
    const recomputed = computeAuditHash(event);
    if (recomputed !== event.hash) {
      return fail({ kind: 'HASH_MISMATCH', sequence: event.sequence, expected: recomputed, actual: event.hash });
    }
    expectedPrev = event.hash;
    expectedSequence = event.sequence + 1;
    last = event;
  }
  return { intact: true, eventCount: count, lastSequence: last?.sequence ?? null, lastHash: last?.hash ?? null, firstBreak: null };
}
