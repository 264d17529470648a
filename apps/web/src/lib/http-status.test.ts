import { httpStatusFor } from './http-status';

describe('httpStatusFor', () => {
  it.each([
    ['AUTH_SESSION_EXPIRED', 401],
    ['FORBIDDEN', 403],
    ['BACKUP_NOT_FOUND', 404],
    ['TASK_NOT_FOUND', 404],
    ['UPLOAD_TOO_LARGE', 413],
    ['RESTORE_SOURCE_TOO_LARGE', 413],
    ['BUSY', 409],
    ['BACKUP_ALREADY_ACTIVE', 409],
    ['RESTORE_PLAN_CHANGED', 409],
    ['PACKAGE_UNSAFE_PATH', 422],
    ['ENCRYPTION_TRUNCATED', 422],
    ['UPLOAD_EMPTY', 400],
    ['CONFIG_INVALID_SCHEDULE', 400],
    ['BACKUP_FILE_MISSING', 410],
    ['INTERNAL', 500],
    [undefined, 500],
  ])('%s → %s', (code, status) => {
    expect(httpStatusFor(code)).toBe(status);
  });
});
