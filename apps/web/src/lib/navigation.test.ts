import { decodeSegment, isActivePath, NAV_ITEMS, safeReturnPath } from './navigation';

describe('safeReturnPath', () => {
  it.each([['/configurations'], ['/documents?q=SOP&page=2'], ['/documents/SOP-0001']])('keeps the same-site path %s', (path) => {
    expect(safeReturnPath(path)).toBe(path);
  });

  it.each([
    ['https://evil.example/'],
    ['//evil.example/path'],
    ['/\\evil.example'],
    ['javascript:alert(1)'],
    ['documents'],
    ['/docu\nments'],
    ['/\tevil'],
    [''],
    [undefined],
    [null],
    [42],
  ])('refuses %p and falls back to the overview', (value) => {
    expect(safeReturnPath(value)).toBe('/');
  });

  it('does not send the user back to the login or logout page', () => {
    expect(safeReturnPath('/login')).toBe('/');
    expect(safeReturnPath('/login?next=/x')).toBe('/');
    expect(safeReturnPath('/logout')).toBe('/');
    expect(safeReturnPath('/logouts-report')).toBe('/logouts-report');
  });

  it('refuses absurdly long values', () => {
    expect(safeReturnPath(`/${'a'.repeat(3000)}`)).toBe('/');
  });
});

describe('isActivePath', () => {
  it('matches a section and the pages below it', () => {
    expect(isActivePath('/documents', '/documents')).toBe(true);
    expect(isActivePath('/documents', '/documents/SOP-0001')).toBe(true);
    expect(isActivePath('/documents', '/documents-archive')).toBe(false);
  });

  it('matches the overview only on itself', () => {
    expect(isActivePath('/', '/')).toBe(true);
    expect(isActivePath('/', '/documents')).toBe(false);
  });
});

describe('NAV_ITEMS', () => {
  it('starts with the three foundation pages, each with a unique link', () => {
    expect(NAV_ITEMS.slice(0, 3).map((i) => i.label)).toEqual(['Overview', 'Configurations', 'Documents']);
    expect(new Set(NAV_ITEMS.map((i) => i.href)).size).toBe(NAV_ITEMS.length);
  });
});

describe('decodeSegment', () => {
  it('decodes an encoded segment and leaves a malformed one alone', () => {
    expect(decodeSegment('SOP%2D0001')).toBe('SOP-0001');
    expect(decodeSegment('SOP-0001')).toBe('SOP-0001');
    expect(decodeSegment('100%')).toBe('100%');
  });
});
