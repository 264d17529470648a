import { readFile, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { BACKUP_TYPES, DomainError, type RestoreJournal, type RestoreJournalEntry, type RestoreJournalPhase } from '@edms/domain';
import { fsyncDirectory, writeFileDurably } from '../durable-write';
import { errnoCode } from './safe-paths';

const PHASES: readonly RestoreJournalPhase[] = ['staged', 'database-committed', 'files-swapped'];

/**
 * The restore journal as one small JSON file (e.g. `<dataDir>/restore-journal.json`).
 * Written with writeFileDurably, so a crash leaves the previous entry or the
 * new one, never a torn file; cleared by removing it and fsyncing its directory.
 */
export class FileRestoreJournal implements RestoreJournal {
  readonly path: string;

  constructor(path: string) {
    this.path = resolve(path);
  }

  async read(): Promise<RestoreJournalEntry | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return null;
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw this.corrupt('it is not valid JSON', error);
    }
    return this.validate(parsed);
  }

  async write(entry: RestoreJournalEntry): Promise<void> {
    const valid = this.validate(entry);
    const record: RestoreJournalEntry = {
      restoreId: valid.restoreId,
      phase: valid.phase,
      restoreType: valid.restoreType,
      startedAt: valid.startedAt,
    };
    await writeFileDurably(this.path, oneChunk(`${JSON.stringify(record, null, 2)}\n`));
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
    try {
      await fsyncDirectory(dirname(this.path));
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
    }
  }

  private validate(value: unknown): RestoreJournalEntry {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.corrupt('it is not a JSON object');
    const { restoreId, phase, restoreType, startedAt } = value as Record<string, unknown>;
    if (typeof restoreId !== 'string' || restoreId.length === 0) throw this.corrupt('restoreId is missing');
    if (typeof phase !== 'string' || !(PHASES as readonly string[]).includes(phase)) {
      throw this.corrupt(`phase ${JSON.stringify(phase)} is not one of ${PHASES.join(', ')}`);
    }
    if (typeof restoreType !== 'string' || !(BACKUP_TYPES as readonly string[]).includes(restoreType)) {
      throw this.corrupt(`restoreType ${JSON.stringify(restoreType)} is not one of ${BACKUP_TYPES.join(', ')}`);
    }
    if (typeof startedAt !== 'string' || Number.isNaN(Date.parse(startedAt))) throw this.corrupt('startedAt is not a timestamp');
    return {
      restoreId,
      phase: phase as RestoreJournalPhase,
      restoreType: restoreType as RestoreJournalEntry['restoreType'],
      startedAt,
    };
  }

  private corrupt(reason: string, cause?: unknown): DomainError {
    return new DomainError(
      'RESTORE_JOURNAL_CORRUPT',
      `the restore journal ${this.path} is corrupt (${reason}); an interrupted restore cannot be finished or rolled back automatically — ` +
        'check the file store and database, then remove the file',
      { details: { path: this.path, reason }, ...(cause === undefined ? {} : { cause }) },
    );
  }
}

async function* oneChunk(text: string): AsyncIterable<Uint8Array> {
  yield Buffer.from(text);
}
