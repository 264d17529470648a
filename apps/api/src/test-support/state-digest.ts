import type { Services } from '@edms/runtime';

/**
 * Everything a refused restore must leave alone, in one comparable value:
 * users, documents and versions (with sha256), configurations, the backup and
 * restore catalog, and the file store's keys and sizes. (The audit trail is
 * left out on purpose: it records the refused attempt.)
 */
export async function digestState(services: Services): Promise<Record<string, unknown>> {
  const { repos, fileStore } = services.ctx;
  const files: string[] = [];
  for await (const stored of fileStore.list()) files.push(`${stored.key}:${stored.sizeBytes}`);
  const users = (await repos.users.list()).map((u) => `${u.username}:${u.role}:${u.isActive}`).sort();
  const documents = (await repos.documents.list({ take: 1000 })).items.map((d) => `${d.number}:${d.title}:${d.status}`).sort();
  const versions = (await repos.documents.listAllVersions()).map((v) => `${v.storageKey}:${v.sha256}`).sort();
  const configurations = (await repos.configurations.list({ includeTemporary: true })).map((c) => c.name).sort();
  const backups = (await repos.backupJobs.list({ take: 1000, includePruned: true })).items.map((j) => `${j.id}:${j.status}`).sort();
  const restores = (await repos.restoreJobs.list({ take: 1000 })).items.map((r) => `${r.id}:${r.status}`).sort();
  return { users, documents, versions, configurations, backups, restores, files: files.sort() };
}

/** Documents as a restore must reproduce them: number, title, status and every version's bytes (by sha256). */
export async function digestDocuments(services: Services): Promise<string[]> {
  const { repos } = services.ctx;
  const documents = (await repos.documents.list({ take: 10_000 })).items;
  const lines: string[] = [];
  for (const document of documents) {
    const versions = await repos.documents.listVersions(document.id);
    lines.push(`${document.number}|${document.title}|${document.status}|${versions.map((v) => `${v.version}:${v.fileName}:${v.sha256}`).join(',')}`);
  }
  return lines.sort();
}
