import type { FilePlan, RestorePlan, TablePlan } from '@edms/domain';
import { formatBytes, formatCount } from './format';

/**
 * Restore plans in words: what the confirmation step names as being replaced
 * or removed. Pure, so the wording is unit tested.
 */

const TABLE_NAMES: Record<string, string> = {
  User: 'Users',
  Document: 'Documents',
  DocumentVersion: 'Document versions',
  BackupConfiguration: 'Backup configurations',
  AuditEvent: 'Audit events',
};

export function tableLabel(table: string): string {
  return TABLE_NAMES[table] ?? table;
}

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** `3 replaced, 1 removed` for one table; null when the table does not change. */
export function describeTableChange(table: Pick<TablePlan, 'insert' | 'replace' | 'delete'>): string | null {
  const parts = [
    table.insert > 0 ? `${formatCount(table.insert)} added` : null,
    table.replace > 0 ? `${formatCount(table.replace)} replaced` : null,
    table.delete > 0 ? `${formatCount(table.delete)} removed` : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? parts.join(', ') : null;
}

/** `2 files written (1.0 MiB), 1 overwritten (10 KiB)`; null when no file changes. */
export function describeFileChange(files: FilePlan | null): string | null {
  if (!files) return null;
  const parts = [
    files.write.count > 0 ? `${plural(files.write.count, 'file', 'files')} written (${formatBytes(files.write.bytes)})` : null,
    files.overwrite.count > 0 ? `${plural(files.overwrite.count, 'file', 'files')} overwritten (${formatBytes(files.overwrite.bytes)})` : null,
    files.remove.count > 0 ? `${plural(files.remove.count, 'file', 'files')} removed (${formatBytes(files.remove.bytes)})` : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? parts.join(', ') : null;
}

/**
 * One sentence per kind of record that changes, for the confirmation:
 * `Documents: 1 added, 2 replaced, 1 removed.` Protected tables are never in it.
 */
export function describeReplacement(plan: Pick<RestorePlan, 'tables' | 'files'>): string[] {
  const lines: string[] = [];
  for (const table of plan.tables) {
    const change = describeTableChange(table);
    if (change) lines.push(`${tableLabel(table.table)}: ${change}.`);
  }
  const files = describeFileChange(plan.files);
  if (files) lines.push(`Document files: ${files}.`);
  return lines;
}

/** True when applying the plan would change anything at all. */
export function planChangesAnything(plan: Pick<RestorePlan, 'tables' | 'files'>): boolean {
  return describeReplacement(plan).length > 0;
}
