import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Origin, serveOrigin, useEmulator } from '../src/testing/index.js';
import { download, hooks, postJson, testBytes, uploadRegular } from './helpers.js';

const emu = useEmulator({ hooks });
let source: Origin;
const cat = testBytes(300, 21);
beforeAll(async () => {
  source = await serveOrigin({
    '/photos/cat.jpg': { body: cat, type: 'image/jpeg' },
    '/data': { body: Buffer.from('{"a":1}'), type: 'application/json; charset=utf-8' },
  });
});
afterAll(() => source.close());

describe('POST /process', () => {
  it('stores a URL with the store task and answers type, not mimetype', async () => {
    const { status, body } = await postJson(`${emu.urls.process}/process`, {
      apikey: emu.apikey,
      sources: [`${source.url}/photos/cat.jpg`],
      tasks: [{ name: 'store', params: { location: 's3', path: 'imports/' } }],
      upload_tags: { batch: '7' },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      filename: 'cat.jpg',
      size: 300,
      type: 'image/jpeg',
      container: 'fs-emulator-uploads',
      upload_tags: { batch: '7' },
    });
    expect(body).not.toHaveProperty('mimetype');
    expect(body.key).toMatch(/^imports\/[A-Za-z0-9]{20}_cat\.jpg$/);
    expect(await download(body.url as string)).toEqual(cat);
  });

  it('accepts apiKey (Go), {source, headers} sources (JS) and merges store tasks', async () => {
    const { status, body } = await postJson(`${emu.url}/process`, {
      apiKey: emu.apikey,
      sources: [{ source: `${source.url}/data`, headers: { Authorization: 'Bearer t' } }],
      tasks: [
        { name: 'store', params: { filename: 'data.json', container: 'bucket' } },
        { name: 'store', params: { workflows: ['w1'] } },
      ],
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      filename: 'data.json',
      type: 'application/json',
      container: 'bucket',
      workflows: ['w1'],
    });
    expect(source.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: '/data',
      headers: { authorization: 'Bearer t' },
    });
  });

  it('copies a handle source', async () => {
    const { body: file } = await uploadRegular(emu, Buffer.from('handle source'));
    const { body } = await postJson(`${emu.url}/process`, {
      apikey: emu.apikey,
      sources: [file.handle],
      tasks: [{ name: 'store' }],
    });
    expect(body.handle).not.toBe(file.handle);
    expect((await download(body.url as string)).toString()).toBe('handle source');
  });

  it('answers 400 when the source cannot be fetched, sources are missing or a task cannot run', async () => {
    const missing = await postJson(`${emu.url}/process`, {
      apikey: emu.apikey,
      sources: [`${source.url}/nothing`],
      tasks: [{ name: 'store' }],
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/HTTP 404/);
    const noSources = await postJson(`${emu.url}/process`, { apikey: emu.apikey, tasks: [] });
    expect(noSources.status).toBe(400);
    const resize = await postJson(`${emu.url}/process`, {
      apikey: emu.apikey,
      sources: [`${source.url}/photos/cat.jpg`],
      tasks: [{ name: 'resize', params: { width: 10 } }, { name: 'store' }],
    });
    // cat.jpg is random bytes served as image/jpeg.
    expect(resize.status).toBe(400);
    expect(resize.body.error).toBe('resize: the file cannot be read (image/jpeg)');
    const video = await postJson(`${emu.url}/process`, {
      apikey: emu.apikey,
      sources: [`${source.url}/photos/cat.jpg`],
      tasks: [{ name: 'video_convert', params: { preset: 'h264' } }, { name: 'store' }],
    });
    expect(video.body.error).toBe('unsupported task: video_convert');
  });

  it('rejects an unknown apikey with 401', async () => {
    const { status } = await postJson(`${emu.url}/process`, {
      apikey: 'FFFFFFFFFFFFFFFFFFFFFF',
      sources: [`${source.url}/photos/cat.jpg`],
      tasks: [{ name: 'store' }],
    });
    expect(status).toBe(401);
  });

  it('is counted under the process route', async () => {
    await postJson(`${emu.url}/process`, {
      apikey: emu.apikey,
      sources: [`${source.url}/photos/cat.jpg`],
      tasks: [{ name: 'store' }],
    });
    expect(emu.stats().counts.process).toBe(1);
    expect(emu.stats().requests[0]).toMatchObject({ route: 'process', status: 200, size: 300 });
  });
});

describe('CDN store of an external URL (Ruby)', () => {
  it('fetches and stores the URL given raw after the apikey', async () => {
    const response = await fetch(
      `${emu.url}/${emu.apikey}/store=path:"ruby/"/${source.url}/photos/cat.jpg`,
      { method: 'POST' },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.key).toMatch(/^ruby\/[A-Za-z0-9]{20}-cat\.jpg$/);
    expect(await download(body.url as string)).toEqual(cat);
  });

  it('proxies an external URL given without tasks', async () => {
    expect(await download(`${emu.url}/${emu.apikey}/"${source.url}/photos/cat.jpg"`)).toEqual(cat);
  });
});
