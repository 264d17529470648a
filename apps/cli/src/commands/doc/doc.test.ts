import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliSandbox } from '../../test-support/run-cli';

describe('edms doc', () => {
  const cli = new CliSandbox();
  afterAll(() => cli.cleanup());

  it('lists the 5 documents that `demo seed --documents 5` created, with progress on stderr', async () => {
    const seeded = await cli.run(['demo', 'seed', '--documents', '5', '--json']);
    expect(seeded.code).toBe(0);
    expect(seeded.json()).toMatchObject({ documents: 5 });
    expect(seeded.stderr).toContain('Created 5/5 documents');

    const listed = await cli.run(['doc', 'list', '--json']);
    expect(listed.code).toBe(0);
    const page = listed.json<{ items: Array<{ number: string; status: string }>; total: number }>();
    expect(page.total).toBe(5);
    expect(page.items).toHaveLength(5);
    for (const item of page.items) expect(item.number).toMatch(/^[A-Z]+-\d{4}$/);
  });

  it('adds a document, shows it and downloads byte-identical content to a file and to stdout', async () => {
    const bytes = randomBytes(300 * 1024);
    const source = join(cli.dataDir, 'scan.bin');
    writeFileSync(source, bytes);

    const added = await cli.run(['doc', 'add', source, '--title', 'Scanned batch record', '--number', 'REC-0001', '--status', 'approved', '--owner', 'qa.lead', '--json']);
    expect(added.code).toBe(0);
    expect(added.json()).toMatchObject({
      document: { number: 'REC-0001', title: 'Scanned batch record', status: 'APPROVED' },
      version: { version: 1, fileName: 'scan.bin', sizeBytes: bytes.length },
    });

    const shown = await cli.run(['doc', 'show', 'REC-0001']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/Number:\s+REC-0001/);
    expect(shown.stdout).toMatch(/Owner:\s+\S+ \(.+\)/);
    expect(shown.stdout).toMatch(/^\s+1\s+scan\.bin\s+300\.0 KiB/m);

    const target = join(cli.dataDir, 'out.bin');
    const downloaded = await cli.run(['doc', 'download', 'REC-0001', '--output', target, '--json']);
    expect(downloaded.code).toBe(0);
    expect(downloaded.json()).toMatchObject({ document: 'REC-0001', version: 1, output: target, sizeBytes: bytes.length });
    expect(readFileSync(target).equals(bytes)).toBe(true);

    const piped = await cli.run(['doc', 'download', 'REC-0001', '--output', '-']);
    expect(piped.code).toBe(0);
    expect(piped.stdoutBytes.equals(bytes)).toBe(true);
    expect(piped.stderr).toContain('Saved REC-0001 v1');
  });

  it('adds a new version with --document and downloads the one asked for', async () => {
    const source = join(cli.dataDir, 'scan-v2.txt');
    writeFileSync(source, 'second version\n');
    const added = await cli.run(['doc', 'add', source, '--document', 'rec-0001', '--note', 'Rescanned', '--json']);
    expect(added.code).toBe(0);
    expect(added.json()).toMatchObject({ document: { number: 'REC-0001' }, version: { version: 2, note: 'Rescanned', mimeType: 'text/plain' } });

    // Without --output the file keeps its recorded name in the current directory.
    const downloads = join(cli.dataDir, 'downloads');
    mkdirSync(downloads);
    const downloaded = await cli.run(['doc', 'download', 'REC-0001', '--version', '2'], { cwd: downloads });
    expect(downloaded.code).toBe(0);
    expect(readFileSync(join(downloads, 'scan-v2.txt'), 'utf8')).toBe('second version\n');
  });

  it('refuses to overwrite an existing file without --force', async () => {
    const target = join(cli.dataDir, 'existing.bin');
    writeFileSync(target, 'keep me');
    const refused = await cli.run(['doc', 'download', 'REC-0001', '--output', target]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/Error \[OUTPUT_EXISTS\]: .*--force/);
    expect(readFileSync(target, 'utf8')).toBe('keep me');

    const forced = await cli.run(['doc', 'download', 'REC-0001', '--version', '2', '--output', target, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe('second version\n');
  });

  it('exits 3 with DOCUMENT_NOT_FOUND for an unknown document and writes no file', async () => {
    const target = join(cli.dataDir, 'never.bin');
    const result = await cli.run(['doc', 'download', 'SOP-9999', '--output', target, '--json']);
    expect(result.code).toBe(3);
    expect(result.json().error).toMatchObject({ code: 'DOCUMENT_NOT_FOUND', details: { document: 'SOP-9999' } });
    expect(existsSync(target)).toBe(false);

    const shown = await cli.run(['doc', 'show', 'SOP-9999']);
    expect(shown.code).toBe(3);
    expect(shown.stderr).toContain('Error [DOCUMENT_NOT_FOUND]');
  });

  it('exits 3 when the file to add does not exist', async () => {
    const result = await cli.run(['doc', 'add', join(cli.dataDir, 'missing.pdf'), '--title', 'Nothing', '--json']);
    expect(result.code).toBe(3);
    expect(result.json().error.code).toBe('INPUT_FILE_NOT_FOUND');
  });

  it('needs exactly one of --title and --document', async () => {
    const source = join(cli.dataDir, 'scan.bin');
    const result = await cli.run(['doc', 'add', source, '--title', 'A', '--document', 'REC-0001', '--json']);
    expect(result.code).toBe(2);
    expect(result.json().error.code).toBe('USAGE_ERROR');
  });
});
