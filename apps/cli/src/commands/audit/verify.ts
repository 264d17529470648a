import { verifyAuditChain, type AuditChainBreak, type AuditChainReport } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { CliError } from '../../lib/cli-error';

export default class AuditVerify extends BaseCommand<typeof AuditVerify> {
  static override summary = 'Recompute the audit hash chain and name the first broken link.';
  static override description =
    'Exit code 0 when the chain is intact. When an event was altered, removed or reordered, exits with the integrity code (6) and reports ' +
    'AUDIT_CHAIN_BROKEN naming the sequence of the first broken link; with --json the error details hold the full report.';
  static override examples = ['<%= config.bin %> audit verify', '<%= config.bin %> audit verify --json'];

  async run(): Promise<AuditChainReport> {
    const report = await verifyAuditChain(this.ctx, this.actor);
    if (!report.intact && report.firstBreak) {
      throw new CliError('AUDIT_CHAIN_BROKEN', `audit chain broken at sequence ${report.firstBreak.sequence}: ${describeBreak(report.firstBreak)}`, {
        details: { ...report },
      });
    }
    this.log(`Audit chain intact: ${report.eventCount} event(s), last sequence ${report.lastSequence ?? '-'}, last hash ${report.lastHash ?? '-'}.`);
    return report;
  }
}

function describeBreak(b: AuditChainBreak): string {
  switch (b.kind) {
    case 'HASH_MISMATCH':
      return `the event's content does not match its hash (recomputed ${b.expected}, stored ${b.actual}); it was altered`;
    case 'PREV_HASH_MISMATCH':
      return `its prevHash ${b.actual} does not match the previous event's hash ${b.expected}; an event before it was removed, inserted or altered`;
    case 'SEQUENCE_GAP':
      return `expected sequence ${b.expected}; events are missing`;
  }
}
