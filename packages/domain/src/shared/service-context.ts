import type { BackupEngine } from '../backup/engine/backup-engine.port';
import type { Clock } from '../ports/clock.port';
import type { RestoreEngine } from '../restore/restore.port';
import type { FileStore } from '../ports/file-store.port';
import type { Repositories, UnitOfWork } from '../ports/repositories.port';

/** The ports every use case may need; built once by the wiring package. */
export interface ServiceContext {
  repos: Repositories;
  uow: UnitOfWork;
  clock: Clock;
  fileStore: FileStore;
  backups: BackupEngine;
  restores: RestoreEngine;
}
