import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveOrigin } from '@fs/emulator/testing';
import { md5Hex, useTempDir } from '@fs/test-kit';
import { upload as sdkUpload } from '@fs/upload';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, envFor, fileEmulator, jsonLines, storedBytes } from './helpers.js';

// Conversions stay pending and started for 1 s each: the CLI, a child process that may wait
// for the CPU on a loaded machine, must still see one of them before the job completes.
const emu = fileEmulator({ video: { ffmpeg: false, pendingMs: 1000, startedMs: 1000 } });
const files = useTempDir('fs-cli-test-');

/** Uploads `content` as `name` (stored under `filename` when given); resolves with its handle. */
async function upload(name: string, content: string | Uint8Array, filename?: string) {
  const path = await files.write(name, content);
  const run = await cli(['upload', path, '--json', ...(filename ? ['--filename', filename] : [])], {
    env: envFor(emu),
  });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout).handle as string;
}

/** A fresh, empty directory to download into. */
async function emptyDir(name: string) {
  const dir = files.path(name);
  await mkdir(dir);
  return dir;
}

describe('filestack download', () => {
  it('writes the file under its stored name and refuses to overwrite it without --force', async () => {
    const bytes = randomBytes(100_000);
    const handle = await upload('photo.bin', bytes, 'holiday.jpg');
    const dir = await emptyDir('download-1');
    const first = await cli(['download', handle, '--json'], { env: envFor(emu), cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      handle,
      path: join(dir, 'holiday.jpg'),
      size: 100_000,
    });
    expect(await readFile(join(dir, 'holiday.jpg'))).toEqual(bytes);

    await writeFile(join(dir, 'holiday.jpg'), 'mine');
    const again = await cli(['download', handle], { env: envFor(emu), cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/holiday\.jpg exists; add --force/);
    expect(await readFile(join(dir, 'holiday.jpg'), 'utf8')).toBe('mine');

    const forced = await cli(['download', handle, '--force'], { env: envFor(emu), cwd: dir });
    expect(forced.code, forced.stderr).toBe(0);
    expect(await readFile(join(dir, 'holiday.jpg'))).toEqual(bytes);
    // No temporary file is left behind.
    expect(await readdir(dir)).toEqual(['holiday.jpg']);
  });

  it('makes a name from the server safe: no directories, no hidden file, no control characters', async () => {
    // Stored as given: the SDK cleans names it uploads, so only the download can see this one.
    const { handle } = await sdkUpload(new TextEncoder().encode('evil'), {
      apikey: emu.apikey,
      urls: emu.urls,
      sanitize: false,
      store: { filename: '../../.bashrc\u0007' },
    });
    const dir = await emptyDir('download-2');
    const run = await cli(['download', handle], { env: envFor(emu), cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(await readdir(dir)).toEqual(['bashrc_']);
  });

  it('writes into a directory given with -o, or to the file -o names', async () => {
    const handle = await upload('report.txt', 'report', 'report.txt');
    const dir = await emptyDir('download-3');
    expect((await cli(['download', handle, '-o', dir], { env: envFor(emu) })).code).toBe(0);
    expect(
      (await cli(['download', handle, '-o', join(dir, 'copy.txt')], { env: envFor(emu) })).code,
    ).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['copy.txt', 'report.txt']);
  });

  it('downloads the result of a processing URL', async () => {
    const handle = await upload('data.json', '{"a": 1}', 'data.json');
    const dir = await emptyDir('download-4');
    const url = `${emu.url}/metadata/${handle}`;
    const run = await cli(['download', url, '-o', 'meta.json'], { env: envFor(emu), cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8'))).toMatchObject({
      filename: 'data.json',
    });
  });

  it('fails with exit code 1 and leaves nothing behind for a file that does not exist', async () => {
    const dir = await emptyDir('download-5');
    const run = await cli(['download', 'aBcDeFgHiJkLmNoPqRsT', '-o', 'x.bin'], {
      env: envFor(emu),
      cwd: dir,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/HTTP 404.*no such file: check the handle/);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('filestack metadata, delete and store', () => {
  it('prints metadata as JSON, deletes, and then the file is gone', async () => {
    const handle = await upload('doomed.txt', 'doomed');
    const metadata = await cli(
      ['metadata', handle, '--field', 'md5', '--field', 'size', '--json'],
      { env: envFor(emu) },
    );
    expect(metadata.code, metadata.stderr).toBe(0);
    expect(JSON.parse(metadata.stdout)).toEqual({ handle, md5: md5Hex('doomed'), size: 6 });
    const removed = await cli(['delete', `${emu.url}/${handle}`], { env: envFor(emu) });
    expect(removed).toMatchObject({ code: 0, stdout: `deleted ${handle}\n` });
    const after = await cli(['metadata', handle], { env: envFor(emu) });
    expect(after.code).toBe(1);
    expect((await fetch(`${emu.url}/${handle}`)).status).toBe(404);
  });

  it('stores a copy of a URL with store options and tags', async () => {
    const bytes = randomBytes(5000);
    const origin = await serveOrigin({ '/pic.png': { body: bytes, type: 'image/png' } });
    afterAll(() => origin.close());
    const url = `${origin.url}/pic.png`;
    const run = await cli(
      [
        'store',
        url,
        '--path',
        'imports/',
        '--filename',
        'kitten.png',
        '--tag',
        'src=cli',
        '--json',
      ],
      {
        env: envFor(emu),
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const [line] = jsonLines(run.stdout);
    expect(line).toMatchObject({ filename: 'kitten.png', mimetype: 'image/png', size: 5000 });
    expect(await storedBytes(emu, line!.handle as string)).toEqual(bytes);
  });
});

describe('filestack convert', () => {
  it('follows a conversion with --wait and prints the new file', async () => {
    const handle = await upload('clip.mp4', randomBytes(2048), 'clip.mp4');
    const run = await cli(
      ['convert', handle, '--preset', 'h264', '--width', '320', '--wait', '--json'],
      { env: envFor(emu) },
    );
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ status: 'completed' });
    expect(result.handle).toMatch(/^\w{20}$/);
    expect(result.handle).not.toBe(handle);
    expect(run.stderr).toMatch(/conversion (pending|started)/);
  });

  it('prints the job without --wait, and refuses a bad parameter with exit code 2', async () => {
    const handle = await upload('clip2.mp4', randomBytes(2048), 'clip2.mp4');
    const started = await cli(['convert', handle, '--preset', 'webm'], { env: envFor(emu) });
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toMatch(/^conversion started: uuid [0-9a-f]{32}/);
    const bad = await cli(['convert', handle, '--width', 'wide'], { env: envFor(emu) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/video_convert\.width/);
  });

  it('exits 1 with the reason when the conversion fails', async () => {
    const handle = await upload('notes.txt', 'not a video', 'notes.txt');
    const run = await cli(['convert', handle, '--preset', 'h264', '--wait'], { env: envFor(emu) });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not audio or video/);
  });
});
