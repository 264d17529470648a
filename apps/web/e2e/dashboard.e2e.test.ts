/**
 * The dashboard in a real browser: playwright-core drives Debian's Chromium
 * (/usr/bin/chromium, fresh profile) against the production build started as
 * `npm start` starts it, with a CLI backup worker beside it, on a fresh data
 * directory. One administrator session walks through every operator task in
 * order — later steps use what earlier ones produced (the backup that is
 * downloaded, uploaded and restored) — and a screenshot of each page is saved
 * to docs/screenshots/ at 1280 px.
 */
import { createHash, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT, startHarness, writePasswordFile, type Harness } from './support/harness';
import { tarGz } from './support/tar-gz';

// Real backups, restores and a browser: a step may take a while on a 2-core CI machine.
jest.setTimeout(180_000);

const CHROMIUM = '/usr/bin/chromium';
// ENVIRONMENT.md's flags; playwright adds --headless and the fresh --user-data-dir itself.
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ADMIN_PASSWORD = 'e2e-admin-password-1';
const VIEWER_PASSWORD = 'e2e-viewer-password-1';
const SCREENSHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
/** What must never reach a page: stack frames, exception class names, source paths. */
const INTERNALS = /\bat [\w.<>$]+ \(|DomainError|WebError|PrismaClient|Error: |node_modules|\.tsx?:\d+/;

describe('dashboard in Chromium', () => {
  let harness: Harness;
  let context: BrowserContext;
  let page: Page;
  let workDir: string;
  let base: string;
  let packagePath: string;
  /** The restore prepared and cancelled in the wizard (opened again as a VIEWER). */
  let cancelledRestoreId: string;
  const pageErrors: string[] = [];
  const externalRequests: string[] = [];

  const shot = async (name: string) => {
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  };
  const bodyText = () => page.locator('body').innerText();
  const expectNoInternals = async () => expect(await bodyText()).not.toMatch(INTERNALS);

  async function logIn(username: string, password: string) {
    await page.goto(`${base}/login`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/`);
  }

  async function logOut() {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);
  }

  /** The restore records, as `edms restore list --json` counts them. */
  async function restoreCount(): Promise<number> {
    return (JSON.parse(await harness.cli(['restore', 'list', '--json'])) as { total: number }).total;
  }

  interface RestoreRecord {
    status: string;
    dryRun: boolean;
    planHash: string | null;
    safetyBackupJobId: string | null;
    steps: Array<{ step: string; status: string }>;
  }

  /** One restore with its step log, as `edms restore show --json` shows it. */
  async function restoreRecord(id: string): Promise<RestoreRecord> {
    return JSON.parse(await harness.cli(['restore', 'show', id, '--json'])) as RestoreRecord;
  }

  const stepsOf = (restore: RestoreRecord) => restore.steps.map((s) => `${s.step}:${s.status}`);
  const stagingDir = (restoreId?: string) => path.join(harness.dataDir, 'restore-staging', ...(restoreId ? [restoreId] : []));
  const restoreIdFromUrl = () => new URL(page.url()).pathname.split('/').pop() ?? '';

  async function uploadAndPrepare(file: string, screenshot?: string) {
    await page.goto(`${base}/restore`);
    await page.getByLabel('A package file from this computer (upload)').check();
    await page.getByLabel(/Backup package file/).setInputFiles(file);
    if (screenshot) {
      // Slow the upload down (Chromium's network emulation) so its progress bar can be seen.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 128 * 1024 });
      await page.getByRole('button', { name: 'Upload package' }).click();
      await page.getByRole('progressbar', { name: /^Uploading / }).waitFor();
      // Reported while the bytes go out, not only at the end.
      await page.waitForFunction("(() => { const bar = document.querySelector('progress'); return !!bar && bar.value > 0.1 && bar.value < 1; })()");
      await shot(`${screenshot}-uploading`);
      await page.getByText(/^Uploaded /).waitFor();
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await cdp.detach();
    } else {
      await page.getByRole('button', { name: 'Upload package' }).click();
    }
    await page.getByText(/^Uploaded /).waitFor();
    if (screenshot) await shot(screenshot);
    await page.getByRole('button', { name: 'Validate and prepare the restore' }).click();
  }

  async function download(trigger: () => Promise<void>, name: string): Promise<string> {
    const [file] = await Promise.all([page.waitForEvent('download'), trigger()]);
    const target = path.join(workDir, name);
    await file.saveAs(target);
    return target;
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`node scripts/ensure-chromium.js\` (npm test does).`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    workDir = mkdtempSync(path.join(tmpdir(), 'edms-web-e2e-work-'));
    harness = await startHarness({ adminPassword: ADMIN_PASSWORD, documents: 5 });
    base = harness.baseUrl;
    await harness.cli([
      'user',
      'create',
      'viewer1',
      '--email',
      'v@example.com',
      '--role',
      'viewer',
      '--password-file',
      writePasswordFile(workDir, VIEWER_PASSWORD),
    ]);
    context = await chromium.launchPersistentContext(path.join(workDir, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    context.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(base) && !/^(data|blob|about):/.test(url)) externalRequests.push(url);
    });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await harness?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  it('logs in with the keyboard only', async () => {
    await page.goto(`${base}/login`);
    await shot('login');
    await page.getByLabel('Username').focus();
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/`);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    const nav = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts();
    expect(nav).toEqual(['Overview', 'Configurations', 'Jobs', 'Restore', 'Documents', 'Audit log', 'Integrity', 'Reset']);
  });

  it('runs a backup from the configurations page and follows it to completion', async () => {
    await page.goto(`${base}/configurations`);
    await shot('configurations');
    await page.getByRole('button', { name: 'Run now: pre-upgrade-full' }).click();
    await page.waitForURL(new RegExp(`/jobs/${UUID.source}$`));
    await page.getByText('Backup completed').waitFor({ timeout: 120_000 });
    expect(await page.locator('.badge', { hasText: 'Completed' }).count()).toBeGreaterThan(0);
    await shot('job');
  });

  it('verifies the package end to end and downloads it', async () => {
    await page.getByRole('button', { name: 'Verify package' }).click();
    await page.locator('dd .badge', { hasText: 'Success' }).waitFor({ timeout: 60_000 });

    packagePath = await download(() => page.getByRole('link', { name: 'Download package' }).click(), 'downloaded.tar.gz');
    const bytes = readFileSync(packagePath);
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const shown = await page.locator('dt:text-is("SHA-256") + dd').innerText();
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(shown.trim());
    expect(execFileSync('tar', ['-tzf', packagePath]).toString().split('\n')[0]).toBe('manifest.json');
  });

  it('shows the overview with the last backups, next runs, storage and the chart', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('img', { name: /Backup sizes and durations/ }).waitFor();
    const text = await bodyText();
    expect(text).toContain('Last backup per configuration');
    expect(text).toContain('Next scheduled runs');
    expect(text).toContain('Failures, last 7 days');
    expect(text).toMatch(/Storage used by backups\s+[\d.]+ (KiB|MiB)/);
    await shot('overview');

    await page.goto(`${base}/jobs`);
    await page.getByLabel('Status').selectOption('COMPLETED');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/status=COMPLETED/);
    expect(await page.getByRole('region', { name: 'Backup jobs' }).getByRole('link').count()).toBeGreaterThan(0);
    await shot('jobs');

    await page.getByRole('button', { name: 'Sync catalog' }).click();
    await page.getByText(/Catalog synchronised: 0 new packages registered, 1 already known/).waitFor();
    await page.getByRole('link', { name: 'Retention…' }).click();
    await page.getByText(/Dry run: nothing would be removed now\./).waitFor();
    await shot('retention');
  });

  it('creates, edits, disables and deletes a configuration, and explains a refused delete', async () => {
    await page.goto(`${base}/configurations/new`);
    await page.getByLabel('Name', { exact: true }).fill('Bad Name');
    await page.getByRole('button', { name: 'Create configuration' }).click();
    await page.getByText('Some fields need your attention.').waitFor();
    expect(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Name', { exact: true }).fill('e2e-weekly');
    await page.getByLabel('Frequency').selectOption('WEEKLY');
    await page.getByLabel('Weekday').selectOption('3');
    await page.getByLabel('Time (HH:MM, UTC)').fill('04:30');
    await shot('configuration-form');
    await page.getByRole('button', { name: 'Create configuration' }).click();
    await page.waitForURL(/\/configurations\?saved=e2e-weekly/);
    expect(await page.getByRole('row', { name: /e2e-weekly/ }).innerText()).toContain('Wednesdays at 04:30 UTC');

    await page.getByRole('link', { name: 'Edit e2e-weekly' }).click();
    await page.getByLabel('Description').fill('Made by the browser test');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/saved=e2e-weekly/);
    expect(await page.getByRole('row', { name: /e2e-weekly/ }).innerText()).toContain('Made by the browser test');

    await page.getByRole('button', { name: 'Disable e2e-weekly' }).click();
    await page.getByText('e2e-weekly is now disabled.').waitFor();

    await page.getByRole('button', { name: 'Delete e2e-weekly' }).click();
    const question = page.getByText('Delete the configuration e2e-weekly?');
    await question.waitFor();
    // Focus moved to the question, so a keyboard or screen-reader user hears what is at stake.
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).toContain('Delete the configuration e2e-weekly?');
    await page.getByRole('button', { name: 'Yes, delete it' }).click();
    await page.waitForURL(/deleted=e2e-weekly/);
    expect(await page.getByRole('row', { name: /e2e-weekly/ }).count()).toBe(0);

    await page.getByRole('button', { name: 'Delete pre-upgrade-full' }).click();
    await page.getByRole('button', { name: 'Yes, delete it' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'still has backups in the catalog' });
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('Disable it instead');
    await expectNoInternals();
  });

  it('prepares a catalog backup with one read of the package, shows the plan with the confirmation, and cancelling discards the staged copy and changes nothing', async () => {
    // Change the live data after the backup, so the restore has something to put back.
    const extra = path.join(workDir, 'added-later.txt');
    writeFileSync(extra, 'a document added after the backup\n');
    await harness.cli(['doc', 'add', extra, '--title', 'Added after the backup']);
    const before = await restoreCount();

    await page.goto(`${base}/restore`);
    expect(await page.getByLabel('A backup in the catalog').isChecked()).toBe(true);
    const jobId = await page.getByLabel('Backup', { exact: true }).inputValue();
    expect(await bodyText()).toContain('Nothing live is changed until you confirm. Preparing reads the package once');
    await page.getByRole('button', { name: 'Validate and prepare the restore' }).click();
    // Straight from step 1 to the plan with the confirmation: no second validation in between.
    await page.waitForURL(new RegExp(`/restore/${UUID.source}$`), { timeout: 120_000 });
    const restoreId = restoreIdFromUrl();
    cancelledRestoreId = restoreId;
    await page.getByRole('heading', { name: 'Confirm the restore' }).waitFor();
    expect(await page.locator('[aria-current="step"]').innerText()).toContain('Check the plan and confirm');
    const text = await bodyText();
    expect(text).toContain('Validation passed: the package was read once, checked completely and staged on the server.');
    expect(text).toMatch(/Nothing live has been changed yet\. The staged copy uses [\d.]+ (B|KiB|MiB) of disk space until you restore or cancel; cancelling deletes it\./);
    expect(await page.getByRole('table', { name: /Database: current records/ }).getByRole('row', { name: /^Documents/ }).innerText()).toMatch(
      /Documents\s+6\s+5\s+0\s+0\s+1\s+5/,
    );

    // One prepare, one read: a single restore record whose step log has one validation.
    expect(await restoreCount()).toBe(before + 1);
    const prepared = await restoreRecord(restoreId);
    expect(prepared.status).toBe('AWAITING_CONFIRMATION');
    expect(prepared.dryRun).toBe(false);
    expect(stepsOf(prepared)).toEqual(['validate:started', 'validate:done', 'plan:done']);
    // The plan hash shown is the one the confirmation posts.
    expect(prepared.planHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await page.locator('dt:text-is("Plan hash") + dd').innerText()).trim()).toBe(prepared.planHash);
    expect(await page.locator('input[name="planHash"]').inputValue()).toBe(prepared.planHash);
    expect(existsSync(stagingDir(restoreId))).toBe(true);

    // Walked away: the wizard lists the prepared restore, which leads back to its confirmation.
    await page.goto(`${base}/restore`);
    const waiting = page.getByRole('region', { name: 'A prepared restore is waiting for a decision' });
    expect(await waiting.innerText()).toMatch(/staged copy of the package on disk until it is confirmed or cancelled[\s\S]*[\d.]+ (B|KiB|MiB) staged/);
    await shot('restore-waiting');
    await waiting.getByRole('link').click();
    await page.waitForURL(`${base}/restore/${restoreId}`);

    await page.getByRole('button', { name: 'Cancel this restore' }).click();
    await page.getByText('Cancel this restore? Nothing is restored and the staged copy of the package is deleted.').waitFor();
    await page.getByRole('button', { name: 'Yes, cancel and discard it' }).click();
    await page.getByText('This restore was cancelled before anything was changed; its staged copy of the package was deleted.').waitFor({ timeout: 60_000 });
    expect(await page.locator('.badge', { hasText: 'Cancelled' }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('heading', { name: 'Confirm the restore' }).count()).toBe(0);
    await shot('restore-cancelled');

    const cancelled = await restoreRecord(restoreId);
    expect(cancelled.status).toBe('CANCELLED');
    expect(stepsOf(cancelled)).toEqual(['validate:started', 'validate:done', 'plan:done', 'cancel:done']);
    expect(cancelled.safetyBackupJobId).toBeNull();
    expect(existsSync(stagingDir(restoreId))).toBe(false);
    expect(await restoreCount()).toBe(before + 1);

    // Nothing live changed: the document added after the backup is still there, and nothing waits any more.
    await page.goto(`${base}/documents?q=${encodeURIComponent('Added after the backup')}`);
    await page.getByRole('region', { name: 'Documents' }).getByText('Added after the backup').waitFor();
    await page.goto(`${base}/restore`);
    expect(await page.getByRole('region', { name: /waiting for a decision/ }).count()).toBe(0);

    // A dry run made with the CLI stages nothing; its page leads to the wizard with that backup chosen, to prepare it for real.
    const dryRun = JSON.parse(await harness.cli(['restore', 'backup', '--job', jobId, '--dry-run', '--json'])) as { restore: { id: string; status: string } };
    expect(dryRun.restore.status).toBe('COMPLETED');
    expect(existsSync(stagingDir(dryRun.restore.id))).toBe(false);
    await page.goto(`${base}/restore/${dryRun.restore.id}`);
    await page.getByText('Dry run finished: nothing was changed and nothing was kept staged.', { exact: false }).waitFor();
    expect(await page.getByRole('list', { name: 'Restore steps' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Confirm the restore' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Prepare a restore of this package' }).click();
    await page.waitForURL(`${base}/restore?job=${jobId}`);
    expect(await page.getByLabel('Backup', { exact: true }).inputValue()).toBe(jobId);
    expect(await page.getByRole('region', { name: /waiting for a decision/ }).count()).toBe(0);
  });

  it('restores an uploaded package: one read to the plan with the confirmation, then applied with the plan hash to a verified result, with the safety backup linked', async () => {
    const before = await restoreCount();
    await uploadAndPrepare(packagePath, 'restore');
    await page.waitForURL(new RegExp(`/restore/${UUID.source}$`), { timeout: 120_000 });
    const restoreId = restoreIdFromUrl();
    await page.getByRole('heading', { name: 'Confirm the restore' }).waitFor();
    expect(await bodyText()).toContain('Validation passed');
    const tables = page.getByRole('table', { name: /Database: current records/ });
    expect(await tables.getByRole('row', { name: /^Documents/ }).innerText()).toMatch(/Documents\s+6\s+5\s+0\s+0\s+1\s+5/);
    expect(await bodyText()).toContain('The live data was changed after this package was made');
    const replaced = await page.locator('#replaced-list').innerText();
    expect(replaced).toContain('Documents: 1 removed.');
    expect(replaced).toContain('Document files: 1 file removed');
    const planHash = await page.locator('input[name="planHash"]').inputValue();
    expect(planHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await bodyText()).toContain(`Restoring confirms the plan with hash ${planHash.slice(0, 16)}…`);
    await shot('restore-confirm');
    expect(await restoreCount()).toBe(before + 1);
    expect(stepsOf(await restoreRecord(restoreId))).toEqual(['validate:started', 'validate:done', 'plan:done']);

    // Without the tick nothing starts: the browser refuses the form (required) and so would the server.
    await page.getByRole('button', { name: 'Restore now' }).click();
    expect(await page.getByRole('heading', { name: 'Confirm the restore' }).count()).toBe(1);

    // Ticked, but the warnings not accepted: refused before anything starts, and the staged package is kept.
    await page.getByLabel(/I have checked the plan/).check();
    await page.getByRole('button', { name: 'Restore now' }).click();
    await page.getByRole('alert').filter({ hasText: 'The restore plan has warnings that need your explicit agreement.' }).waitFor();
    expect(await page.getByLabel('Proceed despite the warnings above').getAttribute('aria-invalid')).toBe('true');
    expect((await restoreRecord(restoreId)).status).toBe('AWAITING_CONFIRMATION');
    expect(existsSync(stagingDir(restoreId))).toBe(true);

    await page.getByLabel(/I have checked the plan/).check();
    await page.getByLabel('Proceed despite the warnings above').check();
    await page.getByRole('button', { name: 'Restore now' }).click();
    await page.getByText('Restore completed and verified.').waitFor({ timeout: 150_000 });
    expect(page.url()).toBe(`${base}/restore/${restoreId}`);
    const log = await page.locator('.step-log').innerText();
    for (const step of ['Validate the package', 'Plan the restore', 'Confirmation received', 'Safety backup of the current system', 'Apply', 'Verify and complete']) {
      expect(log).toContain(step);
    }
    await shot('restore-result');

    // The package was read once: one record, one validation, then the confirmation with the plan hash shown.
    const done = await restoreRecord(restoreId);
    expect(done.status).toBe('COMPLETED');
    expect(done.planHash).toBe(planHash);
    const steps = stepsOf(done);
    expect(steps.filter((s) => s.startsWith('validate:'))).toEqual(['validate:started', 'validate:done']);
    expect(steps.slice(0, 4)).toEqual(['validate:started', 'validate:done', 'plan:done', 'confirm:done']);
    expect(await restoreCount()).toBe(before + 1);
    expect(existsSync(stagingDir(restoreId))).toBe(false);

    const safety = page.getByRole('link', { name: /^pre-restore-safety_/ });
    await safety.click();
    await page.waitForURL(new RegExp(`/jobs/${UUID.source}$`));
    expect(await page.locator('dt:text-is("Origin") + dd').innerText()).toBe('Safety');

    await page.goto(`${base}/documents?q=${encodeURIComponent('Added after the backup')}`);
    await page.getByText('No documents match this search.').waitFor();
    // The upload of a package the catalog already held is not kept twice.
    expect(readdirSync(path.join(harness.dataDir, 'uploads')).filter((f) => f.endsWith('.tar.gz'))).toEqual([]);
  });

  it('refuses a malicious package (an entry named ../evil) with a clear message, and a truncated one', async () => {
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', packagePath, 'manifest.json']).toString()) as { packageId: string };
    manifest.packageId = randomUUID();
    const evil = path.join(workDir, 'evil.tar.gz');
    writeFileSync(evil, tarGz([{ name: 'manifest.json', content: JSON.stringify(manifest) }, { name: '../evil', content: 'owned\n' }]));

    const before = await restoreCount();
    await uploadAndPrepare(evil);
    const refusal = page.getByRole('alert').filter({ hasText: 'refused for safety' });
    await refusal.waitFor({ timeout: 60_000 });
    expect(await refusal.innerText()).toContain('Do not use this file.');
    expect(page.url()).toBe(`${base}/restore`);
    await expectNoInternals();
    await shot('restore-refused');
    expect(existsSync(path.join(harness.dataDir, '..', 'evil'))).toBe(false);
    expect(existsSync(path.join(harness.dataDir, 'evil'))).toBe(false);
    expect(readdirSync(path.join(harness.dataDir, 'uploads')).filter((f) => f.endsWith('.tar.gz'))).toEqual([]);
    // Refused before anything was staged: its temporary catalog entry and restore record are removed again.
    expect(await restoreCount()).toBe(before);

    const truncated = path.join(workDir, 'truncated.tar.gz');
    const whole = readFileSync(packagePath);
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    await uploadAndPrepare(truncated);
    await page.getByRole('alert').filter({ hasText: 'ends too early' }).waitFor({ timeout: 60_000 });
    await expectNoInternals();
    // Refused packages leave no restore waiting, nothing staged and no upload behind.
    expect((JSON.parse(await harness.cli(['restore', 'list', '--status', 'awaiting_confirmation', '--json'])) as { total: number }).total).toBe(0);
    expect(existsSync(stagingDir()) ? readdirSync(stagingDir()) : []).toEqual([]);
    expect(readdirSync(path.join(harness.dataDir, 'uploads')).filter((f) => f.endsWith('.tar.gz'))).toEqual([]);
  });

  it('browses documents and their versions and downloads a version', async () => {
    await page.goto(`${base}/documents`);
    await shot('documents');
    await page.getByRole('region', { name: 'Documents' }).getByRole('link').first().click();
    await page.waitForURL(/\/documents\/[A-Z]+-\d+$/);
    await page.getByRole('heading', { name: 'Versions' }).waitFor();
    await shot('document');
    const row = page.getByRole('region', { name: 'Versions' }).locator('tbody tr').first();
    const expected = (await row.locator('.hash').innerText()).trim();
    const file = await download(() => row.getByRole('link', { name: /^Download version/ }).click(), 'version.bin');
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(expected);
  });

  it('runs the integrity check and shows its report', async () => {
    await page.goto(`${base}/system/check`);
    await page.getByRole('button', { name: 'Run integrity check' }).click();
    await page.getByText('Everything checked out.').waitFor({ timeout: 60_000 });
    expect(await bodyText()).toMatch(/Intact: \d+ events/);
    await shot('integrity-check');
  });

  it('filters and pages the audit log, verifies the chain and exports it', async () => {
    await page.goto(`${base}/audit`);
    const total = Number((await page.locator('.result-count').innerText()).match(/^(\d+) events/)?.[1]);
    expect(total).toBeGreaterThan(25);
    await page.getByLabel('Rows per page').selectOption('25');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/size=25/);
    const firstPage = await page.locator('tbody tr th').allInnerTexts();
    expect(firstPage).toHaveLength(25);
    await page.getByRole('link', { name: 'Next →' }).click();
    await page.waitForURL(/size=25&page=2/);
    await page.getByText(/Page 2 of \d+/).waitFor();
    const secondPage = await page.locator('tbody tr th').allInnerTexts();
    // Newest first: page 2 continues below page 1.
    expect(Number(secondPage[0])).toBeLessThan(Number(firstPage[24]));

    await page.getByLabel('Action starts with').fill('restore');
    await page.getByLabel('Outcome').selectOption('FAILURE');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/action=restore/);
    const actions = await page.locator('tbody tr td:nth-of-type(3)').allInnerTexts();
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action).toMatch(/^restore\./);
    await page.getByRole('link', { name: 'Clear' }).click();
    await page.waitForURL(`${base}/audit`);

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByText(/Chain intact: all \d+ events verified/).waitFor();
    await shot('audit');

    const exported = await download(() => page.getByRole('link', { name: 'Export (NDJSON)' }).click(), 'audit.ndjson');
    const events = readFileSync(exported, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { sequence: number; action: string; hash: string });
    expect(events.length).toBeGreaterThan(total);
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    expect(events.some((e) => e.action === 'audit.export')).toBe(true);
  });

  it('shows a VIEWER no restore, reset or run buttons, and refuses them on the server', async () => {
    await logOut();
    await logIn('viewer1', VIEWER_PASSWORD);
    const nav = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts();
    expect(nav).not.toContain('Restore');
    expect(nav).not.toContain('Reset');

    await page.goto(`${base}/restore`);
    await page.getByText('Your role does not allow this action.').waitFor();
    expect(await page.locator('input[type="file"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Validate/ }).count()).toBe(0);
    await shot('viewer-restore-refused');
    await page.goto(`${base}/restore/${cancelledRestoreId}`);
    await page.getByText('Your role does not allow this action.').waitFor();
    expect(await page.getByRole('button', { name: /Restore now|Cancel this restore/ }).count()).toBe(0);

    await page.goto(`${base}/system/reset`);
    await page.getByText('Your role does not allow this action.').waitFor();
    expect(await page.getByRole('button', { name: /Reset the system/ }).count()).toBe(0);

    await page.goto(`${base}/configurations`);
    expect(await page.getByRole('button', { name: /^Run now/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'New configuration' }).count()).toBe(0);

    const upload = await page.request.post(`${base}/api/upload`, { data: Buffer.from('not a package'), headers: { 'content-type': 'application/octet-stream' } });
    expect(upload.status()).toBe(403);
    expect(((await upload.json()) as { error: { message: string } }).error.message).toBe('Your role does not allow this action.');
    const jobs = await page.request.get(`${base}/api/jobs/${randomUUID()}/download`);
    expect(jobs.status()).toBe(403);

    await logOut();
    const anonymous = await page.request.post(`${base}/api/upload`, { data: Buffer.from('x') });
    expect(anonymous.status()).toBe(401);
  });

  it('resets the system only after RESET is typed, keeping a safety backup', async () => {
    await logIn('admin', ADMIN_PASSWORD);
    await page.goto(`${base}/system/reset`);
    const plan = page.getByRole('region', { name: 'Plan' });
    expect(await plan.getByRole('row', { name: /^Documents/ }).innerText()).toMatch(/Documents\s+5/);
    const button = page.getByRole('button', { name: 'Reset the system' });
    expect(await button.isDisabled()).toBe(true);
    await page.getByLabel('Type RESET to confirm').fill('reset');
    expect(await button.isDisabled()).toBe(true);
    await page.getByLabel('Type RESET to confirm').fill('RESET');
    await shot('reset');
    await button.click();
    await page.getByText('The system was reset.').waitFor({ timeout: 150_000 });
    expect(await page.getByRole('link', { name: 'safety backup' }).getAttribute('href')).toMatch(new RegExp(`^/jobs/${UUID.source}$`));
    await shot('reset-done');

    await page.goto(`${base}/documents`);
    await page.getByText('There are no documents yet.').waitFor();
  });

  it('fits a 390 px wide screen without sideways scrolling of the page', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const pathname of ['/', '/configurations', '/jobs', '/restore', '/audit', '/system/reset', '/system/check']) {
      await page.goto(`${base}${pathname}`);
      const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
      expect({ pathname, width: width <= 390 }).toEqual({ pathname, width: true });
    }
    await page.goto(`${base}/`);
    await shot('overview-390');
    await page.goto(`${base}/restore`);
    await shot('restore-390');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('loaded nothing from other sites and met no script errors', () => {
    expect(externalRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
