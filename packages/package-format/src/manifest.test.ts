// Rules of packages/domain/src/package/manifest.ts (the domain package's file is
// pure; its behaviour is pinned here, where the package format uses it).
import { EXPORTED_TABLES, PACKAGE_FORMAT, PACKAGE_FORMAT_VERSION, parseManifest, type DomainError } from '@edms/domain';

function valid(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 'edms-backup',
    formatVersion: 1,
    packageId: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    createdAt: '2026-11-26T02:00:00.000Z',
    backupType: 'FULL',
    source: { instanceId: 'i-1', hostname: 'edms01', appVersion: '0.1.0', databaseProvider: 'postgresql' },
    schemaVersion: '20261101000000_init',
    configuration: { name: 'daily-full' },
    database: { tables: { User: { rows: 2, bytes: 10, sha256: 'a'.repeat(64) } } },
    files: { count: 1, bytes: 5 },
    ...overrides,
  };
}

function errorOf(json: unknown): DomainError {
  try {
    parseManifest(json);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected parseManifest to throw');
}

describe('parseManifest', () => {
  it('accepts a valid v1 manifest and returns a clean copy of it', () => {
    const input = valid();
    const manifest = parseManifest(input);
    expect(manifest).toEqual(input);
    expect(manifest).not.toBe(input);
  });

  it('exports the format constants and the tables in export order', () => {
    expect(PACKAGE_FORMAT).toBe('edms-backup');
    expect(PACKAGE_FORMAT_VERSION).toBe(1);
    expect(EXPORTED_TABLES).toEqual(['User', 'Document', 'DocumentVersion', 'BackupConfiguration', 'AuditEvent']);
  });

  it('rejects another format or format version with PACKAGE_FORMAT_UNSUPPORTED', () => {
    expect(errorOf(valid({ format: 'tar' })).code).toBe('PACKAGE_FORMAT_UNSUPPORTED');
    expect(errorOf(valid({ formatVersion: 2 }))).toMatchObject({ code: 'PACKAGE_FORMAT_UNSUPPORTED', details: { field: 'formatVersion' } });
  });

  it.each([
    ['packageId', { packageId: 'not-a-uuid' }],
    ['createdAt', { createdAt: '26.11.2026' }],
    ['createdAt', { createdAt: '2026-11-26T02:00:00+01:00' }],
    ['backupType', { backupType: 'PARTIAL' }],
    ['source', { source: 'edms01' }],
    ['source.hostname', { source: { instanceId: 'i', hostname: '', appVersion: '1', databaseProvider: 'sqlite' } }],
    ['source.databaseProvider', { source: { instanceId: 'i', hostname: 'h', appVersion: '1', databaseProvider: 'oracle' } }],
    ['schemaVersion', { schemaVersion: 42 }],
    ['configuration.name', { configuration: {} }],
    ['database.tables.User.rows', { database: { tables: { User: { rows: -1, bytes: 0, sha256: 'a'.repeat(64) } } } }],
    ['database.tables.User.sha256', { database: { tables: { User: { rows: 1, bytes: 0, sha256: 'XYZ' } } } }],
    ['database.tables.bad name', { database: { tables: { 'bad name': { rows: 1, bytes: 0, sha256: 'a'.repeat(64) } } } }],
    ['files.bytes', { files: { count: 1, bytes: 1.5 } }],
    ['extra', { extra: true }],
  ])('rejects an invalid %s with MANIFEST_INVALID naming the field', (field, overrides) => {
    expect(errorOf(valid(overrides))).toMatchObject({ code: 'MANIFEST_INVALID', details: { field } });
  });

  it('requires database for FULL/DATABASE and files for FULL/FILES, and refuses the part a type does not hold', () => {
    expect(errorOf(valid({ database: undefined }))).toMatchObject({ code: 'MANIFEST_INVALID', details: { field: 'database' } });
    expect(errorOf(valid({ files: undefined }))).toMatchObject({ code: 'MANIFEST_INVALID', details: { field: 'files' } });
    expect(errorOf(valid({ backupType: 'DATABASE' }))).toMatchObject({ code: 'MANIFEST_INVALID', details: { field: 'files' } });
    expect(errorOf(valid({ backupType: 'FILES' }))).toMatchObject({ code: 'MANIFEST_INVALID', details: { field: 'database' } });
    expect(parseManifest(valid({ backupType: 'FILES', database: undefined })).database).toBeUndefined();
  });

  it('rejects __proto__, constructor and prototype keys anywhere', () => {
    expect(errorOf(JSON.parse(JSON.stringify(valid()).replace('"files":', '"__proto__":{"polluted":true},"files":'))).code).toBe('MANIFEST_INVALID');
    const tables = JSON.parse('{"__proto__": {"rows": 1, "bytes": 1, "sha256": "' + 'a'.repeat(64) + '"}}');
    expect(errorOf(valid({ database: { tables } })).details).toMatchObject({ field: 'database.tables.__proto__' });
    expect(errorOf(valid({ source: JSON.parse('{"constructor": 1}') })).code).toBe('MANIFEST_INVALID');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects values that are not objects', () => {
    for (const json of [null, [], 'manifest', 42]) expect(errorOf(json).code).toBe('MANIFEST_INVALID');
  });
});
