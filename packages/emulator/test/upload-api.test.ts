import { md5Base64, md5Hex } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { DEFAULT_APIKEY, startEmulator } from '../src/index.js';
import { useEmulator } from '../src/testing/index.js';
import {
  asBody,
  download,
  echo,
  hooks,
  postForm,
  postJson,
  putPart,
  type StartAnswer,
  startUpload,
  testBytes,
  uploadRegular,
} from './helpers.js';

const emu = useEmulator({ hooks });

describe('startEmulator', () => {
  it('serves every role on one loopback origin and exposes the default key', () => {
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.urls).toEqual({
      upload: emu.url,
      cdn: emu.url,
      api: `${emu.url}/api`,
      process: emu.url,
    });
    expect(emu.apikey).toBe(DEFAULT_APIKEY);
    expect(DEFAULT_APIKEY).toMatch(/^[A-Za-z0-9]{22}$/);
  });

  it('rejects bad options before listening', async () => {
    await expect(startEmulator({ port: -1 })).rejects.toThrow(/port/);
    await expect(startEmulator({ partUrlTtl: 0 })).rejects.toThrow(/partUrlTtl/);
  });
});

describe('multipart/start', () => {
  it('answers uri, region, upload_id, an absolute location_url and location_region', async () => {
    const { status, body } = await startUpload(emu, 10, { filename: 'report.pdf' });
    expect(status).toBe(200);
    expect(body.uri).toMatch(/^\/[A-Za-z0-9]{20}_report\.pdf$/);
    expect(body.region).toBe('us-east-1');
    expect(body.upload_id).toMatch(/^[A-Za-z0-9]{20,}$/);
    expect(body.location_url).toBe(emu.url);
    expect(body.location_region).toBe('us-east-1');
    expect(body.upload_type).toBeUndefined();
  });

  it('answers upload_type intelligent_ingestion when fii is asked', async () => {
    for (const fii of [true, 'true', '1']) {
      const { body } = await startUpload(emu, 10, { fii });
      expect(body.upload_type).toBe('intelligent_ingestion');
    }
  });

  it('never answers upload_type for an app without Intelligent Ingestion', async () => {
    const plain = await startEmulator({ intelligent: false });
    try {
      const { status, body } = await startUpload(plain, 10, { fii: true });
      expect(status).toBe(200);
      expect(body.upload_type).toBeUndefined();
    } finally {
      await plain.close();
    }
  });

  it('puts the store path in front of the key', async () => {
    const { body } = await startUpload(emu, 10, {
      filename: 'a.txt',
      store: { location: 'S3', path: 'uploads/' },
    });
    expect(body.uri).toMatch(/^\/uploads\/[A-Za-z0-9]{20}_a\.txt$/);
  });

  it('rejects an unknown apikey with 401 and a missing one with 400', async () => {
    const wrong = await startUpload(emu, 10, { apikey: 'AAAAAAAAAAAAAAAAAAAAAA' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: 'Invalid Application' });
    expect(wrong.body).toHaveProperty('c');
    expect(wrong.body).toHaveProperty('i');
    expect(wrong.body).toHaveProperty('t');
    const missing = await startUpload(emu, 10, { apikey: undefined });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: 'Parameters are invalid' });
  });

  it('rejects a 0-byte, negative or non-numeric size', async () => {
    for (const size of [0, -5, 'ten', 1.5]) {
      const { status, body } = await startUpload(emu, 0, { size });
      expect(status).toBe(400);
      expect(body).toMatchObject({ error: 'invalid params: size' });
    }
  });

  it('rejects a missing filename and an unknown store location', async () => {
    const noName = await startUpload(emu, 10, { filename: '' });
    expect(noName.status).toBe(400);
    expect(noName.body).toMatchObject({ error: 'invalid params: filename' });
    const badStore = await startUpload(emu, 10, { store: { location: 'ftp' } });
    expect(badStore.status).toBe(400);
    expect(badStore.body).toMatchObject({ error: 'invalid params: store' });
  });

  it('rejects a body that is not JSON', async () => {
    const response = await fetch(`${emu.url}/multipart/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(response.status).toBe(400);
  });
});

describe('a regular upload', () => {
  it('stores the bytes of every part in part order, whatever order complete lists them', async () => {
    const bytes = testBytes(23);
    const { status, body } = await uploadRegular(emu, bytes, {
      filename: 'notes.txt',
      mimetype: 'text/plain',
      reverseParts: true,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      filename: 'notes.txt',
      size: 23,
      mimetype: 'text/plain',
      status: 'Stored',
      container: 'fs-emulator-uploads',
    });
    expect(body.handle).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(body.url).toBe(`${emu.url}/${body.handle}`);
    expect(body.key).toBe(`${body.handle}_notes.txt`);
    expect(await download(body.url as string)).toEqual(bytes);
  });

  it('accepts ETags without quotes (Swift)', async () => {
    const bytes = testBytes(12, 2);
    const { status, body } = await uploadRegular(emu, bytes, { bareEtags: true });
    expect(status).toBe(200);
    expect(await download(body.url as string)).toEqual(bytes);
  });

  it('echoes upload tags and workflows in the file record', async () => {
    const bytes = testBytes(4);
    const { body: start } = await startUpload(emu, 4);
    const { etag } = await putPart(emu, start, 1, bytes);
    const done = await postJson(`${emu.url}/multipart/complete`, {
      ...echo(emu, start),
      store: { location: 's3', workflows: ['wf-1'] },
      filename: 'x.bin',
      mimetype: 'application/octet-stream',
      size: 4,
      upload_tags: { customer: '42' },
      parts: [{ part_number: 1, etag }],
    });
    expect(done.body).toMatchObject({ upload_tags: { customer: '42' }, workflows: ['wf-1'] });
  });

  it('answers the part URL with Content-MD5 among the headers to send', async () => {
    const { body: start } = await startUpload(emu, 11);
    const { status, body } = await postJson<{ url: string; headers: Record<string, string> }>(
      `${emu.url}/multipart/upload`,
      { ...echo(emu, start), part: 1, size: 11, md5: 'XrY7u+Ae7tCTyyK7j1rNww==' },
    );
    expect(status).toBe(200);
    expect(body.url.startsWith(`${emu.url}/`)).toBe(true);
    expect(body.headers['Content-MD5']).toBe('XrY7u+Ae7tCTyyK7j1rNww==');
    // As a page on this machine sends it: the ETag must be readable by the page.
    const put = await fetch(body.url, {
      method: 'PUT',
      headers: { ...body.headers, origin: 'http://localhost:5173' },
      body: 'hello world',
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe('"5eb63bbbe01eeed093cb22bb8f5acdc3"');
    expect(put.headers.get('access-control-expose-headers')).toMatch(/ETag/);
  });

  it('rejects part numbers out of 1..10000 and sizes below 1', async () => {
    const { body: start } = await startUpload(emu, 10);
    for (const part of [0, 10_001, -1, 'x']) {
      const { status, body } = await postJson(`${emu.url}/multipart/upload`, {
        ...echo(emu, start),
        part,
        size: 1,
      });
      expect(status).toBe(400);
      expect(body).toMatchObject({ error: 'invalid params: part' });
    }
    const zero = await postJson(`${emu.url}/multipart/upload`, {
      ...echo(emu, start),
      part: 1,
      size: 0,
    });
    expect(zero.body).toMatchObject({ error: 'invalid params: size' });
  });

  it('rejects an unknown upload_id and a uri that does not belong to it', async () => {
    const { body: start } = await startUpload(emu, 10);
    const unknown = await postJson(`${emu.url}/multipart/upload`, {
      ...echo(emu, start),
      upload_id: 'nope',
      part: 1,
      size: 1,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: 'invalid params: upload_id' });
    const wrongUri = await postJson(`${emu.url}/multipart/upload`, {
      ...echo(emu, start),
      uri: '/other',
      part: 1,
      size: 1,
    });
    expect(wrongUri.body).toMatchObject({ error: 'invalid params: uri' });
  });

  it('answers 400 BadDigest when the bytes do not match Content-MD5', async () => {
    const { body: start } = await startUpload(emu, 5);
    const { body } = await postJson<{ url: string; headers: Record<string, string> }>(
      `${emu.url}/multipart/upload`,
      { ...echo(emu, start), part: 1, size: 5, md5: md5Base64(Buffer.from('abcde')) },
    );
    const put = await fetch(body.url, { method: 'PUT', headers: body.headers, body: 'abcdX' });
    expect(put.status).toBe(400);
    expect(put.headers.get('content-type')).toMatch(/xml/);
    expect(await put.text()).toMatch(/<Code>BadDigest<\/Code>/);
  });

  it('answers 403 when the PUT drops or changes the signed Content-MD5', async () => {
    const { body: start } = await startUpload(emu, 5);
    const { body } = await postJson<{ url: string; headers: Record<string, string> }>(
      `${emu.url}/multipart/upload`,
      { ...echo(emu, start), part: 1, size: 5, md5: md5Base64(Buffer.from('abcde')) },
    );
    const put = await fetch(body.url, { method: 'PUT', body: 'abcde' });
    expect(put.status).toBe(403);
    expect(await put.text()).toMatch(/SignatureDoesNotMatch/);
  });

  it('refuses an unknown part URL and one whose token expired', async () => {
    const unknown = await fetch(`${emu.url}/s3/parts/nothing`, { method: 'PUT', body: 'x' });
    expect(unknown.status).toBe(403);
    expect(await unknown.text()).toMatch(/AccessDenied/);
    const shortLived = await startEmulator({ partUrlTtl: 30 });
    try {
      const { body: start } = await startUpload(shortLived, 1);
      const { body } = await postJson<{ url: string; headers: Record<string, string> }>(
        `${shortLived.url}/multipart/upload`,
        { ...echo(shortLived, start), part: 1, size: 1 },
      );
      await new Promise((resolve) => setTimeout(resolve, 60));
      const put = await fetch(body.url, { method: 'PUT', headers: body.headers, body: 'x' });
      expect(put.status).toBe(403);
      expect(await put.text()).toMatch(/expired/);
    } finally {
      await shortLived.close();
    }
  });

  it('keeps the last PUT of a part that was sent twice', async () => {
    const { body: start } = await startUpload(emu, 3);
    await putPart(emu, start, 1, Buffer.from('old'));
    const { etag } = await putPart(emu, start, 1, Buffer.from('new'));
    const done = await postJson(`${emu.url}/multipart/complete`, {
      ...echo(emu, start),
      filename: 'f',
      mimetype: 'text/plain',
      size: 3,
      parts: [{ part_number: 1, etag }],
    });
    expect((await download(done.body.url as string)).toString()).toBe('new');
  });
});

describe('multipart/complete', () => {
  async function twoParts(): Promise<{ start: StartAnswer; etags: string[]; bytes: Buffer }> {
    const bytes = testBytes(10, 3);
    const { body: start } = await startUpload(emu, 10);
    const a = await putPart(emu, start, 1, bytes.subarray(0, 6));
    const b = await putPart(emu, start, 2, bytes.subarray(6));
    return { start, etags: [a.etag, b.etag], bytes };
  }
  const complete = (start: StartAnswer, extra: Record<string, unknown>) =>
    postJson(`${emu.url}/multipart/complete`, {
      ...echo(emu, start),
      filename: 'two.bin',
      mimetype: 'application/octet-stream',
      size: 10,
      ...extra,
    });

  it('answers invalid params: parts when an ETag does not match', async () => {
    const { start, etags } = await twoParts();
    const { status, body } = await complete(start, {
      parts: [
        { part_number: 1, etag: etags[0] },
        { part_number: 2, etag: '"00000000000000000000000000000000"' },
      ],
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid params: parts' });
    expect(body.detail).toMatch(/ETag of part 2/);
  });

  it('answers invalid params: parts when the parts do not add up to size', async () => {
    const { start, etags } = await twoParts();
    const { status, body } = await complete(start, {
      parts: [{ part_number: 1, etag: etags[0] }],
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid params: parts' });
    expect(body.detail).toMatch(/6 bytes, but size is 10/);
  });

  it('answers invalid params: parts for a regular upload that lists no parts', async () => {
    const { start } = await twoParts();
    for (const parts of [undefined, null, []]) {
      const { status, body } = await complete(start, { parts });
      expect(status).toBe(400);
      expect(body).toMatchObject({ error: 'invalid params: parts' });
    }
  });

  it('answers invalid params: size when size differs from the one at start', async () => {
    const { start, etags } = await twoParts();
    const { body } = await complete(start, {
      size: 11,
      parts: etags.map((etag, i) => ({ part_number: i + 1, etag })),
    });
    expect(body).toMatchObject({ error: 'invalid params: size' });
  });

  it('is idempotent: the same upload always gets the same handle, parts or not', async () => {
    const { start, etags, bytes } = await twoParts();
    const parts = etags.map((etag, i) => ({ part_number: i + 1, etag }));
    const [first, concurrent] = await Promise.all([
      complete(start, { parts }),
      complete(start, { parts }),
    ]);
    expect(first.status).toBe(200);
    expect(concurrent.body.handle).toBe(first.body.handle);
    const again = await complete(start, { parts: null });
    expect(again.status).toBe(200);
    expect(again.body.handle).toBe(first.body.handle);
    expect(await download(first.body.url as string)).toEqual(bytes);
  });

  it('re-uses the parts of an earlier complete when a retry sends parts: null (Ruby)', async () => {
    const { start, etags, bytes } = await twoParts();
    emu.faults.add({ route: 'complete', kind: 'accepted', times: 1 });
    const parts = etags.map((etag, i) => ({ part_number: i + 1, etag }));
    const first = await complete(start, { parts });
    expect(first.status).toBe(202);
    // 202 is answered before the parts are read, so this retry has none to fall back on.
    const retry = await complete(start, { parts: null });
    expect(retry.status).toBe(400);
    const withParts = await complete(start, { parts });
    expect(withParts.status).toBe(200);
    const rubyRetry = await complete(start, { parts: null });
    expect(rubyRetry.body.handle).toBe(withParts.body.handle);
    expect(await download(withParts.body.url as string)).toEqual(bytes);
  });
});

describe('form-data bodies (PHP, Java)', () => {
  it('accept flat store_* fields, multipart=true and parts as "1:etag;2:etag"', async () => {
    const bytes = testBytes(9, 4);
    const start = await postForm<StartAnswer>(`${emu.url}/multipart/start`, {
      apikey: emu.apikey,
      filename: 'form.bin',
      mimetype: 'application/octet-stream',
      size: '9',
      store_location: 's3',
      store_path: 'forms/',
      store_container: 'my-bucket',
      multipart: 'true',
    });
    expect(start.status).toBe(200);
    expect(start.body.upload_type).toBe('intelligent_ingestion');
    expect(start.body.uri).toMatch(/^\/forms\//);
    const etags: string[] = [];
    for (const [part, slice] of [
      [1, bytes.subarray(0, 5)],
      [2, bytes.subarray(5)],
    ] as const) {
      const upload = await postForm<{ url: string; headers: Record<string, string> }>(
        `${emu.url}/multipart/upload`,
        {
          apikey: emu.apikey,
          uri: start.body.uri,
          region: start.body.region,
          upload_id: start.body.upload_id,
          part: String(part),
          size: String(slice.length),
          md5: md5Base64(slice),
          store_location: 's3',
        },
      );
      expect(upload.status).toBe(200);
      const put = await fetch(upload.body.url, {
        method: 'PUT',
        headers: upload.body.headers,
        body: asBody(slice),
      });
      etags.push(put.headers.get('etag')!);
    }
    const done = await postForm(`${emu.url}/multipart/complete`, {
      apikey: emu.apikey,
      uri: start.body.uri,
      region: start.body.region,
      upload_id: start.body.upload_id,
      filename: 'form.bin',
      mimetype: 'application/octet-stream',
      size: '9',
      store_location: 's3',
      store_container: 'my-bucket',
      parts: `1:${etags[0]};2:${etags[1]}`,
    });
    expect(done.status).toBe(200);
    expect(done.body.container).toBe('my-bucket');
    expect(await download(done.body.url as string)).toEqual(bytes);
  });
});

describe('Intelligent Ingestion', () => {
  async function chunk(start: StartAnswer, part: number, offset: number, bytes: Buffer) {
    return putPart(emu, start, part, bytes, { offset, fii: true });
  }

  it('assembles chunks by offset at commit and completes without parts', async () => {
    const bytes = testBytes(20, 5);
    const { body: start } = await startUpload(emu, 20, { fii: true });
    // Part 1 = bytes 0..11 in three chunks sent out of order; part 2 = 12..19 in one chunk.
    await chunk(start, 1, 8, bytes.subarray(8, 12));
    await chunk(start, 1, 0, bytes.subarray(0, 4));
    await chunk(start, 1, 4, bytes.subarray(4, 8));
    await chunk(start, 2, 0, bytes.subarray(12));
    for (const part of [1, 2]) {
      const commit = await postJson(`${emu.url}/multipart/commit`, {
        ...echo(emu, start),
        part,
        size: 20,
      });
      expect(commit.status).toBe(200);
      expect(commit.body).toEqual({});
    }
    const done = await postJson(`${emu.url}/multipart/complete`, {
      ...echo(emu, start),
      filename: 'fii.bin',
      mimetype: 'application/octet-stream',
      size: 20,
      fii: true,
    });
    expect(done.status).toBe(200);
    expect(await download(done.body.url as string)).toEqual(bytes);
  });

  it('takes chunks without offset as offset 0 (Go) and a retried chunk replaces the first', async () => {
    const bytes = testBytes(6, 6);
    const { body: start } = await startUpload(emu, 6, { fii: true });
    await putPart(emu, start, 1, Buffer.from('zzzzzz'), { fii: true });
    await putPart(emu, start, 1, bytes, { fii: true });
    await postJson(`${emu.url}/multipart/commit`, { ...echo(emu, start), part: 1, size: 6 });
    const done = await postJson(`${emu.url}/multipart/complete`, {
      ...echo(emu, start),
      filename: 'go.bin',
      mimetype: 'application/octet-stream',
      size: 6,
      fii: true,
    });
    expect(await download(done.body.url as string)).toEqual(bytes);
  });

  it('assembles chunks that overlap: a timed-out chunk arriving after its bytes were re-sent smaller', async () => {
    const bytes = testBytes(16, 9);
    const { body: start } = await startUpload(emu, 16, { fii: true });
    // The client sent 0..8, gave up on it, re-sent 0..4 and 4..8, then 8..16; the first 0..8
    // arrives last and replaces 0..4 at offset 0.
    await chunk(start, 1, 0, bytes.subarray(0, 4));
    await chunk(start, 1, 4, bytes.subarray(4, 8));
    await chunk(start, 1, 8, bytes.subarray(8, 16));
    await chunk(start, 1, 0, bytes.subarray(0, 8));
    // And a chunk inside others (4..6) adds nothing.
    await chunk(start, 1, 4, bytes.subarray(4, 6));
    const commit = await postJson(`${emu.url}/multipart/commit`, {
      ...echo(emu, start),
      part: 1,
      size: 16,
    });
    expect(commit.status).toBe(200);
    const done = await postJson(`${emu.url}/multipart/complete`, {
      ...echo(emu, start),
      filename: 'overlap.bin',
      mimetype: 'application/octet-stream',
      size: 16,
      fii: true,
    });
    expect(done.status).toBe(200);
    expect(await download(done.body.url as string)).toEqual(bytes);
  });

  it('refuses to commit a part whose chunks leave a gap, or that has no chunks', async () => {
    const bytes = testBytes(8, 7);
    const { body: start } = await startUpload(emu, 8, { fii: true });
    await chunk(start, 1, 0, bytes.subarray(0, 2));
    await chunk(start, 1, 4, bytes.subarray(4));
    const gap = await postJson(`${emu.url}/multipart/commit`, {
      ...echo(emu, start),
      part: 1,
      size: 8,
    });
    expect(gap.status).toBe(400);
    expect(gap.body).toMatchObject({ error: 'invalid params: part' });
    expect(gap.body.detail).toMatch(/no chunk holds offset 2 \(the next starts at 4\)/);
    const none = await postJson(`${emu.url}/multipart/commit`, {
      ...echo(emu, start),
      part: 2,
      size: 8,
    });
    expect(none.status).toBe(400);
  });

  it('mixes committed FII parts with listed regular parts (JS fallback mode)', async () => {
    const bytes = testBytes(10, 8);
    const { body: start } = await startUpload(emu, 10, { fii: true });
    const regular = await putPart(emu, start, 1, bytes.subarray(0, 5));
    await chunk(start, 2, 0, bytes.subarray(5));
    await postJson(`${emu.url}/multipart/commit`, { ...echo(emu, start), part: 2, size: 10 });
    const done = await postJson(`${emu.url}/multipart/complete`, {
      ...echo(emu, start),
      filename: 'mixed.bin',
      mimetype: 'application/octet-stream',
      size: 10,
      fii: true,
      parts: [{ part_number: 1, etag: regular.etag }],
    });
    expect(done.status).toBe(200);
    expect(await download(done.body.url as string)).toEqual(bytes);
    expect(md5Hex(bytes)).toHaveLength(32);
  });
});

describe('CORS', () => {
  it('answers preflights allowing the Filestack headers and exposes ETag', async () => {
    const preflight = await fetch(`${emu.url}/multipart/start`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, filestack-source, filestack-upload-region',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(
      /filestack-upload-region/,
    );
    const put = await fetch(`${emu.url}/s3/parts/x`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:8080', 'access-control-request-method': 'PUT' },
    });
    expect(put.status).toBe(204);
    expect(put.headers.get('access-control-allow-methods')).toMatch(/PUT/);
    expect(put.headers.get('access-control-allow-headers')).toMatch(/content-md5/);
    expect(put.headers.get('access-control-expose-headers')).toMatch(/ETag/);
  });
});
