import { checkAuditChain, computeAuditHash, GENESIS_HASH } from './audit-chain';
import { recordAuditEvent } from './record-audit-event';
import { createMemoryContext, testAdmin } from '../test-support/in-memory';
import type { AuditEvent } from '../model/entities';

async function chainOf(count: number): Promise<AuditEvent[]> {
  const ctx = createMemoryContext();
  for (let i = 0; i < count; i += 1) {
    await recordAuditEvent(ctx.repos, ctx.clock, {
      actor: testAdmin,
      action: 'document.create',
      targetType: 'Document',
      targetId: `doc-${i}`,
      details: { i, nested: { b: 2, a: 1 } },
    });
    ctx.clock.advance(1000);
  }
  return ctx.state().audit;
}

describe('recordAuditEvent', () => {
  it('starts the chain at sequence 1 with the genesis hash as prevHash', async () => {
    const [first] = await chainOf(1);
    expect(first).toMatchObject({ sequence: 1, prevHash: GENESIS_HASH, actor: 'test:admin', outcome: 'SUCCESS' });
    expect(first?.hash).toBe(computeAuditHash(first as AuditEvent));
  });

  it('links each event to the hash of the one before', async () => {
    const events = await chainOf(3);
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
    expect(events[2]?.prevHash).toBe(events[1]?.hash);
  });
});

describe('computeAuditHash', () => {
  it('does not depend on the key order of details', async () => {
    const [event] = await chainOf(1);
    const reordered = { ...(event as AuditEvent), details: { nested: { a: 1, b: 2 }, i: 0 } };
    expect(computeAuditHash(reordered)).toBe(event?.hash);
  });

  it('changes when any field changes', async () => {
    const [event] = await chainOf(1);
    const base = event as AuditEvent;
    for (const changed of [
      { ...base, actor: 'mallory' },
      { ...base, outcome: 'FAILURE' as const },
      { ...base, at: new Date(base.at.getTime() + 1) },
      { ...base, details: { i: 1, nested: { a: 1, b: 2 } } },
      { ...base, prevHash: 'f'.repeat(64) },
    ]) {
      expect(computeAuditHash(changed)).not.toBe(base.hash);
    }
  });
});

describe('checkAuditChain', () => {
  it('reports an empty chain as intact', async () => {
    expect(await checkAuditChain([])).toEqual({ intact: true, eventCount: 0, lastSequence: null, lastHash: null, firstBreak: null });
  });

  it('reports an untouched chain as intact with its last hash', async () => {
    const events = await chainOf(5);
    const report = await checkAuditChain(events);
    expect(report).toMatchObject({ intact: true, eventCount: 5, lastSequence: 5, lastHash: events[4]?.hash });
  });

  it('names the edited event when its details were changed', async () => {
    const events = await chainOf(5);
    events[2] = { ...(events[2] as AuditEvent), details: { i: 99 } };
    expect((await checkAuditChain(events)).firstBreak).toMatchObject({ kind: 'HASH_MISMATCH', sequence: 3 });
  });

  it('names the event after a removed one', async () => {
    const events = await chainOf(5);
    events.splice(1, 1);
    expect((await checkAuditChain(events)).firstBreak).toMatchObject({ kind: 'SEQUENCE_GAP', sequence: 3, expected: 2 });
  });

  it('detects a rewritten event whose hash was recomputed by the forger', async () => {
    const events = await chainOf(4);
    const forged = { ...(events[1] as AuditEvent), actor: 'mallory' };
    events[1] = { ...forged, hash: computeAuditHash(forged) };
    expect((await checkAuditChain(events)).firstBreak).toMatchObject({ kind: 'PREV_HASH_MISMATCH', sequence: 3 });
  });

  it('detects a chain whose first event does not start from the genesis hash', async () => {
    const events = await chainOf(3);
    expect((await checkAuditChain(events.slice(1))).firstBreak).toMatchObject({ kind: 'PREV_HASH_MISMATCH', sequence: 2 });
  });
});
