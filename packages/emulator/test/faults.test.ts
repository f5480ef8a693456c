import { describe, expect, it } from 'vitest';
import type { FaultRule } from '../src/index.js';
import { useEmulator } from '../src/testing/index.js';
import {
  echo,
  hooks,
  partUrl,
  postJson,
  putPart,
  request,
  startUpload,
  uploadRegular,
} from './helpers.js';

const emu = useEmulator({ hooks });

describe('fault injection', () => {
  it('answers the given status on the scheduled occurrences only (nth)', async () => {
    emu.faults.add({ route: 'start', kind: 'status', status: 502, nth: [2, 3] });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await startUpload(emu, 5)).status);
    expect(statuses).toEqual([200, 502, 502, 200]);
    const { requests, counts } = emu.stats();
    expect(counts.start).toBe(4);
    expect(requests.map((r) => r.fault)).toEqual([undefined, 'status', 'status', undefined]);
    expect(requests.map((r) => r.status)).toEqual([200, 502, 502, 200]);
  });

  it('defaults to 503 and fires on the next `times` requests', async () => {
    emu.faults.add({ route: 'start', kind: 'status', times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await startUpload(emu, 5)).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it('answers 429 with Retry-After for rate-limit', async () => {
    emu.faults.add({ route: 'upload', kind: 'rate-limit', retryAfter: 7, times: 1 });
    const { body: start } = await startUpload(emu, 5);
    const limited = await postJson(`${emu.url}/multipart/upload`, {
      ...echo(emu, start),
      part: 1,
      size: 5,
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body).toHaveProperty('error');
  });

  it('resets the connection mid-body on a part PUT, recording status 0', async () => {
    const bytes = Buffer.alloc(4, 7);
    const { url, headers, start } = await partUrl(emu, bytes);
    emu.faults.add({ route: 'put', kind: 'reset', times: 1 });
    const big = Buffer.alloc(4 * 1024 * 1024, 1);
    await expect(fetch(url, { method: 'PUT', headers, body: big })).rejects.toThrow();
    const put = await fetch(url, { method: 'PUT', headers, body: bytes });
    expect(put.status).toBe(200);
    const puts = emu.stats().requests.filter((r) => r.route === 'put');
    expect(puts.map((r) => [r.status, r.fault])).toEqual([
      [0, 'reset'],
      [200, undefined],
    ]);
    expect(puts[0]).toMatchObject({ uploadId: start.upload_id, part: 1, size: 4 });
  });

  it('resets JSON routes without answering', async () => {
    emu.faults.add({ route: 'complete', kind: 'reset', nth: [1] });
    const { body: start } = await startUpload(emu, 5);
    await expect(
      postJson(`${emu.url}/multipart/complete`, { ...echo(emu, start), size: 5 }),
    ).rejects.toThrow();
  });

  it('stalls a request for `ms` and then answers normally', async () => {
    emu.faults.add({ route: 'start', kind: 'stall', ms: 300, times: 1 });
    const began = Date.now();
    const { status } = await startUpload(emu, 5);
    expect(status).toBe(200);
    expect(Date.now() - began).toBeGreaterThanOrEqual(290);
    expect(emu.stats().requests[0]).toMatchObject({ fault: 'stall', status: 200 });
  });

  it('answers 403 RequestTimeTooSkewed on PUT in the XML filestack-js recognises', async () => {
    const bytes = Buffer.alloc(4, 7);
    const { url, headers } = await partUrl(emu, bytes);
    emu.faults.add({ route: 'put', kind: 'skew', times: 1 });
    const put = await fetch(url, { method: 'PUT', headers, body: bytes });
    expect(put.status).toBe(403);
    const xml = await put.text();
    expect(xml).toMatch(/<Code>RequestTimeTooSkewed<\/Code>/);
    expect(xml).toMatch(/<code>RequestTimeTooSkewed<\/code>/);
  });

  it('answers 202 {} on complete N times, then completes', async () => {
    emu.faults.add({ route: 'complete', kind: 'accepted', times: 2 });
    const bytes = Buffer.from('accepted');
    const statuses: number[] = [];
    const { body: start } = await startUpload(emu, bytes.length);
    const { etag } = await putPart(emu, start, 1, bytes);
    for (let i = 0; i < 3; i++) {
      const done = await postJson(`${emu.url}/multipart/complete`, {
        ...echo(emu, start),
        filename: 'a',
        mimetype: 'text/plain',
        size: bytes.length,
        parts: [{ part_number: 1, etag }],
      });
      statuses.push(done.status);
      if (done.status === 202) expect(done.body).toEqual({});
    }
    expect(statuses).toEqual([202, 202, 200]);
  });

  it('fails an FII commit on schedule, counts it, and a retried commit still assembles the part', async () => {
    emu.faults.add({ route: 'commit', kind: 'status', status: 500, nth: [1] });
    const bytes = Buffer.from('committed');
    const { body: start } = await startUpload(emu, bytes.length, { fii: true });
    await putPart(emu, start, 1, bytes, { offset: 0, fii: true });
    const commit = () =>
      postJson(`${emu.url}/multipart/commit`, { ...echo(emu, start), part: 1, size: bytes.length });
    const failed = await commit();
    expect(failed.status).toBe(500);
    expect(failed.body).toHaveProperty('error');
    expect((await commit()).status).toBe(200);
    const done = await postJson(`${emu.url}/multipart/complete`, {
      ...echo(emu, start),
      filename: 'c.txt',
      mimetype: 'text/plain',
      size: bytes.length,
      fii: true,
    });
    expect(done.status).toBe(200);
    expect(await (await fetch(done.body.url as string)).text()).toBe('committed');
    const { counts, requests } = emu.stats();
    expect(counts.commit).toBe(2);
    const commits = requests.filter((r) => r.route === 'commit');
    expect(commits.map((r) => [r.status, r.fault])).toEqual([
      [500, 'status'],
      [200, undefined],
    ]);
    expect(commits[0]).toMatchObject({ uploadId: start.upload_id, part: 1, size: bytes.length });
  });

  it('answers CDN and file API faults in plain text and process faults in JSON', async () => {
    const { body: file } = await uploadRegular(emu, Buffer.from('faulty'));
    emu.faults.add({ route: 'cdn', kind: 'status', status: 500, times: 1 });
    emu.faults.add({ route: 'file', kind: 'rate-limit', times: 1 });
    emu.faults.add({ route: 'process', kind: 'status', times: 1 });
    const cdn = await request(file.url as string);
    expect(cdn.status).toBe(500);
    expect(cdn.headers.get('content-type')).toMatch(/text\/plain/);
    expect((await request(file.url as string)).status).toBe(200);
    const meta = await request(`${emu.urls.api}/file/${file.handle}/metadata`);
    expect(meta.status).toBe(429);
    expect(meta.headers.get('retry-after')).toBe('1');
    const processed = await postJson(`${emu.url}/process`, { apikey: emu.apikey });
    expect(processed.status).toBe(503);
    expect(processed.body).toHaveProperty('error');
    expect(emu.stats().counts).toMatchObject({ cdn: 2, file: 1, process: 1 });
  });

  it('filters by part number', async () => {
    emu.faults.add({ route: 'put', kind: 'status', status: 500, part: 2 });
    const { body: start } = await startUpload(emu, 4);
    expect((await putPart(emu, start, 1, Buffer.from('ab'))).status).toBe(200);
    expect((await putPart(emu, start, 2, Buffer.from('cd'))).status).toBe(500);
    expect((await putPart(emu, start, 3, Buffer.from('ef'))).status).toBe(200);
  });

  it('counts every route and keeps the request log in arrival order', async () => {
    const result = await uploadRegular(emu, Buffer.from('0123456789'), { partSize: 4 });
    await fetch(result.body.url as string);
    await fetch(`${emu.urls.api}/file/${result.body.handle}/metadata`);
    const { counts, requests } = emu.stats();
    expect(counts).toEqual({
      start: 1,
      upload: 3,
      put: 3,
      commit: 0,
      complete: 1,
      process: 0,
      cdn: 1,
      file: 1,
    });
    expect(requests.map((r) => r.route)).toEqual([
      'start',
      'upload',
      'put',
      'upload',
      'put',
      'upload',
      'put',
      'complete',
      'cdn',
      'file',
    ]);
    expect(requests.filter((r) => r.route === 'put').map((r) => r.part)).toEqual([1, 2, 3]);
    expect(requests.every((r, i) => i === 0 || r.at >= requests[i - 1]!.at)).toBe(true);
  });

  it('rejects malformed rules with a message naming the field', () => {
    expect(() => emu.faults.add({ route: 'nope', kind: 'status' } as unknown as FaultRule)).toThrow(
      /route/,
    );
    expect(() => emu.faults.add({ route: 'put', kind: 'explode' } as unknown as FaultRule)).toThrow(
      /kind/,
    );
    expect(() => emu.faults.add({ route: 'put', kind: 'status', nth: [0] })).toThrow(/nth/);
    expect(() => emu.faults.add({ route: 'put', kind: 'status', nth: [1], times: 2 })).toThrow(
      /nth alone/,
    );
    expect(() => emu.faults.add({ route: 'put', kind: 'status', rate: 2 })).toThrow(/rate/);
  });

  it('clear() removes rules; reset() also clears counts and the log but keeps files', async () => {
    const stored = await uploadRegular(emu, Buffer.from('keep me'));
    emu.faults.add({ route: 'start', kind: 'status' });
    emu.faults.clear();
    expect((await startUpload(emu, 5)).status).toBe(200);
    emu.faults.add({ route: 'start', kind: 'status' });
    emu.reset();
    expect(emu.stats()).toEqual({
      counts: { start: 0, upload: 0, put: 0, commit: 0, complete: 0, process: 0, cdn: 0, file: 0 },
      requests: [],
    });
    expect((await startUpload(emu, 5)).status).toBe(200);
    expect((await fetch(stored.body.url as string)).status).toBe(200);
  });
});

describe('control routes under /__emulator', () => {
  it('add, list and clear faults, report stats and reset over HTTP', async () => {
    const added = await postJson(`${emu.url}/__emulator/faults`, {
      route: 'start',
      kind: 'status',
      status: 500,
      nth: [1],
    });
    expect(added.status).toBe(201);
    expect((await startUpload(emu, 5)).status).toBe(500);
    const stats = await request<{ counts: Record<string, number> }>(`${emu.url}/__emulator/stats`);
    expect(stats.body.counts.start).toBe(1);
    const bad = await postJson(`${emu.url}/__emulator/faults`, { route: 'start', kind: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/kind/);
    await postJson(`${emu.url}/__emulator/faults`, [{ route: 'start', kind: 'status' }]);
    expect((await request(`${emu.url}/__emulator/faults`, { method: 'DELETE' })).status).toBe(204);
    expect((await startUpload(emu, 5)).status).toBe(200);
    expect((await request(`${emu.url}/__emulator/reset`, { method: 'POST' })).status).toBe(204);
    expect(emu.stats().requests).toEqual([]);
  });
});
