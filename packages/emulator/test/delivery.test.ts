import { md5Hex } from '@fs/test-kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { useEmulator } from '../src/testing/index.js';
import { hooks, request, testBytes, uploadRegular } from './helpers.js';

const emu = useEmulator({ hooks });
let handle: string;
const bytes = testBytes(100, 9);
beforeAll(async () => {
  const { body } = await uploadRegular(emu, bytes, {
    filename: 'photo 1.png',
    mimetype: 'image/png',
    partSize: 40,
  });
  handle = body.handle as string;
});

describe('CDN delivery', () => {
  it('serves the bytes with type, length, quoted MD5 ETag, X-File-Name and disposition', async () => {
    const response = await fetch(`${emu.url}/${handle}`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-length')).toBe('100');
    expect(response.headers.get('etag')).toBe(`"${md5Hex(bytes)}"`);
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('x-file-name')).toBe('photo%201.png');
    expect(response.headers.get('content-disposition')).toMatch(/^inline; filename="photo 1.png"/);
  });

  it('accepts the apikey segment (JS, Go) and answers an attachment with dl=true', async () => {
    const response = await fetch(`${emu.url}/${emu.apikey}/${handle}?dl=true`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await fetch(`${emu.url}/${handle}`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('100');
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it('serves byte ranges: closed, open-ended and suffix', async () => {
    const cases: [string, number, number][] = [
      ['bytes=10-19', 10, 19],
      ['bytes=90-', 90, 99],
      ['bytes=-5', 95, 99],
      ['bytes=95-500', 95, 99],
    ];
    for (const [range, start, end] of cases) {
      const response = await fetch(`${emu.url}/${handle}`, { headers: { range } });
      expect(response.status).toBe(206);
      expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/100`);
      expect(response.headers.get('content-length')).toBe(String(end - start + 1));
      expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes.subarray(start, end + 1));
    }
  });

  it('answers 416 for a range past the end', async () => {
    const response = await fetch(`${emu.url}/${handle}`, { headers: { range: 'bytes=100-' } });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */100');
  });

  it('answers 304 to If-None-Match with the current ETag', async () => {
    const response = await fetch(`${emu.url}/${handle}`, {
      headers: { 'if-none-match': `"${md5Hex(bytes)}"` },
    });
    expect(response.status).toBe(304);
  });

  it('answers 404 in plain text for an unknown handle', async () => {
    const { status, body, headers } = await request(`${emu.url}/AAAAAAAAAAAAAAAAAAAA`);
    expect(status).toBe(404);
    expect(headers.get('content-type')).toMatch(/text\/plain/);
    expect(body).toBe('File not found');
  });

  it('rejects a foreign apikey segment with 401', async () => {
    const { status } = await request(`${emu.url}/BBBBBBBBBBBBBBBBBBBBBB/${handle}`);
    expect(status).toBe(401);
  });

  it('names a video task among other tasks with 400 (they run alone)', async () => {
    for (const [path, task] of [
      [`flip/video_convert=preset:h264/${handle}`, 'video_convert'],
      [`${emu.apikey}/flip/video_playlist/${handle}`, 'video_playlist'],
    ]) {
      const { status, body } = await request(`${emu.url}/${path}`);
      expect(status).toBe(400);
      expect(body).toBe(`unsupported task: ${task}`);
    }
  });

  it('names an unknown task with 400', async () => {
    const { status, body } = await request(`${emu.url}/frobnicate=level:3/${handle}`);
    expect(status).toBe(400);
    expect(body).toBe('unknown task: frobnicate');
  });

  it('ignores cache tasks and serves the file', async () => {
    const response = await fetch(`${emu.url}/cache=expiry:max/${handle}`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
  });

  it('describes the parsed URL with debug', async () => {
    const { body } = await request<{ tasks: unknown[]; source: unknown }>(
      `${emu.url}/${emu.apikey}/debug/resize=width:100,fit:crop/${handle}`,
    );
    expect(body.tasks).toEqual([{ name: 'resize', params: { width: 100, fit: 'crop' } }]);
    expect(body.source).toEqual({ kind: 'handle', handle });
  });

  it('serves metadata under HANDLE/metadata and file/HANDLE/metadata', async () => {
    for (const path of [`${handle}/metadata`, `file/${handle}/metadata`]) {
      const { status, body } = await request(`${emu.url}/${path}?size=true&md5=true`);
      expect(status).toBe(200);
      expect(body).toEqual({ size: 100, md5: md5Hex(bytes) });
    }
    const goForm = await request(`${emu.url}/${emu.apikey}/metadata/${handle}?filename=true`);
    expect(goForm.body).toEqual({ filename: 'photo 1.png' });
  });

  it('stores a copy with a store task, by GET or POST', async () => {
    const viaGet = await request<Record<string, unknown>>(
      `${emu.url}/${emu.apikey}/store=filename:copy.png,path:"copies/"/${handle}`,
    );
    expect(viaGet.status).toBe(200);
    expect(viaGet.body).toMatchObject({ filename: 'copy.png', size: 100, type: 'image/png' });
    expect(viaGet.body.key).toMatch(/^copies\/[A-Za-z0-9]{20}-copy\.png$/);
    expect(viaGet.body.url).toBe(`${emu.url}/${viaGet.body.handle}`);
    const viaPost = await request<Record<string, unknown>>(`${emu.url}/store/${handle}`, {
      method: 'POST',
    });
    expect(viaPost.status).toBe(200);
    expect(viaPost.body.handle).not.toBe(viaGet.body.handle);
    const copy = await fetch(viaPost.body.url as string);
    expect(Buffer.from(await copy.arrayBuffer())).toEqual(bytes);
  });

  it('requires the apikey segment for an external URL source', async () => {
    const { status } = await request(`${emu.url}/"http://127.0.0.1:1/a.png"`);
    expect(status).toBe(400);
  });
});
