/**
 * End to end, over real HTTP against the real server process, started the way
 * `npm start` starts it (`node apps/api/dist/server.js` with EDMS_DATA_DIR and
 * a port): demo seed → backup → download → upload to a fresh installation →
 * dry run → confirm → restore completes → the documents are the same. And a
 * hostile package is refused with 422 without changing anything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildTarGz, readTarGz } from './test-support/tar-gz';
import { ADMIN_PASSWORD } from './test-support/test-api';

const SERVER_JS = join(__dirname, '..', 'dist', 'server.js');

interface RunningServer {
  base: string;
  dataDir: string;
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
  token: string;
}

async function startServer(): Promise<RunningServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'edms-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env, EDMS_DATA_DIR: dataDir, EDMS_ADMIN_PASSWORD: ADMIN_PASSWORD, EDMS_API_PORT: '0', EDMS_API_HOST: '127.0.0.1' };
  delete env['DATABASE_URL'];
  const child = spawn(process.execPath, [SERVER_JS], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  let base: string | undefined;
  while (!base) {
    base = /EDMS API listening on (http:\/\/\S+)/.exec(output)?.[1];
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const server: RunningServer = { base, dataDir, child, output: () => output, exit, token: '' };
  server.token = await tokenThroughSession(server);
  return server;
}

async function stopServer(server: RunningServer): Promise<void> {
  if (server.child.exitCode === null) server.child.kill('SIGTERM');
  const code = await server.exit;
  await rm(server.dataDir, { recursive: true, force: true });
  expect(code).toBe(0);
}

/** Logs in like a browser (cookie + CSRF header), then creates a bearer token like an administrator would. */
async function tokenThroughSession(server: RunningServer): Promise<string> {
  const login = await fetch(`${server.base}/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const created = await fetch(`${server.base}/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookies, 'X-EDMS-CSRF': csrfToken },
    body: JSON.stringify({ name: 'e2e', username: 'admin' }),
  });
  expect(created.status).toBe(201);
  return ((await created.json()) as { secret: string }).secret;
}

async function call<T = Record<string, unknown>>(server: RunningServer, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${server.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

async function upload(server: RunningServer, bytes: Buffer, query = ''): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${server.base}/packages${query}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/octet-stream' },
    body: bytes,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** Reads a server-sent event stream to its end: the list of (event, data). */
async function readEvents(server: RunningServer, path: string): Promise<Array<{ event: string; data: Record<string, unknown> }>> {
  const res = await fetch(`${server.base}${path}`, { headers: { Authorization: `Bearer ${server.token}`, Accept: 'text/event-stream' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.includes('event: '))
    .map((block) => ({ event: /event: (\w+)/.exec(block)?.[1] ?? '', data: JSON.parse(/data: (.*)/.exec(block)?.[1] ?? '{}') as Record<string, unknown> }));
}

/** Every document with every version's sha256, as the API shows them. */
async function documentsOf(server: RunningServer): Promise<string[]> {
  const list = await call<{ items: Array<{ number: string }>; total: number }>(server, 'GET', '/documents?limit=200');
  const lines: string[] = [];
  for (const { number } of list.body.items) {
    const shown = await call<{ document: { title: string; status: string }; versions: Array<{ version: number; sha256: string; fileName: string }> }>(server, 'GET', `/documents/${number}`);
    lines.push(`${number}|${shown.body.document.title}|${shown.body.document.status}|${shown.body.versions.map((v) => `${v.version}:${v.fileName}:${v.sha256}`).join(',')}`);
  }
  return lines.sort();
}

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

let source: RunningServer;
let target: RunningServer;
let packageBytes: Buffer;
let sourceDocuments: string[];

beforeAll(async () => {
  if (!existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run \`npx turbo run build --filter=@edms/api\` first`);
  [source, target] = await Promise.all([startServer(), startServer()]);
}, 120_000);

afterAll(async () => {
  await Promise.all([source && stopServer(source), target && stopServer(target)]);
}, 60_000);

describe('end to end over HTTP against `node dist/server.js`', () => {
  it('seeds, backs up and follows the backup by events, then downloads the package intact', async () => {
    const seeded = await call<{ documents: number; versions: number }>(source, 'POST', '/demo/seed', { documents: 5 });
    expect(seeded.status).toBe(201);
    expect(seeded.body.documents).toBe(5);
    sourceDocuments = await documentsOf(source);
    expect(sourceDocuments).toHaveLength(5);

    const queued = await call<{ id: string; status: string }>(source, 'POST', '/backups', { configuration: 'daily-full' });
    expect(queued.status).toBe(202);
    const events = await readEvents(source, `/backups/${queued.body.id}/events`);
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { status: 'COMPLETED', progress: 1 } });
    const job = events.at(-1)?.data as { sha256: string; sizeBytes: number };

    const download = await fetch(`${source.base}/backups/${queued.body.id}/download`, { headers: { Authorization: `Bearer ${source.token}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="daily-full_full_/);
    packageBytes = Buffer.from(await download.arrayBuffer());
    expect(Number(download.headers.get('content-length'))).toBe(job.sizeBytes);
    expect(packageBytes.length).toBe(job.sizeBytes);
    expect(createHash('sha256').update(packageBytes).digest('hex')).toBe(job.sha256);
  }, 120_000);

  it('uploads the package to a fresh installation: dry run, then confirm, then the restore completes with the same documents', async () => {
    expect(await documentsOf(target)).toEqual([]);

    const dryRun = await upload(target, packageBytes, '?dryRun=true');
    expect(dryRun.status).toBe(201);
    expect(dryRun.body.restore).toMatchObject({ status: 'COMPLETED', dryRun: true });
    expect(dryRun.body.plan.tables.find((t: { table: string }) => t.table === 'Document')).toMatchObject({ packageRows: 5, insert: 5 });
    expect(await documentsOf(target)).toEqual([]);

    const prepared = await call<{ restore: { id: string; status: string }; planHash: string; plan: { warnings: Array<{ code: string }> } }>(target, 'POST', '/restores', {
      backupJobId: dryRun.body.restore.backupJobId,
    });
    expect(prepared.status).toBe(201);
    expect(prepared.body.restore.status).toBe('AWAITING_CONFIRMATION');
    expect(prepared.body.plan.warnings.map((w) => w.code)).toContain('RESTORE_OTHER_INSTANCE');
    const id = prepared.body.restore.id;

    const withoutForce = await call(target, 'POST', `/restores/${id}/confirm`, { planHash: prepared.body.planHash });
    expect([withoutForce.status, withoutForce.body['code']]).toEqual([409, 'RESTORE_WARNINGS_NEED_FORCE']);

    const confirmed = await call<{ status: string }>(target, 'POST', `/restores/${id}/confirm`, { planHash: prepared.body.planHash, force: true });
    expect(confirmed.status).toBe(202);
    let restore = confirmed.body as { status: string; progress: number; steps: Array<{ step: string }> };
    const deadline = Date.now() + 60_000;
    while (!['COMPLETED', 'FAILED', 'ROLLED_BACK'].includes(restore.status) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      restore = (await call<typeof restore>(target, 'GET', `/restores/${id}`)).body;
    }
    expect(restore).toMatchObject({ status: 'COMPLETED', progress: 1 });
    expect(restore.steps.map((s) => s.step)).toEqual(expect.arrayContaining(['validate', 'plan', 'confirm', 'safety-backup', 'apply', 'complete']));

    expect(await documentsOf(target)).toEqual(sourceDocuments);
    const check = await call<{ ok: boolean }>(target, 'POST', '/system/check', {});
    expect(check.body.ok).toBe(true);
    const [first] = sourceDocuments;
    const number = first?.split('|')[0] ?? '';
    const [a, b] = await Promise.all(
      [source, target].map(async (server) => Buffer.from(await (await fetch(`${server.base}/documents/${number}/download`, { headers: { Authorization: `Bearer ${server.token}` } })).arrayBuffer())),
    );
    expect(b).toEqual(a);
  }, 120_000);

  it('refuses a package with a "../evil" entry with 422 PACKAGE_* and leaves the database and the file store as they were', async () => {
    const manifest = readTarGz(packageBytes).find((e) => e.name === 'manifest.json');
    const unknown = { ...JSON.parse(manifest?.data.toString() ?? '{}'), packageId: randomUUID() };
    const hostile = buildTarGz([
      { name: 'manifest.json', data: Buffer.from(JSON.stringify(unknown)) },
      { name: '../evil', data: Buffer.from('owned') },
      { name: 'files/../../evil2', data: Buffer.from('owned') },
    ]);
    const before = {
      documents: await documentsOf(target),
      backups: (await call(target, 'GET', '/backups?limit=200&includePruned=true')).body,
      restores: (await call<{ total: number }>(target, 'GET', '/restores')).body.total,
      users: (await call(target, 'GET', '/users')).body,
      files: await filesUnder(join(target.dataDir, 'documents')),
      everything: await filesUnder(target.dataDir),
    };

    const refused = await upload(target, hostile);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toMatch(/^PACKAGE_/);
    expect(refused.body.type).toBe(`urn:edms:problem:${String(refused.body.code).toLowerCase().replace(/_/g, '-')}`);

    expect(await documentsOf(target)).toEqual(before.documents);
    expect((await call(target, 'GET', '/backups?limit=200&includePruned=true')).body).toEqual(before.backups);
    expect((await call<{ total: number }>(target, 'GET', '/restores')).body.total).toBe(before.restores);
    expect((await call(target, 'GET', '/users')).body).toEqual(before.users);
    expect(await filesUnder(join(target.dataDir, 'documents'))).toEqual(before.files);
    // Nothing new anywhere in the data directory (no upload left behind, no evil file), and nothing beside it.
    const after = (await filesUnder(target.dataDir)).filter((f) => !/^edms\.db(-journal|-wal|-shm)?$/.test(f) && !f.startsWith('.'));
    expect(after).toEqual(before.everything.filter((f) => !/^edms\.db(-journal|-wal|-shm)?$/.test(f) && !f.startsWith('.')));
    expect(existsSync(join(target.dataDir, '..', 'evil'))).toBe(false);
    const audit = await call<{ items: Array<{ action: string }> }>(target, 'GET', '/audit?outcome=FAILURE&limit=5');
    expect(audit.body.items.some((e) => e.action.startsWith('restore.'))).toBe(true);
  }, 60_000);
});
