import { jobSearchHref, parseJobSearch } from './job-search';

const STATUSES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
const ORIGINS = ['MANUAL', 'SCHEDULED', 'IMPORTED', 'SAFETY'] as const;

describe('parseJobSearch', () => {
  it('reads the filters and the page', () => {
    expect(parseJobSearch({ configuration: 'daily-full', status: 'FAILED', origin: 'SAFETY', page: '3' }, STATUSES, ORIGINS)).toEqual({
      configuration: 'daily-full',
      status: 'FAILED',
      origin: 'SAFETY',
      page: 3,
      pageSize: 25,
    });
  });

  it('falls back to "all" for values that are not allowed', () => {
    expect(parseJobSearch({ configuration: '../etc', status: 'BROKEN', origin: 'manual', page: '-2' }, STATUSES, ORIGINS)).toEqual({
      configuration: '',
      status: undefined,
      origin: undefined,
      page: 1,
      pageSize: 25,
    });
  });

  it('takes the first of repeated parameters', () => {
    expect(parseJobSearch({ status: ['RUNNING', 'FAILED'] }, STATUSES, ORIGINS).status).toBe('RUNNING');
  });
});

describe('jobSearchHref', () => {
  it('leaves defaults out', () => {
    expect(jobSearchHref({ configuration: '', status: undefined, origin: undefined, page: 1 })).toBe('/jobs');
    expect(jobSearchHref({ configuration: 'daily-full', status: 'FAILED', origin: undefined, page: 2 })).toBe(
      '/jobs?configuration=daily-full&status=FAILED&page=2',
    );
  });
});
