// Prisma 7 with driver adapters reports database errors as
// PrismaClientKnownRequestError whose meta carries the adapter's classified
// error (meta.driverAdapterError.cause.kind) instead of Prisma 6's meta.target.
// Model operations map it to a Prisma code (P2002, P2021, …); raw queries
// always report P2010, so the adapter's kind is the reliable signal. Checks are
// structural rather than instanceof so they hold across client copies and
// realms (jest module registries, bundlers, a second generated client per
// provider).

export interface PrismaKnownError extends Error {
  code: string;
  meta?: Record<string, unknown>;
}

interface DriverAdapterErrorCause {
  kind?: string;
  constraint?: { fields?: string[]; index?: string };
  table?: string;
}

export function isPrismaKnownError(error: unknown): error is PrismaKnownError {
  const candidate = error as { name?: unknown; code?: unknown } | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.name === 'PrismaClientKnownRequestError' &&
    typeof candidate.code === 'string'
  );
}

function adapterCause(error: unknown): DriverAdapterErrorCause | undefined {
  if (isPrismaKnownError(error)) {
    const adapterError = error.meta?.['driverAdapterError'] as { cause?: DriverAdapterErrorCause } | undefined;
    return adapterError?.cause;
  }
  // Errors thrown by the adapter itself, before the client wrapped them.
  const candidate = error as { name?: unknown; cause?: DriverAdapterErrorCause } | null;
  if (typeof candidate === 'object' && candidate !== null && candidate.name === 'DriverAdapterError') {
    return candidate.cause;
  }
  return undefined;
}

/** A unique or primary-key constraint rejected the write (P2002). */
export function isUniqueConstraintError(error: unknown): error is PrismaKnownError {
  if (isPrismaKnownError(error) && error.code === 'P2002') return true;
  return adapterCause(error)?.kind === 'UniqueConstraintViolation';
}

/** The record an update, delete or *OrThrow query needed does not exist (P2025). */
export function isNotFoundError(error: unknown): error is PrismaKnownError {
  return isPrismaKnownError(error) && error.code === 'P2025';
}

/** The table is missing: the database has not been migrated (P2021). */
export function isTableMissingError(error: unknown): error is PrismaKnownError {
  if (isPrismaKnownError(error) && error.code === 'P2021') return true;
  return adapterCause(error)?.kind === 'TableDoesNotExist';
}

/**
 * Columns of the violated unique constraint, when the database names them.
 * SQLite reports the columns; PostgreSQL reports the index, named by Prisma's
 * convention `<Model>_<field>[_<field>…]_key` (our field names are camelCase,
 * without underscores, so the name splits back into the fields).
 */
export function uniqueConstraintFields(error: unknown): string[] | undefined {
  if (!isUniqueConstraintError(error)) return undefined;
  const cause = adapterCause(error);
  const fields = cause?.constraint?.fields;
  if (fields) return fields;
  const index = cause?.constraint?.index;
  if (index && cause?.table && index.startsWith(`${cause.table}_`) && index.endsWith('_key')) {
    const middle = index.slice(cause.table.length + 1, -'_key'.length);
    if (middle) return middle.split('_');
  }
  const target = error.meta?.['target'];
  return Array.isArray(target) ? target.map(String) : undefined;
}
