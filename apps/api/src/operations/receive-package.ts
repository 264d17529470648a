import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Request } from 'express';
import { prepareRestore, type Actor, type BackupType, type PreparedRestore } from '@edms/domain';
import type { ApiDependencies } from '../dependencies';
import { saveUpload, type SavedUpload } from '../http/upload';

/** The uploads directory, inside the data directory and never configurable by a request. */
export function uploadsDir(dataDir: string): string {
  return join(dataDir, 'uploads');
}

/** How an uploaded package is to be restored. */
export interface ReceivePackageOptions {
  dryRun?: boolean;
  restoreType?: BackupType;
  force?: boolean;
  skipSafetyBackup?: boolean;
}

export interface ReceivedPackage extends PreparedRestore {
  upload: Pick<SavedUpload, 'sizeBytes' | 'sha256'> & {
    /** False when the package was already in the catalog: the upload was discarded and the catalog's copy is used. */
    kept: boolean;
  };
}

/**
 * A package upload: the body is streamed to `<dataDir>/uploads/<uuid>.tar.gz`
 * (`.tar.gz.enc` when encrypted) under the size cap, then `prepareRestore`
 * validates the whole package and plans the restore (SPEC §5 steps 1–7). An
 * invalid package is refused with its PACKAGE_* code and the file removed; a
 * valid one stays as the package of the temporary catalog job, so the restore
 * can be confirmed — or, after a dry run, started again from that job.
 */
export async function receivePackage(deps: ApiDependencies, actor: Actor, req: Request, options: ReceivePackageOptions): Promise<ReceivedPackage> {
  const { ctx, env } = deps.services;
  const saved = await saveUpload(req, uploadsDir(env.dataDir), deps.maxUploadBytes, async (part) =>
    (await ctx.backups.reader.isEncrypted(part)) ? '.tar.gz.enc' : '.tar.gz',
  );
  let kept = false;
  try {
    const prepared = await prepareRestore(ctx, actor, {
      source: { kind: 'file', path: saved.path },
      dryRun: options.dryRun,
      restoreType: options.restoreType,
      force: options.force,
      skipSafetyBackup: options.skipSafetyBackup,
      maxPackageBytes: deps.maxUploadBytes,
    });
    const job = await ctx.repos.backupJobs.findById(prepared.restore.backupJobId);
    kept = job?.backupFilePath === saved.path;
    return { ...prepared, upload: { sizeBytes: saved.sizeBytes, sha256: saved.sha256, kept } };
  } finally {
    if (!kept) await rm(saved.path, { force: true });
  }
}
