import { ERROR_MESSAGES, GENERIC_ERROR } from './error-messages';
import { describeStoredError, parseStoredError } from './stored-error';

describe('parseStoredError', () => {
  it('splits a recorded line into its code and the rest', () => {
    expect(parseStoredError('BACKUP_NO_SPACE: disk full at /data')).toEqual({ code: 'BACKUP_NO_SPACE', detail: 'disk full at /data' });
  });

  it('keeps a line without a code as detail only', () => {
    expect(parseStoredError('something odd happened')).toEqual({ code: null, detail: 'something odd happened' });
    expect(parseStoredError('Error: boom')).toEqual({ code: null, detail: 'Error: boom' });
  });

  it('returns nothing for an empty record', () => {
    expect(parseStoredError(null)).toEqual({ code: null, detail: null });
    expect(parseStoredError('')).toEqual({ code: null, detail: null });
  });
});

describe('describeStoredError', () => {
  it('uses the table text for a known code', () => {
    expect(describeStoredError('PACKAGE_UNSAFE_PATH: Unsafe entry name "../evil"')).toEqual({
      code: 'PACKAGE_UNSAFE_PATH',
      ...ERROR_MESSAGES.PACKAGE_UNSAFE_PATH,
      detail: 'Unsafe entry name "../evil"',
    });
  });

  it('falls back to the generic text for an unknown code', () => {
    expect(describeStoredError('WHO_KNOWS: x')).toMatchObject({ message: GENERIC_ERROR.message, detail: 'x' });
  });

  it('is null when nothing failed', () => {
    expect(describeStoredError(null)).toBeNull();
  });
});
