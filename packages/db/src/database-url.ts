import * as path from 'node:path';

export type DatabaseProvider = 'sqlite' | 'postgresql';

export const DATABASE_FILE_NAME = 'edms.db';

/**
 * DATABASE_URL wins; otherwise the embedded default is a SQLite file in the
 * data directory (SPEC §8). The path is made absolute so that processes started
 * from different working directories still share one file.
 */
export function resolveDatabaseUrl(env: NodeJS.ProcessEnv, dataDir: string): string {
  const fromEnv = env['DATABASE_URL']?.trim();
  if (fromEnv) return fromEnv;
  return `file:${path.join(path.resolve(dataDir), DATABASE_FILE_NAME)}`;
}

export function databaseProviderOf(databaseUrl: string): DatabaseProvider {
  if (databaseUrl.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgresql';
  throw new Error(`Unsupported DATABASE_URL scheme: ${redactDatabaseUrl(databaseUrl)}`);
}

/**
 * Absolute path of the SQLite file. Relative paths (`file:./x.db`) are taken
 * relative to the working directory, as Prisma does; query parameters are not
 * supported by the better-sqlite3 adapter and are rejected rather than being
 * silently treated as part of the file name.
 */
export function sqliteFilePath(databaseUrl: string): string {
  if (!databaseUrl.startsWith('file:')) {
    throw new Error(`Not a SQLite file URL: ${redactDatabaseUrl(databaseUrl)}`);
  }
  const rest = databaseUrl.slice('file:'.length);
  if (rest.includes('?')) {
    throw new Error(`SQLite URL parameters are not supported: ${databaseUrl}`);
  }
  if (rest === '' || rest === ':memory:') {
    throw new Error(`A SQLite database file path is required: ${databaseUrl}`);
  }
  return path.resolve(rest.startsWith('//') ? rest.slice(2) : rest);
}

/** For error messages and logs: never print a password from a connection string. */
export function redactDatabaseUrl(databaseUrl: string): string {
  return databaseUrl.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
