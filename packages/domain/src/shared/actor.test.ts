import { assertCan, can, PERMISSIONS, type Actor } from './actor';

const as = (role: Actor['role']): Actor => ({ userId: 'u', name: role.toLowerCase(), role });

describe('can', () => {
  it.each([
    ['VIEWER', 'read', true],
    ['VIEWER', 'runBackup', false],
    ['OPERATOR', 'runBackup', true],
    ['OPERATOR', 'restore', false],
    ['OPERATOR', 'reset', false],
    ['OPERATOR', 'manageUsers', false],
    ['ADMIN', 'restore', true],
    ['ADMIN', 'reset', true],
    ['ADMIN', 'manageTokens', true],
  ] as const)('%s may %s: %s', (role, permission, expected) => {
    expect(can(as(role), permission)).toBe(expected);
  });

  it('grants ADMIN every permission', () => {
    for (const permission of Object.keys(PERMISSIONS) as Array<keyof typeof PERMISSIONS>) {
      expect(can(as('ADMIN'), permission)).toBe(true);
    }
  });
});

describe('assertCan', () => {
  it('throws FORBIDDEN naming the roles that would be allowed', () => {
    expect(() => assertCan(as('VIEWER'), 'restore')).toThrow(expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringContaining('ADMIN') }));
  });
});
