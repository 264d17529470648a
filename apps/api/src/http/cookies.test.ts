import { parseCookies } from './cookies';

describe('parseCookies', () => {
  it('reads name=value pairs separated by semicolons', () => {
    expect(Object.fromEntries(parseCookies('a=1; edms_session=edms_s_abc; b="quoted"'))).toEqual({ a: '1', edms_session: 'edms_s_abc', b: 'quoted' });
  });

  it('decodes percent-encoding and keeps undecodable values as they are', () => {
    expect(parseCookies('x=a%20b').get('x')).toBe('a b');
    expect(parseCookies('x=%E0%A4%A').get('x')).toBe('%E0%A4%A');
  });

  it('skips malformed pairs and keeps the first of duplicate names', () => {
    const cookies = parseCookies('garbage; =nope; a=first; a=second');
    expect([...cookies.keys()]).toEqual(['a']);
    expect(cookies.get('a')).toBe('first');
  });

  it('returns nothing without a header', () => {
    expect(parseCookies(undefined).size).toBe(0);
  });
});
