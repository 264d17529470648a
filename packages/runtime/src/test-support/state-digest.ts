import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { DbClient } from '@edms/db';

/**
 * A digest of the EDMS data (users, documents, versions, configurations) and of
 * every file in the document store: equal digests mean byte-identical data.
 */
export async function stateDigest(client: DbClient, storeRoot: string): Promise<{ database: string; files: string; fileCount: number }> {
  const db = createHash('sha256');
  const dump = (rows: unknown[]) =>
    db.update(JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
  dump(await client.user.findMany({ orderBy: { username: 'asc' }, omit: { id: true } }));
  dump(await client.document.findMany({ orderBy: { id: 'asc' } }));
  dump(await client.documentVersion.findMany({ orderBy: { id: 'asc' } }));
  dump(await client.backupConfiguration.findMany({ where: { isTemporary: false }, orderBy: { name: 'asc' }, select: { name: true, backupType: true, frequency: true, scheduleTime: true } }));
  const files = createHash('sha256');
  let fileCount = 0;
  async function walk(dir: string): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const full = join(dir, name);
      const info = await stat(full);
      if (info.isDirectory()) await walk(full);
      else {
        const hash = createHash('sha256');
        for await (const chunk of createReadStream(full)) hash.update(chunk as Buffer);
        files.update(`${relative(storeRoot, full)} ${info.size} ${hash.digest('hex')}\n`);
        fileCount += 1;
      }
    }
  }
  await walk(storeRoot);
  return { database: db.digest('hex'), files: files.digest('hex'), fileCount };
}
