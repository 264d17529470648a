import type { BackupType } from '../model/entities';
import { DomainError } from '../shared/domain-error';

/** What a restore may take from a package: a FULL package serves every type, the others only their own. */
export function allowedRestoreTypes(packageType: BackupType): BackupType[] {
  return packageType === 'FULL' ? ['FULL', 'DATABASE', 'FILES'] : [packageType];
}

/** The requested type, or the package's own type when none is requested; refuses a type the package does not hold. */
export function resolveRestoreType(packageType: BackupType, requested?: BackupType): BackupType {
  const type = requested ?? packageType;
  if (!allowedRestoreTypes(packageType).includes(type)) {
    throw new DomainError(
      'RESTORE_TYPE_NOT_IN_PACKAGE',
      `a ${packageType} package cannot be restored as ${type}; it allows ${allowedRestoreTypes(packageType).join(', ')}`,
      { details: { packageType, requested: type } },
    );
  }
  return type;
}

export type SchemaCompatibility =
  | { kind: 'same' }
  /** The package predates some migrations: its rows are migrated forward through these. */
  | { kind: 'older'; migrateThrough: string[] };

/**
 * Compares a package's schemaVersion with the migrations this installation
 * knows (sorted oldest first). A newer or unknown version is refused: rows
 * shaped for a schema we do not have cannot be applied safely.
 */
export function checkSchemaCompatibility(packageVersion: string, knownMigrations: readonly string[]): SchemaCompatibility {
  const index = knownMigrations.indexOf(packageVersion);
  const newest = knownMigrations[knownMigrations.length - 1];
  if (index === -1) {
    const isNewer = newest !== undefined && packageVersion > newest;
    throw new DomainError(
      isNewer ? 'PACKAGE_SCHEMA_NEWER' : 'PACKAGE_SCHEMA_UNKNOWN',
      isNewer
        ? `the package was made by a newer version (schema ${packageVersion}; this installation knows up to ${newest}); upgrade before restoring`
        : `the package's schema version ${packageVersion} is not one this installation knows`,
      { details: { packageVersion, newest: newest ?? null } },
    );
  }
  if (index === knownMigrations.length - 1) return { kind: 'same' };
  return { kind: 'older', migrateThrough: knownMigrations.slice(index + 1) };
}

/**
 * Row upgrades for packages made before a migration: migration name → how a
 * row of a table changes. Migrations that do not change exported columns need
 * no entry. Kept next to the rules so a schema change and its row upgrade are
 * reviewed together.
 */
export type RowUpgrade = (table: string, row: Record<string, unknown>) => Record<string, unknown>;
export const ROW_UPGRADES: Readonly<Record<string, RowUpgrade>> = Object.freeze({});

export function upgradeRow(
  table: string,
  row: Record<string, unknown>,
  migrations: readonly string[],
  upgrades: Readonly<Record<string, RowUpgrade>> = ROW_UPGRADES,
): Record<string, unknown> {
  return migrations.reduce((current, name) => (upgrades[name] ? (upgrades[name] as RowUpgrade)(table, current) : current), row);
}
