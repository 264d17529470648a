import {
  describeError,
  describeErrorCode,
  ERROR_MESSAGES,
  errorCodeOf,
  GENERIC_ERROR,
  isKnownErrorCode,
} from './error-messages';

class FakeDomainError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

describe('ERROR_MESSAGES', () => {
  const entries = Object.entries(ERROR_MESSAGES);

  it('names codes in the domain style (UPPER_SNAKE_CASE)', () => {
    for (const [code] of entries) expect(code).toMatch(/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/);
  });

  it.each(entries)('gives %s a message and a next step, both full sentences', (_code, text) => {
    expect(text.message.trim()).not.toBe('');
    expect(text.nextStep.trim()).not.toBe('');
    expect(text.message).toMatch(/[.!?]$/);
    expect(text.nextStep).toMatch(/[.!?]$/);
  });

  it('never leaks internals such as stack frames or exception names', () => {
    for (const [, text] of entries) {
      expect(`${text.message} ${text.nextStep}`).not.toMatch(/\bat \w+ \(|Error:|undefined|null/);
    }
  });

  it('tells a failed login apart from nothing, without saying which half was wrong', () => {
    expect(ERROR_MESSAGES.AUTH_INVALID_CREDENTIALS.message).toBe('Unknown username or wrong password.');
  });
});

describe('describeErrorCode', () => {
  it('returns the table entry with its code for a known code', () => {
    expect(describeErrorCode('CONFIG_NOT_FOUND')).toEqual({ code: 'CONFIG_NOT_FOUND', ...ERROR_MESSAGES.CONFIG_NOT_FOUND });
  });

  it.each([['NO_SUCH_CODE'], [''], [null], [undefined]])('falls back to the generic message for %p', (code) => {
    expect(describeErrorCode(code)).toEqual(GENERIC_ERROR);
  });

  it('does not treat inherited object keys as codes', () => {
    expect(describeErrorCode('constructor')).toEqual(GENERIC_ERROR);
    expect(describeErrorCode('__proto__')).toEqual(GENERIC_ERROR);
    expect(describeErrorCode('toString')).toEqual(GENERIC_ERROR);
  });
});

describe('describeError', () => {
  it('maps a domain error by its code, not by its (CLI-oriented) message', () => {
    const error = new FakeDomainError('FORBIDDEN', 'viewer (VIEWER) is not allowed to restore; see `edms user list`');
    expect(describeError(error)).toEqual({ code: 'FORBIDDEN', ...ERROR_MESSAGES.FORBIDDEN });
  });

  it('gives the generic message for errors whose code is not ours (Prisma, Node)', () => {
    expect(describeError(Object.assign(new Error('Unique constraint failed'), { code: 'P2002' }))).toEqual(GENERIC_ERROR);
    expect(describeError(Object.assign(new Error('ENOENT: /var/lib/edms'), { code: 'ENOENT' }))).toEqual(GENERIC_ERROR);
  });

  it.each([[new Error('boom')], ['a string'], [42], [null], [undefined], [{ code: 7 }]])(
    'gives the generic message for %p',
    (thrown) => {
      expect(describeError(thrown)).toEqual(GENERIC_ERROR);
    },
  );

  it('never repeats the original message', () => {
    const described = describeError(new Error('SQLITE_BUSY: database is locked at /data/edms.db'));
    expect(JSON.stringify(described)).not.toContain('SQLITE_BUSY');
  });
});

describe('errorCodeOf', () => {
  it('reads a string code and ignores anything else', () => {
    expect(errorCodeOf(new FakeDomainError('USER_EXISTS', 'x'))).toBe('USER_EXISTS');
    expect(errorCodeOf({ code: 1 })).toBeUndefined();
    expect(errorCodeOf('USER_EXISTS')).toBeUndefined();
  });
});

describe('isKnownErrorCode', () => {
  it('is true only for codes in the table', () => {
    expect(isKnownErrorCode('AUTH_SESSION_EXPIRED')).toBe(true);
    expect(isKnownErrorCode('auth_session_expired')).toBe(false);
    expect(isKnownErrorCode(123)).toBe(false);
  });
});

describe('coverage of the codes the packages raise', () => {
  // A static scan of the other packages' sources: every quoted code in an
  // error namespace must have a message here, so a new domain error cannot
  // reach an operator as "Something went wrong".
  const { readdirSync, readFileSync } = jest.requireActual<typeof import('node:fs')>('node:fs');
  const path = jest.requireActual<typeof import('node:path')>('node:path');
  const packagesDir = path.resolve(__dirname, '..', '..', '..', '..', 'packages');
  const ERROR_NAMESPACE =
    /^(?:AUTH|CONFIG|BACKUP|PACKAGE|MANIFEST|RESTORE|RESET|DOCUMENT|USER|TOKEN|ENCRYPTION|STORAGE|AUDIT|DEMO|ENV|CONFIRMATION|VALIDATION)_[A-Z0-9_]+$|^(?:BUSY|FORBIDDEN)$/;

  function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return ['node_modules', 'dist', 'generated', 'test-support'].includes(entry.name) ? [] : sourceFiles(full);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
    });
  }

  it('has a message for every error code found in packages/*/src', () => {
    const codes = new Set<string>();
    for (const pkg of readdirSync(packagesDir)) {
      const src = path.join(packagesDir, pkg, 'src');
      let files: string[];
      try {
        files = sourceFiles(src);
      } catch {
        continue;
      }
      for (const file of files) {
        for (const match of readFileSync(file, 'utf8').matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)'/g)) {
          if (match[1] && ERROR_NAMESPACE.test(match[1])) codes.add(match[1]);
        }
      }
    }
    expect(codes.size).toBeGreaterThan(50);
    expect([...codes].filter((code) => !isKnownErrorCode(code)).sort()).toEqual([]);
  });
});
