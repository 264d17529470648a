import { auditRange, auditSearchHref, hasAuditFilter, parseAuditSearch } from './audit-search';

const OUTCOMES = ['SUCCESS', 'FAILURE'] as const;

describe('parseAuditSearch', () => {
  it('reads every filter', () => {
    const search = parseAuditSearch(
      { action: 'restore', actor: 'admin', targetType: 'RestoreJob', outcome: 'FAILURE', since: '2025-01-01', until: '2025-01-31', page: '2' },
      OUTCOMES,
    );
    expect(search).toEqual({
      action: 'restore',
      actor: 'admin',
      targetType: 'RestoreJob',
      outcome: 'FAILURE',
      since: '2025-01-01',
      until: '2025-01-31',
      page: 2,
      pageSize: 50,
    });
    expect(hasAuditFilter(search)).toBe(true);
  });

  it('accepts only the offered page sizes', () => {
    expect(parseAuditSearch({ size: '25' }, OUTCOMES).pageSize).toBe(25);
    expect(parseAuditSearch({ size: '7' }, OUTCOMES).pageSize).toBe(50);
  });

  it('drops malformed values', () => {
    const search = parseAuditSearch({ action: 'a b<script>', since: '2025-13-45', until: 'yesterday', outcome: 'MAYBE' }, OUTCOMES);
    expect(search).toMatchObject({ action: '', since: '', until: '', outcome: undefined });
    expect(hasAuditFilter(search)).toBe(false);
  });
});

describe('auditRange', () => {
  it('includes the whole last day', () => {
    expect(auditRange({ since: '2025-01-01', until: '2025-01-31' })).toEqual({
      since: new Date('2025-01-01T00:00:00.000Z'),
      until: new Date('2025-02-01T00:00:00.000Z'),
    });
  });

  it('leaves open ends open', () => {
    expect(auditRange({ since: '', until: '' })).toEqual({ since: undefined, until: undefined });
  });
});

describe('auditSearchHref', () => {
  it('keeps the filters and leaves page 1 out', () => {
    expect(
      auditSearchHref({ action: 'backup', actor: '', targetType: '', outcome: 'SUCCESS', since: '', until: '', page: 1, pageSize: 50 }),
    ).toBe('/audit?action=backup&outcome=SUCCESS');
    expect(auditSearchHref({ action: '', actor: '', targetType: '', outcome: undefined, since: '', until: '', page: 3, pageSize: 25 })).toBe(
      '/audit?size=25&page=3',
    );
  });
});
