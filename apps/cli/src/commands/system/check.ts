import { Flags } from '@oclif/core';
import { checkSystem, DomainError, type SystemCheckReport } from '@edms/domain';
import { BaseCommand } from '../../base-command';
import { formatBytes } from '../../lib/table';

export default class SystemCheck extends BaseCommand<typeof SystemCheck> {
  static override summary = 'Check live integrity: files vs recorded size and sha256, orphan files, audit chain, stale jobs, interrupted restores.';
  static override description = 'Exits 0 when everything is intact and 6 (integrity) otherwise, listing every finding.';
  static override examples = ['<%= config.bin %> system check', '<%= config.bin %> system check --quick --json'];
  static override flags = { quick: Flags.boolean({ description: 'Compare sizes only; do not hash every file.' }) };

  async run(): Promise<SystemCheckReport> {
    const report = await checkSystem(this.ctx, this.actor, { verifyChecksums: !this.flags.quick });
    this.log(`Checked ${report.versionsChecked} document version(s), ${formatBytes(report.bytesChecked)}.`);
    for (const m of report.missingFiles) this.log(`missing file: ${m.document} v${m.version} ${m.storageKey}`);
    for (const c of report.changedFiles) this.log(`changed file: ${c.document} v${c.version} ${c.storageKey}`);
    for (const o of report.orphanFiles) this.log(`orphan file:  ${o.storageKey} (${formatBytes(o.sizeBytes)})`);
    if (!report.audit.intact) this.log(`audit chain broken at sequence ${report.audit.firstBreak?.sequence} (${report.audit.firstBreak?.kind})`);
    for (const j of report.staleJobs) this.log(`stale job: ${j.jobName} (last heartbeat ${j.heartbeatAt ?? 'never'})`);
    if (report.interruptedRestore) this.log(`interrupted restore: ${report.interruptedRestore}`);
    if (!report.ok) {
      throw new DomainError('SYSTEM_CHECK_FAILED', 'the integrity check found problems (listed above)', { details: report as unknown as Record<string, unknown> });
    }
    this.log('Intact.');
    return report;
  }
}
