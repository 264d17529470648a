import type { AuditEvent, AuditOutcome } from '../model/entities';
import type { Clock } from '../ports/clock.port';
import type { Repositories } from '../ports/repositories.port';
import type { Actor } from '../shared/actor';
import { computeAuditHash, GENESIS_HASH } from './audit-chain';

/** One fact for the audit trail. */
export interface RecordAuditEventOptions {
  actor: Actor | string;
  /** Dotted verb, e.g. `document.create`, `backup.run`, `restore.apply`. */
  action: string;
  targetType: string;
  targetId?: string | null;
  outcome?: AuditOutcome;
  details?: Record<string, unknown>;
}

/**
 * Appends a hash-chained event. Call it inside the same transaction as the
 * change it describes, so the change and its record commit together; a
 * concurrent append surfaces as a conflict that the unit of work retries.
 */
export async function recordAuditEvent(
  repos: Pick<Repositories, 'audit'>,
  clock: Clock,
  options: RecordAuditEventOptions,
): Promise<AuditEvent> {
  const last = await repos.audit.findLast();
  const unhashed = {
    sequence: (last?.sequence ?? 0) + 1,
    at: clock.now(),
    actor: typeof options.actor === 'string' ? options.actor : options.actor.name,
    action: options.action,
    targetType: options.targetType,
    targetId: options.targetId ?? null,
    outcome: options.outcome ?? 'SUCCESS',
    details: options.details ?? {},
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  return repos.audit.append({ ...unhashed, hash: computeAuditHash(unhashed) });
}
