import { describeFileChange, describeReplacement, describeTableChange, planChangesAnything, tableLabel } from './restore-plan-view';

const table = (name: string, counts: Partial<{ insert: number; replace: number; delete: number; protected: number }> = {}) => ({
  table: name,
  packageRows: 5,
  currentRows: 5,
  insert: 0,
  replace: 0,
  delete: 0,
  unchanged: 5,
  protected: 0,
  rule: '',
  ...counts,
});
const none = { count: 0, bytes: 0 };

describe('describeTableChange', () => {
  it('lists only the kinds of change that happen', () => {
    expect(describeTableChange({ insert: 1, replace: 2, delete: 1 })).toBe('1 added, 2 replaced, 1 removed');
    expect(describeTableChange({ insert: 0, replace: 0, delete: 3 })).toBe('3 removed');
    expect(describeTableChange({ insert: 0, replace: 0, delete: 0 })).toBeNull();
  });
});

describe('describeFileChange', () => {
  it('names counts and bytes', () => {
    expect(
      describeFileChange({ write: { count: 1, bytes: 1024 }, overwrite: { count: 2, bytes: 2048 }, remove: none, unchanged: none }),
    ).toBe('1 file written (1.0 KiB), 2 files overwritten (2.0 KiB)');
    expect(describeFileChange({ write: none, overwrite: none, remove: none, unchanged: { count: 4, bytes: 1 } })).toBeNull();
    expect(describeFileChange(null)).toBeNull();
  });
});

describe('describeReplacement', () => {
  it('names every table and the files that change, in plain words', () => {
    const plan = {
      tables: [table('Document', { replace: 2, delete: 1 }), table('User'), table('AuditEvent', { protected: 17 })],
      files: { write: none, overwrite: none, remove: { count: 1, bytes: 10 }, unchanged: none },
    };
    expect(describeReplacement(plan)).toEqual(['Documents: 2 replaced, 1 removed.', 'Document files: 1 file removed (10 B).']);
    expect(planChangesAnything(plan)).toBe(true);
  });

  it('is empty when the live data already matches', () => {
    expect(planChangesAnything({ tables: [table('Document')], files: null })).toBe(false);
  });
});

describe('tableLabel', () => {
  it('uses words for known tables and keeps unknown names', () => {
    expect(tableLabel('DocumentVersion')).toBe('Document versions');
    expect(tableLabel('Other')).toBe('Other');
  });
});
