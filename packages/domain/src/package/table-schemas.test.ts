import { validateRow } from './table-schemas';

const at = { table: 'User', line: 3 };
const user = {
  id: '3f1c2b9e-8d1a-4f7e-9b2a-1c2d3e4f5a6b',
  username: 'alice',
  email: 'a@example.com',
  displayName: 'Alice',
  role: 'VIEWER',
  passwordHash: 'scrypt$15$8$1$abc$def',
  isActive: true,
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('validateRow', () => {
  it('accepts a well-formed row', () => {
    expect(validateRow('User', user, at)).toBe(user);
  });

  it.each([
    ['an unknown column', { ...user, extra: 1 }, 'extra'],
    ['a missing column', (({ email: _e, ...rest }) => rest)(user), 'email'],
    ['a wrong type', { ...user, isActive: 'yes' }, 'isActive'],
    ['a bad enum', { ...user, role: 'ROOT' }, 'role'],
    ['a non-uuid id', { ...user, id: '1' }, 'id'],
    ['a bad date', { ...user, createdAt: '2026-01-01' }, 'createdAt'],
    ['a null in a required column', { ...user, username: null }, 'username'],
    ['an over-long text', { ...user, displayName: 'x'.repeat(201) }, 'displayName'],
  ])('refuses %s naming the column', (_label, row, column) => {
    expect(() => validateRow('User', row, at)).toThrow(
      expect.objectContaining({ code: 'PACKAGE_ROW_INVALID', details: { table: 'User', line: 3, column } }),
    );
  });

  it('refuses a __proto__ key from JSON text', () => {
    const row: unknown = JSON.parse(`{"__proto__": {"isAdmin": true}, "id": "${user.id}"}`);
    expect(() => validateRow('User', row, at)).toThrow(expect.objectContaining({ details: expect.objectContaining({ column: '__proto__' }) }));
  });

  it.each([null, [], 'text', 42])('refuses %j as a row', (row) => {
    expect(() => validateRow('User', row, at)).toThrow(expect.objectContaining({ code: 'PACKAGE_ROW_INVALID' }));
  });

  it('checks integer bounds at the edges', () => {
    const version = {
      id: user.id, documentId: user.id, version: 1, fileName: 'a', storageKey: 'a', sizeBytes: 0, sha256: 'a'.repeat(64),
      mimeType: 'text/plain', createdById: user.id, createdAt: user.createdAt, note: null,
    };
    expect(() => validateRow('DocumentVersion', version, at)).not.toThrow();
    expect(() => validateRow('DocumentVersion', { ...version, version: 0 }, at)).toThrow();
    expect(() => validateRow('DocumentVersion', { ...version, sizeBytes: -1 }, at)).toThrow();
    expect(() => validateRow('DocumentVersion', { ...version, sizeBytes: 1.5 }, at)).toThrow();
  });

  it('requires AuditEvent details to be a JSON object text', () => {
    const event = { sequence: 1, at: user.createdAt, actor: 'a', action: 'x', targetType: 't', targetId: null, outcome: 'SUCCESS', details: '{}', prevHash: '0'.repeat(64), hash: 'f'.repeat(64) };
    expect(() => validateRow('AuditEvent', event, at)).not.toThrow();
    expect(() => validateRow('AuditEvent', { ...event, details: '[1]' }, at)).toThrow();
    expect(() => validateRow('AuditEvent', { ...event, details: 'not json' }, at)).toThrow();
  });
});
