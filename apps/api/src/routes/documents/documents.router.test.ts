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
    expect(res.body.owner).toEqual({ id: res.body.document.ownerId, username: expect.any(String), displayName: expect.any(String) });
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

describe('POST /documents and /documents/:number/versions, downloads', () => {
  let operator: [string, string];
  const binary = (res: request.Response, cb: (error: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  };

  beforeAll(async () => {
    operator = ['Authorization', `Bearer ${await api.tokenForRole('OPERATOR')}`];
  });

  it('creates a document from a streamed body, adds a version, and downloads each version byte for byte', async () => {
    const first = Buffer.from('%PDF-1.7 first issue\n'.repeat(1000));
    const created = await request(api.app)
      .post('/api/v1/documents?title=Cleaning%20validation&fileName=clean-v1.pdf&prefix=VAL&status=DRAFT&note=First')
      .set(...operator)
      .set('Content-Type', 'application/octet-stream')
      .send(first);
    expect(created.status).toBe(201);
    const number = created.body.document.number as string;
    expect(number).toMatch(/^VAL-\d{4}$/);
    expect(created.headers['location']).toBe(`/api/v1/documents/${number}`);
    expect(created.body.version).toMatchObject({ version: 1, fileName: 'clean-v1.pdf', sizeBytes: first.length, mimeType: 'application/pdf' });

    const second = Buffer.from([0, 1, 2, 3, 255, 254, 253]);
    const added = await request(api.app)
      .post(`/api/v1/documents/${number}/versions?fileName=clean-v2.pdf&status=IN_REVIEW`)
      .set(...operator)
      .set('Content-Type', 'application/octet-stream')
      .send(second);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ document: { status: 'IN_REVIEW' }, version: { version: 2, sizeBytes: second.length } });

    const latest = await request(api.app).get(`/api/v1/documents/${number}/download`).set(...auth).buffer(true).parse(binary);
    expect(latest.body).toEqual(second);
    expect(latest.headers['content-length']).toBe(String(second.length));
    expect(latest.headers['content-disposition']).toBe(`attachment; filename="clean-v2.pdf"; filename*=UTF-8''clean-v2.pdf`);
    expect(latest.headers['content-security-policy']).toContain('sandbox');
    const v1 = await request(api.app).get(`/api/v1/documents/${number}/versions/1/download`).set(...auth).buffer(true).parse(binary);
    expect(v1.body).toEqual(first);
    expect(v1.headers['content-type']).toBe('application/pdf');
    const missing = await request(api.app).get(`/api/v1/documents/${number}/versions/9/download`).set(...auth);
    expect([missing.status, missing.body.code]).toEqual([404, 'DOCUMENT_VERSION_NOT_FOUND']);
  });

  it('refuses a file name with directories, a JSON body, and a VIEWER', async () => {
    const traversal = await request(api.app).post('/api/v1/documents?title=x&fileName=..%2F..%2Fetc%2Fpasswd').set(...operator).set('Content-Type', 'application/octet-stream').send(Buffer.from('x'));
    expect([traversal.status, traversal.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const json = await request(api.app).post('/api/v1/documents?title=x&fileName=a.txt').set(...operator).send({ content: 'x' });
    expect(json.status).toBe(415);
    const viewerToken = await api.tokenForRole('VIEWER');
    const viewer = await request(api.app).post('/api/v1/documents?title=x&fileName=a.txt').set('Authorization', `Bearer ${viewerToken}`).set('Content-Type', 'application/octet-stream').send(Buffer.from('x'));
    expect(viewer.status).toBe(403);
  });

  it('refuses an upload over the cap with 413 and stores nothing', async () => {
    const app = api.createAppWith({ maxUploadBytes: 1024 });
    const before = await api.services.ctx.repos.documents.count();
    const res = await request(app).post('/api/v1/documents?title=Too%20big&fileName=big.bin').set(...operator).set('Content-Type', 'application/octet-stream').send(Buffer.alloc(4096));
    expect([res.status, res.body.code]).toEqual([413, 'UPLOAD_TOO_LARGE']);
    expect(await api.services.ctx.repos.documents.count()).toBe(before);
  });
});
