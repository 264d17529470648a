import request from 'supertest';
import { seedDemoDocuments, systemActor, type Document } from '@edms/domain';
import { createTestApi, type TestApi } from '../../test-support/test-api';
import { MAX_DOCUMENT_PAGE_SIZE } from './documents.schemas';

let api: TestApi;
let auth: [string, string];
const SEEDED = 12;

beforeAll(async () => {
  api = await createTestApi();
  await seedDemoDocuments(api.services.ctx, systemActor('test'), { documents: SEEDED });
  auth = ['Authorization', `Bearer ${await api.createToken()}`];
});
afterAll(() => api.cleanup());

const list = (query = '') => request(api.app).get(`/api/v1/documents${query}`).set(...auth);

describe('GET /documents', () => {
  it('lists the seeded documents with the total and the paging used', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: SEEDED, limit: 50, offset: 0 });
    expect(res.body.items).toHaveLength(SEEDED);
    expect(res.body.items[0]).toEqual(expect.objectContaining({ number: expect.stringMatching(/^[A-Z]+-\d{4}$/), title: expect.any(String), status: expect.any(String) }));
  });

  it('pages with limit and offset without overlap', async () => {
    const first = await list('?limit=5');
    const second = await list('?limit=5&offset=5');
    const last = await list('?limit=5&offset=10');
    expect(first.body.items).toHaveLength(5);
    expect(second.body.items).toHaveLength(5);
    expect(last.body.items).toHaveLength(SEEDED - 10);
    expect(last.body.total).toBe(SEEDED);
    const numbers = [...first.body.items, ...second.body.items, ...last.body.items].map((d: Document) => d.number);
    expect(new Set(numbers).size).toBe(SEEDED);
    expect((await list('?offset=100')).body.items).toEqual([]);
  });

  it('filters by search text and by status', async () => {
    const all: Document[] = (await list()).body.items;
    const target = all[3] as Document;
    const bySearch = await list(`?search=${encodeURIComponent(target.number)}`);
    expect(bySearch.body.items.map((d: Document) => d.number)).toEqual([target.number]);
    const byStatus = await list(`?status=${target.status}`);
    expect(byStatus.body.total).toBe(all.filter((d) => d.status === target.status).length);
    expect(byStatus.body.items.every((d: Document) => d.status === target.status)).toBe(true);
  });

  it.each([
    ['limit=-5', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=0', 'limit'],
    [`limit=${MAX_DOCUMENT_PAGE_SIZE + 1}`, 'limit'],
    ['limit=1.5', 'limit'],
    ['offset=-1', 'offset'],
    ['status=LOST', 'status'],
    ['limit=1&limit=2', 'limit'],
  ])('refuses %s with 400 VALIDATION_FAILED naming the parameter', async (query, path) => {
    const res = await list(`?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.issues).toContainEqual(expect.objectContaining({ location: 'query', path }));
  });

  it(`accepts the largest page, ${MAX_DOCUMENT_PAGE_SIZE}`, async () => {
    expect((await list(`?limit=${MAX_DOCUMENT_PAGE_SIZE}`)).status).toBe(200);
  });
});

describe('GET /documents/:number', () => {
  it('shows a document with its versions', async () => {
    const [first] = (await list('?limit=1')).body.items as Document[];
    const res = await request(api.app).get(`/api/v1/documents/${first?.number ?? ''}`).set(...auth);
    expect(res.status).toBe(200);
    expect(res.body.document).toMatchObject({ number: first?.number, id: first?.id });
    expect(res.body.versions.length).toBeGreaterThanOrEqual(1);
    expect(res.body.versions[0]).toEqual(expect.objectContaining({ version: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), sizeBytes: expect.any(Number) }));
  });

  it('answers an unknown number with a 404 DOCUMENT_NOT_FOUND problem', async () => {
    const res = await request(api.app).get('/api/v1/documents/SOP-9999').set(...auth);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: 'urn:edms:problem:document-not-found',
      title: 'Not Found',
      status: 404,
      code: 'DOCUMENT_NOT_FOUND',
      instance: '/api/v1/documents/SOP-9999',
      detail: expect.stringContaining('SOP-9999'),
    });
  });
});
