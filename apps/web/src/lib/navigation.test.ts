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
  it('lists every page once, overview first', () => {
    expect(NAV_ITEMS[0]?.href).toBe('/');
    expect(new Set(NAV_ITEMS.map((i) => i.href)).size).toBe(NAV_ITEMS.length);
  });

  it('guards the destructive pages with their own permissions', () => {
    expect(NAV_ITEMS.find((i) => i.href === '/restore')?.permission).toBe('restore');
    expect(NAV_ITEMS.find((i) => i.href === '/system/reset')?.permission).toBe('reset');
  });

  it('lets every role read the others', () => {
    for (const item of NAV_ITEMS.filter((i) => !['/restore', '/system/reset'].includes(i.href))) {
      expect(item.permission).toBe('read');
    }
  });
});

describe('decodeSegment', () => {
  it('decodes an encoded segment and leaves a malformed one alone', () => {
    expect(decodeSegment('SOP%2D0001')).toBe('SOP-0001');
    expect(decodeSegment('SOP-0001')).toBe('SOP-0001');
    expect(decodeSegment('100%')).toBe('100%');
  });
});
