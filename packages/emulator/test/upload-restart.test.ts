import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { md5Base64, sha256Hex } from '@fs/test-kit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEmulator } from '../src/index.js';
import { type EmulatorProcess, spawnEmulator } from './emulator-process.js';
import {
  asBody,
  download,
  type EmulatorLike,
  echo,
  postJson,
  putPart,
  type StartAnswer,
  startUpload,
  testBytes,
} from './helpers.js';

interface PartAnswer {
  url: string;
  headers: Record<string, string>;
}

/** The URL and headers of a part (or, with `offset`, an Intelligent Ingestion chunk). */
async function partUrlOf(
  emu: EmulatorLike,
  start: StartAnswer,
  part: number,
  bytes: Uint8Array,
  offset?: number,
) {
  const fii = offset === undefined ? {} : { fii: true, offset };
  const { status, body } = await postJson<PartAnswer>(`${emu.urls.upload}/multipart/upload`, {
    ...echo(emu, start),
    part,
    size: bytes.length,
    md5: md5Base64(bytes),
    ...fii,
  });
  expect(status).toBe(200);
  return body;
}

const put = (target: PartAnswer, bytes: Uint8Array) =>
  fetch(target.url, { method: 'PUT', headers: target.headers, body: asBody(bytes) });

const complete = (emu: EmulatorLike, start: StartAnswer, size: number, extra: object) =>
  postJson(`${emu.urls.upload}/multipart/complete`, {
    ...echo(emu, start),
    filename: 'restart.bin',
    mimetype: 'application/octet-stream',
    size,
    ...extra,
  });

const portOf = (url: string) => Number(new URL(url).port);

// Each test starts the emulator twice in a child process: seconds apiece on a busy machine.
describe('multipart uploads across a restart', { timeout: 90_000 }, () => {
  let dataDir: string;
  let child: EmulatorProcess | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fs-emu-restart-'));
  });
  afterEach(async () => {
    await child?.kill();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('takes the remaining parts, a part URL handed out before the kill, and the complete', async () => {
    const bytes = testBytes(30_000, 21);
    const parts = [
      bytes.subarray(0, 10_000),
      bytes.subarray(10_000, 20_000),
      bytes.subarray(20_000),
    ];
    child = await spawnEmulator({ dataDir });
    const { body: start } = await startUpload(child, bytes.length);
    const first = await putPart(child, start, 1, parts[0]!);
    const secondUrl = await partUrlOf(child, start, 2, parts[1]!);
    const port = portOf(child.url);
    await child.kill();

    child = await spawnEmulator({ dataDir, port });
    const second = await put(secondUrl, parts[1]!);
    expect(second.status).toBe(200);
    const third = await putPart(child, start, 3, parts[2]!);
    const { status, body } = await complete(child, start, bytes.length, {
      parts: [
        { part_number: 1, etag: first.etag },
        { part_number: 2, etag: second.headers.get('etag') },
        { part_number: 3, etag: third.etag },
      ],
    });
    expect(status).toBe(200);
    expect(sha256Hex(await download(body.url as string))).toBe(sha256Hex(bytes));
  });

  it('keeps the Intelligent Ingestion chunks sent before the kill, to commit after it', async () => {
    const bytes = testBytes(12_000, 22);
    child = await spawnEmulator({ dataDir });
    const { body: start } = await startUpload(child, bytes.length, { fii: true });
    for (const offset of [0, 4_000]) {
      const chunk = bytes.subarray(offset, offset + 4_000);
      expect((await put(await partUrlOf(child, start, 1, chunk, offset), chunk)).status).toBe(200);
    }
    const port = portOf(child.url);
    await child.kill();

    child = await spawnEmulator({ dataDir, port });
    const last = bytes.subarray(8_000);
    expect((await put(await partUrlOf(child, start, 1, last, 8_000), last)).status).toBe(200);
    const commit = await postJson(`${child.url}/multipart/commit`, {
      ...echo(child, start),
      part: 1,
      size: bytes.length,
    });
    expect(commit.status).toBe(200);
    const { status, body } = await complete(child, start, bytes.length, { fii: true });
    expect(status).toBe(200);
    expect(sha256Hex(await download(body.url as string))).toBe(sha256Hex(bytes));
  });

  it('removes files its journal does not name: bytes whose PUT was never answered', async () => {
    child = await spawnEmulator({ dataDir });
    const { body: start } = await startUpload(child, 6);
    await putPart(child, start, 1, Buffer.from('abc'));
    await child.kill();
    const folder = join(dataDir, 'uploads', start.upload_id);
    await writeFile(join(folder, 'part-2.unanswered'), 'def');
    await writeFile(join(folder, 'tmp-halfwritten'), 'd');

    child = await spawnEmulator({ dataDir });
    const names = await readdir(folder);
    expect(names.sort()).toEqual([expect.stringMatching(/^part-1\./), 'session.json']);
    const refused = await complete(child, start, 6, {
      parts: [
        { part_number: 1, etag: 'x' },
        { part_number: 2, etag: 'y' },
      ],
    });
    expect(refused.body.detail).toMatch(/part 1 does not match|part 2 was never uploaded/);
  });

  it('answers a repeated complete with the file stored just before a crash', async () => {
    const emu = await startEmulator({ dataDir });
    const { body: start } = await startUpload(emu, 5);
    const { etag } = await putPart(emu, start, 1, Buffer.from('hello'));
    // The upload's folder as a crash between storing the file and cleaning up leaves it.
    const folder = join(dataDir, 'uploads', start.upload_id);
    const copy = `${folder}-copy`;
    await cp(folder, copy, { recursive: true });
    const parts = { parts: [{ part_number: 1, etag }] };
    const stored = await complete(emu, start, 5, parts);
    await emu.close();
    await cp(copy, folder, { recursive: true });
    await rm(copy, { recursive: true });

    const again = await startEmulator({ dataDir });
    try {
      expect(await readdir(join(dataDir, 'uploads'))).toEqual([]);
      const repeated = await complete(again, start, 5, parts);
      expect(repeated.status).toBe(200);
      expect(repeated.body.handle).toBe(stored.body.handle);
      expect(await readdir(join(dataDir, 'files'))).toHaveLength(2); // one record, one blob
    } finally {
      await again.close();
    }
  });
});

describe('uploadTtl', () => {
  it('refuses every call of an upload once it expired, as an upload the service does not know', async () => {
    // Long enough for the calls before the wait on a busy machine.
    const ttl = 3_000;
    const emu = await startEmulator({ uploadTtl: ttl });
    try {
      const { body: start } = await startUpload(emu, 2);
      const started = Date.now(); // the upload started before this
      const earlyUrl = await partUrlOf(emu, start, 1, Buffer.from('a'));
      await putPart(emu, start, 1, Buffer.from('a'));
      await sleep(started + ttl + 50 - Date.now());
      const late = await postJson(`${emu.url}/multipart/upload`, {
        ...echo(emu, start),
        part: 2,
        size: 1,
      });
      expect(late.status).toBe(400);
      expect(late.body).toMatchObject({
        error: 'invalid params: upload_id',
        detail: 'unknown upload_id: start the upload first',
      });
      const putLate = await put(earlyUrl, Buffer.from('a'));
      expect(putLate.status).toBe(404);
      expect(await putLate.text()).toMatch(/NoSuchUpload/);
      const completeLate = await complete(emu, start, 2, { parts: [] });
      expect(completeLate.status).toBe(400);
      await vi.waitFor(async () => expect(await readdir(join(emu.dataDir, 'uploads'))).toEqual([]));
    } finally {
      await emu.close();
    }
  });

  it('removes, on start, the uploads older than its uploadTtl (counted from their start)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'fs-emu-ttl-'));
    try {
      const first = await startEmulator({ dataDir });
      const { body: start } = await startUpload(first, 2);
      await putPart(first, start, 1, Buffer.from('a'));
      await first.close();
      const kept = await startEmulator({ dataDir });
      await kept.close();
      expect(await readdir(join(dataDir, 'uploads'))).toEqual([start.upload_id]);
      await sleep(50);
      const second = await startEmulator({ dataDir, uploadTtl: 20 });
      await second.close();
      expect(await readdir(join(dataDir, 'uploads'))).toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a part URL whose token was altered', async () => {
    const emu = await startEmulator();
    try {
      const { body: start } = await startUpload(emu, 1);
      const target = await partUrlOf(emu, start, 1, Buffer.from('a'));
      const [payload] = new URL(target.url).pathname.split('/').pop()!.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, size: 2 })).toString('base64url');
      const url = target.url.replace(payload!, forged);
      const answer = await fetch(url, { method: 'PUT', headers: target.headers, body: 'a' });
      expect(answer.status).toBe(403);
      expect(await answer.text()).toMatch(/AccessDenied/);
    } finally {
      await emu.close();
    }
  });
});
