import { createHash } from 'node:crypto';
import { md5Hex, sha256Hex } from '@fs/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import { type Origin, serveOrigin, useEmulator } from '../src/testing/index.js';
import { asBody, download, hooks, request, testBytes, uploadRegular } from './helpers.js';

const emu = useEmulator({ hooks });
let source: Origin;
const remote = testBytes(64, 11);
beforeAll(async () => {
  source = await serveOrigin({ '/remote.jpg': { body: remote, type: 'image/jpeg' } });
});
afterAll(() => source.close());

async function stored(bytes = testBytes(30, 10), filename = 'doc.txt') {
  const { body } = await uploadRegular(emu, bytes, { filename, mimetype: 'text/plain' });
  return { handle: body.handle as string, bytes };
}

const fileUrl = (handle: string, query = '') => `${emu.urls.api}/file/${handle}${query}`;

describe('file API metadata', () => {
  it('answers the default set when no flag is asked', async () => {
    const before = Date.now();
    const { handle } = await stored();
    const { status, body } = await request<Record<string, unknown>>(fileUrl(handle, '/metadata'));
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual([
      'container',
      'filename',
      'key',
      'location',
      'mimetype',
      'path',
      'size',
      'uploaded',
      'writeable',
    ]);
    expect(body).toMatchObject({
      filename: 'doc.txt',
      mimetype: 'text/plain',
      size: 30,
      writeable: true,
      location: 's3',
      container: 'fs-emulator-uploads',
      key: `${handle}_doc.txt`,
      path: `${handle}_doc.txt`,
    });
    expect(body.uploaded).toBeGreaterThanOrEqual(before - 1000);
  });

  it('answers exactly the flags asked, with every digest in hex', async () => {
    const { handle, bytes } = await stored();
    const flags = 'md5,sha1,sha224,sha256,sha384,sha512'.split(',');
    const query = `?size=true&filename=false&${flags.map((f) => `${f}=true`).join('&')}`;
    const { body } = await request<Record<string, unknown>>(fileUrl(handle, `/metadata${query}`));
    const expected: Record<string, unknown> = { size: 30 };
    for (const name of flags) expected[name] = createHash(name).update(bytes).digest('hex');
    expect(body).toEqual(expected);
  });

  it('answers width/height null, cloud false and source_url (JS sourceUrl) for uploads', async () => {
    const { handle } = await stored();
    const { body } = await request(
      fileUrl(handle, '/metadata?width=true&height=true&cloud=true&sourceUrl=true'),
    );
    expect(body).toEqual({ width: null, height: null, cloud: false, source_url: null });
  });

  it('answers 404 for an unknown handle', async () => {
    const { status } = await request(fileUrl('CCCCCCCCCCCCCCCCCCCC', '/metadata'));
    expect(status).toBe(404);
  });
});

describe('file API download', () => {
  it('serves the bytes (also with +ext and HEAD) and rejects a foreign key', async () => {
    const { handle, bytes } = await stored();
    expect(await download(fileUrl(handle))).toEqual(bytes);
    expect(await download(fileUrl(`${handle}+txt`, `?key=${emu.apikey}`))).toEqual(bytes);
    const head = await fetch(fileUrl(handle), { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('30');
    expect((await request(fileUrl(handle, '?key=DDDDDDDDDDDDDDDDDDDDDD'))).status).toBe(401);
  });
});

describe('file API overwrite', () => {
  it('replaces the bytes with a raw body, keeping handle and filename', async () => {
    const { handle } = await stored();
    const next = testBytes(50, 12);
    const { status, body } = await request<Record<string, unknown>>(fileUrl(handle), {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: asBody(next),
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      url: `${emu.url}/${handle}`,
      mimetype: 'application/pdf',
      isWriteable: true,
      size: 50,
      filename: 'doc.txt',
    });
    expect(await download(`${emu.url}/${handle}`)).toEqual(next);
    const meta = await request(fileUrl(handle, '/metadata?md5=true&sha256=true&size=true'));
    expect(meta.body).toEqual({ size: 50, md5: md5Hex(next), sha256: sha256Hex(next) });
  });

  it('accepts PUT (Ruby) and a multipart fileUpload part (Python)', async () => {
    const { handle } = await stored();
    const viaPut = testBytes(20, 13);
    await request(fileUrl(handle), { method: 'PUT', body: asBody(viaPut) });
    expect(await download(`${emu.url}/${handle}`)).toEqual(viaPut);
    const form = new FormData();
    const viaForm = testBytes(33, 14);
    form.append(
      'fileUpload',
      new Blob([asBody(viaForm)], { type: 'application/octet-stream' }),
      'filename',
    );
    const { status, body } = await request<Record<string, unknown>>(
      fileUrl(handle, '?base64decode=false'),
      { method: 'POST', body: form },
    );
    expect(status).toBe(200);
    expect(body.size).toBe(33);
    expect(await download(`${emu.url}/${handle}`)).toEqual(viaForm);
  });

  it('fetches url= and records it as source_url', async () => {
    const { handle } = await stored();
    const { status, body } = await request<Record<string, unknown>>(fileUrl(handle), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ url: `${source.url}/remote.jpg` }).toString(),
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ size: 64, mimetype: 'image/jpeg' });
    expect(await download(`${emu.url}/${handle}`)).toEqual(remote);
    const meta = await request(fileUrl(handle, '/metadata?source_url=true'));
    expect(meta.body).toEqual({ source_url: `${source.url}/remote.jpg` });
  });

  it('decodes a base64 body with base64decode=true', async () => {
    const { handle } = await stored();
    const plain = testBytes(1000, 15);
    await request(fileUrl(handle, '?base64decode=true'), {
      method: 'POST',
      body: plain.toString('base64'),
    });
    expect(await download(`${emu.url}/${handle}`)).toEqual(plain);
  });

  it('answers 400 for a url that cannot be fetched and 404 for an unknown handle', async () => {
    const { handle } = await stored();
    const bad = await request(fileUrl(handle), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `url=${encodeURIComponent(`${source.url}/missing`)}`,
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/HTTP 404/);
    const unknown = await request(fileUrl('EEEEEEEEEEEEEEEEEEEE'), { method: 'POST', body: 'x' });
    expect(unknown.status).toBe(404);
  });
});

describe('file API delete', () => {
  it('deletes a file; every later read answers 404', async () => {
    const { handle } = await stored();
    const removed = await request(fileUrl(handle, `?key=${emu.apikey}`), { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(removed.body).toBe('success');
    expect((await request(`${emu.url}/${handle}`)).status).toBe(404);
    expect((await request(fileUrl(handle, '/metadata'))).status).toBe(404);
    expect((await request(fileUrl(handle))).status).toBe(404);
    expect((await request(fileUrl(handle), { method: 'DELETE' })).status).toBe(404);
  });

  it('deletes through POST /remove, also with skip_storage', async () => {
    const { handle } = await stored();
    const removed = await request(fileUrl(handle, '/remove?skip_storage=true'), {
      method: 'POST',
    });
    expect(removed.status).toBe(200);
    expect((await request(`${emu.url}/${handle}`)).status).toBe(404);
  });
});

describe('dataDir', () => {
  it('keeps files across restarts when given', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = await mkdtemp(join(tmpdir(), 'fs-emu-test-'));
    try {
      const first = await startEmulator({ dataDir });
      const { body } = await uploadRegular(first, Buffer.from('persistent'));
      await first.close();
      const second = await startEmulator({ dataDir });
      try {
        expect((await download(`${second.url}/${body.handle}`)).toString()).toBe('persistent');
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('removes its own temp dir on close', async () => {
    const { access } = await import('node:fs/promises');
    const temp = await startEmulator();
    await temp.close();
    await expect(access(temp.dataDir)).rejects.toThrow();
  });
});

describe('legacy store API (/api/store/LOCATION)', () => {
  it('stores a raw body, a fileUpload part or url=, answering url without handle', async () => {
    const raw = testBytes(40, 16);
    const viaRaw = await request<Record<string, unknown>>(
      `${emu.urls.api}/store/S3?key=${emu.apikey}&filename=raw.png&path=legacy/`,
      { method: 'POST', headers: { 'content-type': 'image/png' }, body: asBody(raw) },
    );
    expect(viaRaw.status).toBe(200);
    expect(viaRaw.body).toMatchObject({ size: 40, type: 'image/png', filename: 'raw.png' });
    expect(viaRaw.body).not.toHaveProperty('handle');
    expect(viaRaw.body.key).toMatch(/^legacy\/[A-Za-z0-9]{20}_raw\.png$/);
    expect(await download(viaRaw.body.url as string)).toEqual(raw);

    const form = new FormData();
    form.append('fileUpload', new Blob([asBody(raw)]), 'x');
    const viaForm = await request<Record<string, unknown>>(
      `${emu.urls.api}/store/S3?key=${emu.apikey}`,
      { method: 'POST', body: form },
    );
    expect(await download(viaForm.body.url as string)).toEqual(raw);

    const viaUrl = await request<Record<string, unknown>>(
      `${emu.urls.api}/store/S3?key=${emu.apikey}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `url=${encodeURIComponent(`${source.url}/remote.jpg`)}`,
      },
    );
    expect(viaUrl.body).toMatchObject({ filename: 'remote.jpg', type: 'image/jpeg', size: 64 });
  });

  it('answers 200 "Invalid Application" without a key', async () => {
    const { status, body } = await request(`${emu.urls.api}/store/S3`, {
      method: 'POST',
      body: 'x',
    });
    expect(status).toBe(200);
    expect(body).toBe('Invalid Application');
  });
});
