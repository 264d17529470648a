import { createHash } from 'node:crypto';
import { checkAuditChain, type AuditChainReport } from '../audit/audit-chain';
import { recordAuditEvent } from '../audit/record-audit-event';
import { DEFAULT_STALE_AFTER_MS } from '../backup/jobs/worker';
import { assertCan, type Actor } from '../shared/actor';
import type { ServiceContext } from '../shared/service-context';

export interface SystemCheckOptions {
  /** Hash every file (default) or only compare sizes (fast). */
  verifyChecksums?: boolean;
  staleAfterMs?: number;
}

export interface SystemCheckReport {
  ok: boolean;
  versionsChecked: number;
  bytesChecked: number;
  missingFiles: Array<{ document: string; version: number; storageKey: string }>;
  changedFiles: Array<{ document: string; version: number; storageKey: string; expected: { sizeBytes: number; sha256: string }; actual: { sizeBytes: number; sha256: string | null } }>;
  orphanFiles: Array<{ storageKey: string; sizeBytes: number }>;
  audit: AuditChainReport;
  staleJobs: Array<{ jobId: string; jobName: string; heartbeatAt: string | null }>;
  interruptedRestore: string | null;
}

/** Files checked at the same time. */
const CHECK_CONCURRENCY = 8;

/** `fn` over every item, at most `limit` at a time; results in the items' order. */
async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function sha256Of(content: AsyncIterable<Uint8Array>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of content) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * Live integrity (SPEC §6): every version's file exists with its recorded size
 * and sha256, no file in the store is unreferenced, the audit chain is intact,
 * no job is stuck RUNNING, no restore is half applied. Read-only; the outcome
 * is recorded in the audit trail.
 */
export async function checkSystem(ctx: ServiceContext, actor: Actor, options: SystemCheckOptions = {}): Promise<SystemCheckReport> {
  assertCan(actor, 'read');
  const verify = options.verifyChecksums ?? true;
  const versions = await ctx.repos.documents.listAllVersions();
  const numbers = new Map<string, Promise<string>>();
  const report: SystemCheckReport = {
    ok: true,
    versionsChecked: 0,
    bytesChecked: 0,
    missingFiles: [],
    changedFiles: [],
    orphanFiles: [],
    audit: await checkAuditChain(ctx.repos.audit.iterate()),
    staleJobs: [],
    interruptedRestore: null,
  };
  const referenced = new Set(versions.map((version) => version.storageKey));
  const documentNumber = (documentId: string): Promise<string> => {
    let found = numbers.get(documentId);
    if (!found) {
      found = ctx.repos.documents.findById(documentId).then((d) => d?.number ?? documentId);
      numbers.set(documentId, found);
    }
    return found;
  };
  // Files are checked several at a time (reads overlap with hashing; on a network
  // file system or a cold cache most of the time is waiting); findings keep the
  // order of the versions.
  type Finding = { missing?: SystemCheckReport['missingFiles'][number]; changed?: SystemCheckReport['changedFiles'][number]; bytes: number };
  const findings = await mapWithConcurrency(versions, CHECK_CONCURRENCY, async (version): Promise<Finding> => {
    const document = await documentNumber(version.documentId);
    const stat = await ctx.fileStore.stat(version.storageKey);
    if (!stat) return { missing: { document, version: version.version, storageKey: version.storageKey }, bytes: 0 };
    const actualSha = verify || stat.sizeBytes === version.sizeBytes ? await sha256Of(await ctx.fileStore.openRead(version.storageKey)) : null;
    const changed = stat.sizeBytes !== version.sizeBytes || (actualSha !== null && actualSha !== version.sha256);
    return {
      bytes: stat.sizeBytes,
      ...(changed
        ? {
            changed: {
              document,
              version: version.version,
              storageKey: version.storageKey,
              expected: { sizeBytes: version.sizeBytes, sha256: version.sha256 },
              actual: { sizeBytes: stat.sizeBytes, sha256: actualSha },
            },
          }
        : {}),
    };
  });
  for (const finding of findings) {
    report.versionsChecked += 1;
    report.bytesChecked += finding.bytes;
    if (finding.missing) report.missingFiles.push(finding.missing);
    if (finding.changed) report.changedFiles.push(finding.changed);
  }
  for await (const stored of ctx.fileStore.list()) {
    if (!referenced.has(stored.key)) report.orphanFiles.push({ storageKey: stored.key, sizeBytes: stored.sizeBytes });
  }
  const staleBefore = new Date(ctx.clock.now().getTime() - (options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS));
  report.staleJobs = (await ctx.repos.backupJobs.findStaleRunning(staleBefore)).map((j) => ({
    jobId: j.id,
    jobName: j.jobName,
    heartbeatAt: j.heartbeatAt?.toISOString() ?? null,
  }));
  report.interruptedRestore = (await ctx.restores.journal.read())?.restoreId ?? null;
  report.ok =
    report.missingFiles.length === 0 &&
    report.changedFiles.length === 0 &&
    report.orphanFiles.length === 0 &&
    report.audit.intact &&
    report.staleJobs.length === 0 &&
    report.interruptedRestore === null;
  await ctx.uow.transaction((repos) =>
    recordAuditEvent(repos, ctx.clock, {
      actor,
      action: 'system.check',
      targetType: 'System',
      outcome: report.ok ? 'SUCCESS' : 'FAILURE',
      details: {
        versionsChecked: report.versionsChecked,
        missing: report.missingFiles.length,
        changed: report.changedFiles.length,
        orphans: report.orphanFiles.length,
        auditIntact: report.audit.intact,
        staleJobs: report.staleJobs.length,
        interruptedRestore: report.interruptedRestore,
      },
    }),
  );
  return report;
}
