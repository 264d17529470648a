import { DOCUMENT_STATUSES } from '@edms/domain';
import { DOCUMENTS_PAGE_SIZE, documentSearchHref, parseDocumentSearch } from './document-search';

describe('parseDocumentSearch', () => {
  it('reads the search, status and page', () => {
    expect(parseDocumentSearch({ q: '  SOP ', status: 'EFFECTIVE', page: '3' }, DOCUMENT_STATUSES)).toEqual({
      q: 'SOP',
      status: 'EFFECTIVE',
      page: 3,
      pageSize: DOCUMENTS_PAGE_SIZE,
    });
  });

  it('uses defaults when nothing is given', () => {
    expect(parseDocumentSearch({}, DOCUMENT_STATUSES)).toEqual({ q: '', status: undefined, page: 1, pageSize: DOCUMENTS_PAGE_SIZE });
  });

  it.each([['0'], ['-2'], ['abc'], ['1.5'], ['99999999999']])('falls back to page 1 for page=%s', (page) => {
    expect(parseDocumentSearch({ page }, DOCUMENT_STATUSES).page).toBe(1);
  });

  it('ignores a status the domain does not know', () => {
    expect(parseDocumentSearch({ status: 'DELETED' }, DOCUMENT_STATUSES).status).toBeUndefined();
    expect(parseDocumentSearch({ status: 'effective' }, DOCUMENT_STATUSES).status).toBeUndefined();
  });

  it('takes the first value of a repeated parameter', () => {
    expect(parseDocumentSearch({ q: ['WI', 'SOP'] }, DOCUMENT_STATUSES).q).toBe('WI');
  });

  it('drops an overlong search instead of failing the page', () => {
    expect(parseDocumentSearch({ q: 'x'.repeat(201) }, DOCUMENT_STATUSES).q).toBe('');
  });
});

describe('documentSearchHref', () => {
  it('leaves defaults out of the URL', () => {
    expect(documentSearchHref({ q: '', status: undefined, page: 1 })).toBe('/documents');
  });

  it('keeps the filters when paging', () => {
    expect(documentSearchHref({ q: 'cleaning & sanitation', status: 'DRAFT', page: 2 })).toBe(
      '/documents?q=cleaning+%26+sanitation&status=DRAFT&page=2',
    );
  });
});
