// Compile-time proof for the one cast in client.ts: the PostgreSQL client has
// the same models with the same row types as the SQLite client the code is
// typed against. `npm run typecheck` (tsc) fails when they drift apart.
import type * as Postgres from './generated/postgresql/client';
import type * as Sqlite from './generated/sqlite/client';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

type ModelNames<C> = { [K in keyof C]: K extends `$${string}` ? never : K extends string ? K : never }[keyof C];

const sameModels: Equal<ModelNames<Sqlite.PrismaClient>, ModelNames<Postgres.PrismaClient>> = true;

const sameRows: [
  Equal<Sqlite.User, Postgres.User>,
  Equal<Sqlite.Document, Postgres.Document>,
  Equal<Sqlite.DocumentVersion, Postgres.DocumentVersion>,
  Equal<Sqlite.BackupConfiguration, Postgres.BackupConfiguration>,
  Equal<Sqlite.BackupJob, Postgres.BackupJob>,
  Equal<Sqlite.RestoreJob, Postgres.RestoreJob>,
  Equal<Sqlite.AuditEvent, Postgres.AuditEvent>,
  Equal<Sqlite.ApiToken, Postgres.ApiToken>,
  Equal<Sqlite.Session, Postgres.Session>,
  Equal<Sqlite.SystemSetting, Postgres.SystemSetting>,
  Equal<Sqlite.MaintenanceLock, Postgres.MaintenanceLock>,
] = [true, true, true, true, true, true, true, true, true, true, true];

// Create inputs of the PostgreSQL client accept what the code writes through the SQLite types.
const sameCreateInputs: [
  Sqlite.Prisma.BackupJobUncheckedCreateInput extends Postgres.Prisma.BackupJobUncheckedCreateInput ? true : false,
  Sqlite.Prisma.DocumentVersionCreateManyInput extends Postgres.Prisma.DocumentVersionCreateManyInput ? true : false,
  Sqlite.Prisma.UserUncheckedCreateInput extends Postgres.Prisma.UserUncheckedCreateInput ? true : false,
] = [true, true, true];

it('the PostgreSQL client has the models and row types of the SQLite client', () => {
  expect(sameModels).toBe(true);
  expect(sameRows.every(Boolean)).toBe(true);
  expect(sameCreateInputs.every(Boolean)).toBe(true);
});
