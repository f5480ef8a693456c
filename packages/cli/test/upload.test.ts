import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { md5Hex, useTempDir } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { cli, envFor, fileEmulator, jsonLines, startCli, storedBytes } from './helpers.js';

const emu = fileEmulator();
const files = useTempDir('fs-cli-test-');

describe('filestack upload', () => {
  it('stores a file and prints its handle, URL, size and MD5', async () => {
    const bytes = randomBytes(300_000);
    const path = await files.write('photo.bin', bytes);
    const run = await cli(['upload', path], { env: envFor(emu) });
    expect(run.code, run.stderr).toBe(0);
    const [, handle] = /handle (\w{20})/.exec(run.stdout) ?? [];
    expect(run.stdout).toContain(`${emu.url}/${handle}`);
    expect(run.stdout).toContain('293.0 KiB');
    expect(run.stdout).toContain(`md5 ${md5Hex(bytes)}`);
    expect(await storedBytes(emu, handle!)).toEqual(bytes);
  });

  it('with --json of 3 files where one is missing, prints 2 results and 1 error and exits 1', async () => {
    const a = await files.write('a.txt', 'first file');
    const b = await files.write('b.txt', 'second file');
    const missing = files.path('missing.txt');
    const run = await cli(['upload', a, missing, b, '--json'], { env: envFor(emu) });
    expect(run.code).toBe(1);
    const lines = jsonLines(run.stdout);
    expect(lines).toHaveLength(3);
    const failed = lines.filter((line) => line.ok === false);
    expect(failed).toEqual([
      { ok: false, path: missing, error: { code: 'FAILED', message: 'no such file or directory' } },
    ]);
    const stored = lines.filter((line) => line.ok === true);
    expect(stored.map((line) => line.path).sort()).toEqual([a, b].sort());
    for (const line of stored) {
      const content = line.path === a ? 'first file' : 'second file';
      expect(line).toMatchObject({ size: content.length, md5: md5Hex(content), mode: 'regular' });
      expect((await storedBytes(emu, line.handle as string)).toString()).toBe(content);
    }
    // A person reading stderr sees the failure too, in one line.
    expect(run.stderr).toContain(`error: ${missing}: no such file or directory`);
  });

  it('uploads every file under a directory and the matches of a quoted glob, each once', async () => {
    const dir = files.path('site');
    await mkdir(join(dir, 'css'), { recursive: true });
    await writeFile(join(dir, 'index.html'), '<h1>hi</h1>');
    await writeFile(join(dir, 'css', 'site.css'), 'h1 { color: red }');
    await writeFile(join(dir, '.hidden'), 'dotfile');
    const run = await cli(['upload', 'site', 'site/*.html', '--json'], {
      env: envFor(emu),
      cwd: files.dir,
    });
    expect(run.code, run.stderr).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines.map((line) => line.path).sort()).toEqual(
      ['site/.hidden', 'site/css/site.css', 'site/index.html'].sort(),
    );
    const css = lines.find((line) => line.path === 'site/css/site.css')!;
    expect(css).toMatchObject({ filename: 'site.css', mimetype: 'text/css' });
  });

  it('reads standard input with - and --size, hashing what it sends', async () => {
    const bytes = randomBytes(200_000);
    const run = await cli(
      ['upload', '-', '--size', String(bytes.length), '--filename', 'dump.bin', '--json'],
      { env: envFor(emu), input: bytes },
    );
    expect(run.code, run.stderr).toBe(0);
    const [line] = jsonLines(run.stdout);
    expect(line).toMatchObject({ ok: true, path: '-', filename: 'dump.bin', md5: md5Hex(bytes) });
    expect(await storedBytes(emu, line!.handle as string)).toEqual(bytes);
  });

  it('refuses standard input without --size with exit code 2, before any request', async () => {
    const run = await cli(['upload', '-'], { env: envFor(emu), input: 'data' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--size/);
    expect(emu.stats().requests).toEqual([]);
  });

  it('passes the store options, tags, part size and Intelligent Ingestion to the upload', async () => {
    const bytes = randomBytes(3 * 64 * 1024 + 10);
    const path = await files.write('report.bin', bytes);
    const run = await cli(
      [
        'upload',
        path,
        '--json',
        '--intelligent',
        '--part-size',
        '64KiB',
        '--concurrency',
        '2',
        '--path',
        'reports/',
        '--filename',
        'q3.pdf',
        '--tag',
        'team=web',
        '--tag',
        'build=42',
      ],
      { env: envFor(emu) },
    );
    expect(run.code, run.stderr).toBe(0);
    const [line] = jsonLines(run.stdout);
    expect(line).toMatchObject({
      filename: 'q3.pdf',
      mimetype: 'application/pdf',
      mode: 'intelligent',
    });
    const puts = emu.stats().requests.filter((request) => request.route === 'commit');
    expect(puts).toHaveLength(4);
    const metadata = await fetch(`${emu.url}/api/file/${line!.handle}/metadata?path=true`).then(
      (response) => response.json(),
    );
    expect(metadata.path).toMatch(/^reports\//);
    expect(await storedBytes(emu, line!.handle as string)).toEqual(bytes);
  });

  it('exits 130 on SIGINT with nothing reported for the file it interrupted', async () => {
    emu.faults.add({ route: 'put', kind: 'stall', ms: 10_000 });
    const path = await files.write('slow.bin', randomBytes(100_000));
    const run = startCli(['upload', path], { env: envFor(emu) });
    // Interrupted once its part is on its way (the stall holds it there).
    for (let i = 0; i < 200 && !emu.stats().requests.some((r) => r.route === 'put'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`interrupted: 0 stored, 1 not uploaded (${path})`);
    expect(emu.stats().requests.filter((r) => r.route === 'complete')).toEqual([]);
  });
});
