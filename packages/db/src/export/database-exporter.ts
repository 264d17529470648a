import type { DatabaseExporter, DatabaseSnapshot, DocumentVersion, TableSource } from '@edms/domain';
import { EXPORTED_TABLES } from '@edms/domain';
import { createPrismaClient, type DbClient } from '../client';
import { databaseProviderOf } from '../database-url';
import { getSchemaVersion } from '../migrate';
import type { Prisma } from '../generated/sqlite/client';
import { snapshotIsolation } from '../provider-options';
import { toDocumentVersion } from '../repositories/mappers';
import { toJsonRow } from './json-row';

type Tx = Prisma.TransactionClient;

const BATCH = 1000;
/** Upper bound for one backup's read transaction; a backup taking longer fails rather than hanging. */
const SNAPSHOT_TIMEOUT_MS = 12 * 60 * 60 * 1000;

interface TableReader {
  (tx: Tx, after: unknown, take: number): Promise<Array<Record<string, unknown>>>;
}

// Every exported model, read in primary-key order with keyset paging so memory
// stays flat whatever the table size.
const READERS: Record<(typeof EXPORTED_TABLES)[number], { key: string; read: TableReader }> = {
  User: {
    key: 'id',
    read: (tx, after, take) =>
      tx.user.findMany({ where: after === undefined ? {} : { id: { gt: after as string } }, orderBy: { id: 'asc' }, take }),
  },
  Document: {
    key: 'id',
    read: (tx, after, take) =>
      tx.document.findMany({ where: after === undefined ? {} : { id: { gt: after as string } }, orderBy: { id: 'asc' }, take }),
  },
  DocumentVersion: {
    key: 'id',
    read: (tx, after, take) =>
      tx.documentVersion.findMany({ where: after === undefined ? {} : { id: { gt: after as string } }, orderBy: { id: 'asc' }, take }),
  },
  BackupConfiguration: {
    key: 'id',
    read: (tx, after, take) =>
      tx.backupConfiguration.findMany({
        where: after === undefined ? {} : { id: { gt: after as string } },
        orderBy: { id: 'asc' },
        take,
      }),
  },
  AuditEvent: {
    key: 'sequence',
    read: (tx, after, take) =>
      tx.auditEvent.findMany({
        where: after === undefined ? {} : { sequence: { gt: after as number } },
        orderBy: { sequence: 'asc' },
        take,
      }),
  },
};

async function* readTable(tx: Tx, reader: { key: string; read: TableReader }): AsyncIterable<Record<string, unknown>> {
  let after: unknown = undefined;
  for (;;) {
    const rows = await reader.read(tx, after, BATCH);
    for (const row of rows) yield toJsonRow(row);
    const last = rows[rows.length - 1];
    if (!last || rows.length < BATCH) return;
    after = last[reader.key];
  }
}

/**
 * Exports through a dedicated connection holding one read transaction for the
 * whole backup: in SQLite's WAL mode, and on PostgreSQL at REPEATABLE READ
 * (requested explicitly; the server default is READ COMMITTED, where every
 * statement would see a newer moment), that transaction sees one moment while
 * other connections keep writing, and the main connection of this process
 * stays free for heartbeats and progress.
 */
export class PrismaDatabaseExporter implements DatabaseExporter {
  constructor(private readonly databaseUrl: string) {}

  async openSnapshot(): Promise<DatabaseSnapshot> {
    const provider = databaseProviderOf(this.databaseUrl);
    const client: DbClient = createPrismaClient(this.databaseUrl);
    let schemaVersion: string;
    try {
      schemaVersion = (await getSchemaVersion(client)) ?? 'unknown';
    } catch (error) {
      await client.$disconnect();
      throw error;
    }
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let ready!: (tx: Tx) => void;
    let failed!: (error: unknown) => void;
    const opened = new Promise<Tx>((resolve, reject) => ((ready = resolve), (failed = reject)));
    const transaction = client
      .$transaction(
        async (tx) => {
          // The first read fixes the snapshot before anyone uses it.
          await tx.auditEvent.count();
          ready(tx);
          await released;
        },
        { maxWait: 30_000, timeout: SNAPSHOT_TIMEOUT_MS, ...snapshotIsolation(provider) },
      )
      .catch((error: unknown) => failed(error));
    let tx: Tx;
    try {
      tx = await opened;
    } catch (error) {
      await client.$disconnect();
      throw error;
    }
    const tables: TableSource[] = EXPORTED_TABLES.map((name) => ({ name, rows: () => readTable(tx, READERS[name]) }));
    let done = false;
    return {
      provider,
      schemaVersion,
      tables,
      documentVersions: async (): Promise<DocumentVersion[]> =>
        (await tx.documentVersion.findMany({ orderBy: { id: 'asc' } })).map(toDocumentVersion),
      release: async () => {
        if (done) return;
        done = true;
        release();
        await transaction;
        await client.$disconnect();
      },
    };
  }
}
