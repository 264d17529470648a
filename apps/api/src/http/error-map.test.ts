import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EXPLICIT_STATUS, resolveStatus, statusForCode } from './error-map';

const CODE = /'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g;

/**
 * Error codes in the packages' sources: `new DomainError('X'`, helpers such as
 * `packageError('X'`, and the literals of `*_ERROR_CODES` lists and maps.
 */
function collectErrorCodes(packagesDir: string): Set<string> {
  const codes = new Set<string>();
  const scan = (text: string) => {
    for (const m of text.matchAll(/\b\w*(?:Error|error)\(\s*'([A-Z][A-Z0-9_]*)'/g)) codes.add(m[1] as string);
    for (const m of text.matchAll(/_ERROR_CODES\b[^=]*=\s*([[{][\s\S]*?[\]}])/g)) {
      for (const literal of (m[1] as string).matchAll(CODE)) codes.add(literal[1] as string);
    }
  };
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (['node_modules', 'dist', 'generated', 'test-support'].includes(name)) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) scan(readFileSync(path, 'utf8'));
    }
  };
  for (const pkg of readdirSync(packagesDir)) {
    const src = join(packagesDir, pkg, 'src');
    if (statSync(src, { throwIfNoEntry: false })?.isDirectory()) walk(src);
  }
  return codes;
}

describe('statusForCode', () => {
  it('uses the explicit entry for known codes', () => {
    expect(statusForCode('DOCUMENT_NOT_FOUND')).toBe(404);
    expect(statusForCode('CONFIG_EXISTS')).toBe(409);
    expect(statusForCode('CONFIG_IN_USE')).toBe(409);
    expect(statusForCode('BUSY')).toBe(409);
    expect(statusForCode('FORBIDDEN')).toBe(403);
    expect(statusForCode('AUTH_INVALID_CREDENTIALS')).toBe(401);
    expect(statusForCode('VALIDATION_FAILED')).toBe(400);
    expect(statusForCode('ROUTE_NOT_FOUND')).toBe(404);
    expect(statusForCode('INTERNAL_ERROR')).toBe(500);
  });

  it('maps *_NOT_FOUND to 404 even for package codes', () => {
    expect(resolveStatus('BACKUP_JOB_NOT_FOUND')).toEqual({ status: 404, source: 'rule' });
    expect(statusForCode('PACKAGE_NOT_FOUND')).toBe(404);
  });

  it('maps invalid packages (PACKAGE_, MANIFEST_, ENCRYPTION_) to 422', () => {
    expect(statusForCode('PACKAGE_CHECKSUM_MISMATCH')).toBe(422);
    expect(statusForCode('MANIFEST_INVALID')).toBe(422);
    expect(statusForCode('ENCRYPTION_WRONG_PASSPHRASE')).toBe(422);
  });

  it('maps conflicts with the current state to 409', () => {
    for (const code of ['RESTORE_EXISTS', 'JOB_IN_USE', 'PLAN_CONFLICT', 'WORKER_BUSY', 'QUEUE_LOCKED', 'JOB_ALREADY_RUNNING', 'USER_PROTECTED']) {
      expect([code, statusForCode(code)]).toEqual([code, 409]);
    }
  });

  it('maps invalid input to 400', () => {
    for (const code of ['RESTORE_INVALID', 'CONFIG_INVALID_SOMETHING', 'NAME_TOO_LONG', 'PASSWORD_TOO_SHORT', 'PASSPHRASE_REQUIRED']) {
      expect([code, statusForCode(code)]).toEqual([code, 400]);
    }
  });

  it('maps any AUTH_ code to 401 and *_TOO_LARGE to 413', () => {
    expect(statusForCode('AUTH_TOKEN_EXPIRED')).toBe(401);
    expect(statusForCode('UPLOAD_TOO_LARGE')).toBe(413);
  });

  it('falls back to 500 for a code nobody mapped', () => {
    expect(resolveStatus('SOMETHING_ODD')).toEqual({ status: 500, source: 'fallback' });
  });

  it('gives every code the packages throw today a status without falling back', () => {
    const codes = collectErrorCodes(join(__dirname, '..', '..', '..', '..', 'packages'));
    expect(codes.size).toBeGreaterThan(30);
    const unmapped = [...codes].filter((code) => resolveStatus(code).source === 'fallback');
    expect(unmapped).toEqual([]);
  });

  it('is documented in docs/api.md: each explicit code in the row of its status', () => {
    const docs = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'api.md'), 'utf8');
    const rows = docs.split('\n').filter((line) => /^\| \d{3} \|/.test(line));
    for (const [code, status] of Object.entries(EXPLICIT_STATUS)) {
      const row = rows.find((line) => line.includes(`\`${code}\``));
      expect([code, row?.slice(2, 5)]).toEqual([code, String(status)]);
    }
  });

  it('keeps only real HTTP error statuses in the explicit table', () => {
    for (const [code, status] of Object.entries(EXPLICIT_STATUS)) {
      expect([code, status >= 400 && status <= 599]).toEqual([code, true]);
    }
  });
});
