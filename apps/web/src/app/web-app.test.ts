/**
 * End-to-end over HTTP against the production build, started the way
 * `npm start` starts it (scripts/start.js → `next start`), on a fresh data
 * directory. Needs `next build` first; turbo runs `build` before `test`.
 * Logging in through the form needs a browser (server actions), so the
 * session is created through the domain instead and sent as the cookie.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const APP_DIR = path.resolve(__dirname, '..', '..');
const ADMIN_PASSWORD = 'web-test-admin-password';
const DEMO_DOCUMENTS = 6;
const UPLOAD_LIMIT = 64 * 1024;

interface Prepared {
  secret: string;
  user: { username: string; displayName: string; role: string };
  defaultConfigurations: string[];
  configurations: string[];
  documents: Array<{ number: string; title: string; versions: Array<{ version: number; fileName: string; sha256: string }> }>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Text as React writes it into HTML, so expectations can be written plainly. */
function decodeHtml(html: string): string {
  return html
    .replace(/<!-- -->/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The opening tag of the element with this id. */
function tagWithId(html: string, tag: string, id: string): string | undefined {
  return html.match(new RegExp(`<${tag}\\b[^>]*\\bid="${id}"[^>]*>`))?.[0];
}

/** The fields of the page's first form, as a browser without JavaScript would post them. */
function formFields(html: string): Array<[string, string]> {
  const form = html.match(/<form\b[^>]*>([\s\S]*?)<\/form>/)?.[1];
  if (!form) throw new Error('the page has no form');
  const fields: Array<[string, string]> = [];
  for (const tag of form.match(/<input\b[^>]*>/g) ?? []) {
    const name = tag.match(/\bname="([^"]*)"/)?.[1];
    if (name !== undefined) fields.push([decodeHtml(name), decodeHtml(tag.match(/\bvalue="([^"]*)"/)?.[1] ?? '')]);
  }
  return fields;
}

describe('web app (production build over HTTP)', () => {
  let dataDir: string;
  let server: ChildProcess | undefined;
  let output = '';
  let baseUrl: string;
  let prepared: Prepared;

  const get = (pathname: string, cookie?: string) =>
    fetch(`${baseUrl}${pathname}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const signedIn = (pathname: string) => get(pathname, `edms_session=${prepared.secret}`);
  const pageText = async (response: Response) => decodeHtml(await response.text());

  /** GETs a page and posts its form back (a server action) with some fields filled in. */
  async function submitForm(
    pathname: string,
    values: Record<string, string>,
    options: { cookie?: string; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const page = await get(pathname, options.cookie);
    expect(page.status).toBe(200);
    const body = new FormData();
    for (const [name, value] of formFields(await page.text())) body.append(name, values[name] ?? value);
    return fetch(`${baseUrl}${pathname}`, {
      method: 'POST',
      body,
      redirect: 'manual',
      // Next refuses server actions whose Origin does not match the host.
      headers: { origin: baseUrl, ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
    });
  }

  const sessionCookieOf = (response: Response) =>
    response.headers.getSetCookie().find((cookie) => cookie.startsWith('edms_session='));

  beforeAll(async () => {
    if (!existsSync(path.join(APP_DIR, '.next', 'BUILD_ID'))) {
      throw new Error('No production build: run `npm run build -w @edms/web` (turbo does this before `test`).');
    }
    dataDir = mkdtempSync(path.join(tmpdir(), 'edms-web-test-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      EDMS_DATA_DIR: dataDir,
      EDMS_ADMIN_PASSWORD: ADMIN_PASSWORD,
      EDMS_MAX_UPLOAD_BYTES: String(UPLOAD_LIMIT),
    };
    delete env.DATABASE_URL;

    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(APP_DIR, 'src', 'test-support', 'seed-and-sign-in.js'), String(DEMO_DOCUMENTS)],
      { cwd: APP_DIR, env },
    );
    prepared = JSON.parse(stdout) as Prepared;

    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    // Own process group, so the wrapper and `next start` stop together.
    server = spawn(process.execPath, [path.join(APP_DIR, 'scripts', 'start.js')], {
      cwd: APP_DIR,
      env: { ...env, EDMS_WEB_PORT: String(port) },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

    const deadline = Date.now() + 90_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the web server exited early:\n${output}`);
      try {
        const response = await fetch(`${baseUrl}/login`, { redirect: 'manual' });
        if (response.status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the web server did not answer within 90 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // The first signed-in request starts the services (migrations check, seeding); do it here, not inside a test.
    expect((await get('/', `edms_session=${prepared.secret}`)).status).toBe(200);
  }, 180_000);

  afterAll(async () => {
    if (server?.pid !== undefined && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      process.kill(-server.pid, 'SIGTERM');
      const timer = setTimeout(() => server?.pid !== undefined && process.kill(-server.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  describe('GET /login', () => {
    it('answers 200 with a form whose username and password fields are labelled', async () => {
      const response = await get('/login');
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('<form');
      expect(html).toMatch(/<label for="username">Username<\/label>/);
      expect(html).toMatch(/<label for="password">Password<\/label>/);
      expect(tagWithId(html, 'input', 'username')).toMatch(/name="username"/);
      expect(tagWithId(html, 'input', 'username')).toMatch(/autoComplete="username"/);
      expect(tagWithId(html, 'input', 'password')).toMatch(/type="password"/);
      expect(tagWithId(html, 'input', 'password')).toMatch(/name="password"/);
    });

    it('loads no fonts, scripts or styles from other sites', async () => {
      const html = await (await get('/login')).text();
      const external = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]).filter((url) => /^(?:https?:)?\/\//.test(url ?? ''));
      expect(external).toEqual([]);
    });

    it('serves its icon to visitors who are not signed in', async () => {
      const response = await get('/icon.svg');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('image/svg+xml');
    });

    it('does not advertise the framework', async () => {
      expect((await get('/login')).headers.get('x-powered-by')).toBeNull();
    });

    it('explains why the user was sent back to log in', async () => {
      const text = await pageText(await get('/login?reason=AUTH_SESSION_EXPIRED'));
      expect(text).toContain('Your session has ended.');
    });

    it('shows no notice for a reason it does not know', async () => {
      const html = await (await get('/login?reason=NOT_A_CODE')).text();
      expect(html).toMatch(/<form/);
      expect(html).not.toMatch(/class="notice/);
    });

    it('sends a signed-in user on to the overview', async () => {
      const response = await signedIn('/login');
      expect(response.status).toBe(307);
      expect(response.headers.get('location')).toBe('/');
    });
  });

  describe('logging in and out through the forms (as a browser without JavaScript)', () => {
    it('sets an HttpOnly, SameSite=Lax session cookie and goes where the user was heading', async () => {
      const response = await submitForm('/login?next=%2Fdocuments', { username: 'admin', password: ADMIN_PASSWORD });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/documents');
      const cookie = sessionCookieOf(response);
      expect(cookie).toMatch(/^edms_session=edms_s_[\w-]+;/);
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; SameSite=lax/i);
      expect(cookie).toMatch(/; Path=\//i);
      expect(cookie).not.toMatch(/; Secure/i);
      const secret = cookie?.split(';')[0];
      expect((await get('/documents', secret)).status).toBe(200);
    });

    it('marks the cookie Secure when the request came over HTTPS', async () => {
      const response = await submitForm(
        '/login',
        { username: 'admin', password: ADMIN_PASSWORD },
        { headers: { 'x-forwarded-proto': 'https' } },
      );
      expect(response.status).toBe(303);
      expect(sessionCookieOf(response)).toMatch(/; Secure/i);
    });

    it('does not follow a next= that leaves the site', async () => {
      const response = await submitForm('/login?next=%2F%2Fevil.example%2F', { username: 'admin', password: ADMIN_PASSWORD });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/');
    });

    it('answers a wrong password with a human message and no cookie', async () => {
      const response = await submitForm('/login', { username: 'admin', password: 'not-the-password' });
      expect(response.status).toBe(200);
      expect(sessionCookieOf(response)).toBeUndefined();
      const text = await pageText(response);
      expect(text).toMatch(/role="alert"/);
      expect(text).toContain('Unknown username or wrong password.');
      expect(text).not.toMatch(/DomainError|AUTH_INVALID_CREDENTIALS|at [\w.]+ \(/);
    });

    it('answers an empty form with field messages', async () => {
      const response = await submitForm('/login', { username: '   ', password: '' });
      expect(response.status).toBe(200);
      const text = await pageText(response);
      expect(text).toContain('Enter your username.');
      expect(text).toContain('Enter your password.');
      expect(tagWithId(text, 'input', 'username')).toMatch(/aria-invalid="true"/);
    });

    it('logs out: ends the session, removes the cookie and shows the login page', async () => {
      const login = await submitForm('/login', { username: 'admin', password: ADMIN_PASSWORD });
      const session = sessionCookieOf(login)?.split(';')[0];
      if (!session) throw new Error('login set no cookie');

      const response = await submitForm('/logout', {}, { cookie: session });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/login');
      expect(sessionCookieOf(response)).toMatch(/^edms_session=;|Expires=Thu, 01 Jan 1970/i);

      const after = await get('/configurations', session);
      expect(after.status).toBe(307);
      expect(new URL(after.headers.get('location') ?? '', baseUrl).searchParams.get('reason')).toBe('AUTH_SESSION_EXPIRED');
    });
  });

  describe('without a session', () => {
    it.each([['/configurations'], ['/documents'], ['/documents/SOP-0001']])(
      'redirects %s to the login page, remembering where the user was going',
      async (pathname) => {
        const response = await get(pathname);
        expect(response.status).toBe(307);
        const location = new URL(response.headers.get('location') ?? '', baseUrl);
        expect(location.pathname).toBe('/login');
        expect(location.searchParams.get('next')).toBe(pathname);
      },
    );

    it('redirects the overview to the login page', async () => {
      const response = await get('/');
      expect(response.status).toBe(307);
      expect(response.headers.get('location')).toBe('/login');
    });

    it('treats an unknown session like an ended one', async () => {
      const response = await get('/configurations', 'edms_session=edms_s_not-a-real-session');
      expect(response.status).toBe(307);
      const location = new URL(response.headers.get('location') ?? '', baseUrl);
      expect(location.pathname).toBe('/login');
      expect(location.searchParams.get('reason')).toBe('AUTH_SESSION_EXPIRED');
      expect(location.searchParams.get('next')).toBe('/configurations');
    });
  });

  describe('with a session', () => {
    it('shows who is signed in, with the role, and the navigation', async () => {
      const response = await signedIn('/');
      expect(response.status).toBe(200);
      const text = await pageText(response);
      expect(text).toContain(prepared.user.displayName);
      expect(text).toContain('Admin');
      expect(text).toMatch(/<nav aria-label="Main"/);
      for (const label of ['Overview', 'Configurations', 'Documents']) expect(text).toContain(`>${label}</a>`);
      expect(text).toContain('Log out');
    });

    it('lists the 12 default configurations on /configurations', async () => {
      const response = await signedIn('/configurations');
      expect(response.status).toBe(200);
      const text = await pageText(response);
      expect(prepared.defaultConfigurations).toHaveLength(12);
      for (const name of prepared.defaultConfigurations) expect(text).toContain(`>${name}<`);
      expect(text).toContain('Every hour at :15');
      expect(text).toContain('Sundays at 03:00 UTC');
      expect(text).toMatch(/aria-current="page"[^>]*>Configurations</);
    });

    it('lists the seeded documents on /documents', async () => {
      const response = await signedIn('/documents');
      expect(response.status).toBe(200);
      const text = await pageText(response);
      expect(prepared.documents).toHaveLength(DEMO_DOCUMENTS);
      for (const doc of prepared.documents) {
        expect(text).toContain(`>${doc.number}</a>`);
        expect(text).toContain(doc.title);
      }
      expect(text).toContain(`of ${DEMO_DOCUMENTS} documents`);
      expect(text).toMatch(/<label for="q">/);
    });

    it('narrows the list by search', async () => {
      const [target, ...others] = prepared.documents;
      if (!target) throw new Error('no documents were seeded');
      const text = await pageText(await signedIn(`/documents?q=${encodeURIComponent(target.number)}`));
      expect(text).toContain(`>${target.number}</a>`);
      for (const other of others) {
        if (!other.number.includes(target.number)) expect(text).not.toContain(`>${other.number}</a>`);
      }
    });

    it('says so when nothing matches', async () => {
      const text = await pageText(await signedIn('/documents?q=no-such-document-anywhere'));
      expect(text).toContain('No documents match this search.');
    });

    it('shows a document with all its versions', async () => {
      const doc = prepared.documents.find((d) => d.versions.length > 1) ?? prepared.documents[0];
      if (!doc) throw new Error('no documents were seeded');
      const response = await signedIn(`/documents/${encodeURIComponent(doc.number)}`);
      expect(response.status).toBe(200);
      const text = await pageText(response);
      expect(text).toContain(doc.title);
      for (const version of doc.versions) {
        expect(text).toContain(version.fileName);
        expect(text).toContain(version.sha256);
      }
    });

    it('answers 404 with a plain message for an unknown document', async () => {
      const response = await signedIn('/documents/NOPE-9999');
      expect(response.status).toBe(404);
      const text = await pageText(response);
      expect(text).toContain('Document not found');
      expect(text).not.toMatch(/DomainError|at [\w.]+ \(/);
    });

    it('asks before logging out: GET /logout shows a button and ends nothing', async () => {
      const response = await signedIn('/logout');
      expect(response.status).toBe(200);
      expect(await pageText(response)).toMatch(/<button type="submit"[^>]*>Log out<\/button>/);
      expect((await signedIn('/configurations')).status).toBe(200);
    });
  });

  describe('route handlers under /api', () => {
    const cookie = () => `edms_session=${prepared.secret}`;
    const upload = (body: NonNullable<RequestInit['body']>, headers: Record<string, string> = {}, withSession = true) =>
      fetch(`${baseUrl}/api/upload`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/octet-stream', ...(withSession ? { cookie: cookie() } : {}), ...headers },
        // Needed by Node's fetch for a streamed body.
        duplex: 'half',
      } as RequestInit);
    const uploadedFiles = () => {
      try {
        return readdirSync(path.join(dataDir, 'uploads'));
      } catch {
        return [];
      }
    };

    it('answers 401 in JSON, not a redirect, without a session', async () => {
      for (const pathname of ['/api/tasks/x', '/api/jobs/x', '/api/restores/x', '/api/audit/export']) {
        const response = await get(pathname);
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual({ error: expect.objectContaining({ message: 'Your session has ended.' }) });
      }
      expect((await upload('x', {}, false)).status).toBe(401);
    });

    it('stores an upload under a name it makes itself, whatever the browser says', async () => {
      const response = await upload(Buffer.from('package bytes'), { 'x-file-name': '../../etc/passwd' });
      expect(response.status).toBe(201);
      const body = (await response.json()) as { uploadId: string; sizeBytes: number };
      expect(body.uploadId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(body.sizeBytes).toBe(13);
      expect(uploadedFiles()).toContain(`${body.uploadId}.tar.gz`);
    });

    it('refuses an upload whose declared size is over the limit before reading it', async () => {
      const response = await upload(Buffer.alloc(UPLOAD_LIMIT + 1));
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
        'The file is larger than this server accepts for an upload.',
      );
    });

    it('cuts a streamed upload off at the limit and leaves no partial file', async () => {
      const before = uploadedFiles();
      const chunk = new Uint8Array(16 * 1024);
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent > UPLOAD_LIMIT * 2) controller.close();
          else {
            sent += chunk.length;
            controller.enqueue(chunk);
          }
        },
      });
      const response = await upload(stream);
      expect(response.status).toBe(413);
      expect(uploadedFiles().filter((f) => !before.includes(f))).toEqual([]);
    });

    it('refuses an empty upload and one announced by another site', async () => {
      expect((await upload(new Uint8Array(0))).status).toBe(400);
      expect((await upload('x', { origin: 'https://evil.example' })).status).toBe(403);
    });

    it('answers 404 for a task it does not know', async () => {
      const response = await fetch(`${baseUrl}/api/tasks/00000000-0000-4000-8000-000000000000`, { headers: { cookie: cookie() } });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain('no longer tracked');
    });

    it('answers 404 for an unknown job and its download', async () => {
      const id = '00000000-0000-4000-8000-000000000000';
      expect((await fetch(`${baseUrl}/api/jobs/${id}`, { headers: { cookie: cookie() } })).status).toBe(404);
      expect((await fetch(`${baseUrl}/api/jobs/${id}/download`, { headers: { cookie: cookie() } })).status).toBe(404);
    });

    it('downloads a document version as an attachment with its bytes', async () => {
      const doc = prepared.documents[0];
      if (!doc?.versions[0]) throw new Error('no documents were seeded');
      const response = await fetch(`${baseUrl}/api/documents/${encodeURIComponent(doc.number)}/versions/${doc.versions[0].version}`, {
        headers: { cookie: cookie() },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(doc.versions[0].sha256);
    });

    it('exports the audit chain as NDJSON in sequence order', async () => {
      const response = await fetch(`${baseUrl}/api/audit/export`, { headers: { cookie: cookie() } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      const events = (await response.text())
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { sequence: number });
      expect(events.length).toBeGreaterThan(0);
      expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    });

    it.each([['/jobs'], ['/restore'], ['/audit'], ['/system/check'], ['/system/reset'], ['/configurations/new']])(
      'serves %s to an administrator',
      async (pathname) => {
        const response = await get(pathname, cookie());
        expect(response.status).toBe(200);
        expect(await response.text()).not.toMatch(/DomainError|at [\w.]+ \(/);
      },
    );
  });
});
