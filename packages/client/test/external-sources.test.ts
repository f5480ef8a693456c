import { type Origin, serveOrigin, useEmulator } from '@fs/emulator/testing';
import { gradientPng, pngSize, rejection, sha256Hex } from '@fs/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Filelink, HttpError, Transformation } from '../src/index.js';
import { recordingFetch } from './helpers.js';

/*
 * Calls whose bytes the emulator fetches from a URL: overwrite({ url }) and urlscreenshot. The
 * URLs are served by a node:http server of this file, so the emulator's fetch stays on loopback.
 */

const emu = useEmulator();
const FIRST = gradientPng(12, 9);
const REPLACEMENT = gradientPng(30, 20);
const PAGE = '<!doctype html><title>fs</title><p>a page to screenshot</p>';
let origin: Origin;
beforeAll(async () => {
  origin = await serveOrigin({
    '/replacement.png': { body: REPLACEMENT, type: 'image/png' },
    '/page.html': { body: PAGE, type: 'text/html' },
  });
});
afterAll(() => origin.close());

describe('overwrite({ url })', () => {
  it('replaces the content with the bytes the emulator fetched, keeping the handle', async () => {
    const { fetch, exchanges } = recordingFetch();
    const client = new Client(emu.apikey, { urls: emu.urls, fetch });
    const filelink = await client.upload({ file: FIRST, storeParams: { filename: 'pic.png' } });
    const url = `${origin.url}/replacement.png`;

    const answer = await filelink.overwrite({ url });
    expect(answer).toMatchObject({
      handle: filelink.handle,
      url: `${emu.url}/${filelink.handle}`,
      size: REPLACEMENT.length,
      mimetype: 'image/png',
      filename: 'pic.png',
    });
    // One form POST to the file API, which fetched the URL once.
    expect(exchanges.at(-1)).toMatchObject({
      method: 'POST',
      url: `${emu.urls.api}/file/${filelink.handle}?key=${emu.apikey}&base64decode=false`,
      status: 200,
    });
    expect(origin.requests.filter((request) => request.path === '/replacement.png')).toHaveLength(
      1,
    );

    const bytes = await filelink.getContent();
    expect(sha256Hex(bytes)).toBe(sha256Hex(REPLACEMENT));
    expect(pngSize(bytes)).toEqual({ width: 30, height: 20 });
    expect(await filelink.metadata(['size', 'source_url'])).toEqual({
      size: REPLACEMENT.length,
      source_url: url,
    });
  });

  it('a URL the emulator cannot fetch is a typed 400 and leaves the content as it was', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const filelink = await client.upload({ file: FIRST });
    const error = await rejection(
      filelink.overwrite({ url: `${origin.url}/missing.png` }),
      HttpError,
    );
    expect(error.status).toBe(400);
    expect(String(error.body)).toContain('HTTP 404');
    expect(sha256Hex(await filelink.getContent())).toBe(sha256Hex(FIRST));
  });
});

describe('client.urlscreenshot(url, params)', () => {
  it('is answered with the page itself, unrendered, and flagged unapplied', async () => {
    const { fetch, exchanges } = recordingFetch();
    const client = new Client(emu.apikey, { urls: emu.urls, fetch });
    const page = `${origin.url}/page.html`;
    const shot = client.urlscreenshot(page, { agent: 'mobile', mode: 'window', width: 400 });
    expect(shot).toBeInstanceOf(Transformation);

    const bytes: Uint8Array = await shot.getContent();
    expect(new TextDecoder().decode(bytes)).toBe(PAGE);
    const answer = exchanges.at(-1);
    expect(answer).toMatchObject({
      method: 'GET',
      url: `${emu.url}/${emu.apikey}/urlscreenshot=agent:mobile,mode:window,width:400/${page}`,
      status: 200,
    });
    expect(answer?.headers.get('content-type')).toMatch(/^text\/html/);
    expect(answer?.headers.get('x-fs-emulator-unapplied')).toBe('urlscreenshot');
  });

  it('store() keeps what the emulator answered as a new file, with the client inherited', async () => {
    const { fetch, exchanges } = recordingFetch();
    const client = new Client(emu.apikey, { urls: emu.urls, fetch });
    const stored = await client
      .urlscreenshot(`${origin.url}/page.html`)
      .store({ filename: 'shot.html' });
    expect(stored).toBeInstanceOf(Filelink);
    expect(stored.apikey).toBe(emu.apikey);
    expect(stored.uploadResponse).toMatchObject({
      handle: stored.handle,
      filename: 'shot.html',
      size: Buffer.byteLength(PAGE),
    });
    expect(stored.uploadResponse?.mimetype).toMatch(/^text\/html/);
    expect(exchanges.at(-1)?.headers.get('x-fs-emulator-unapplied')).toBe('urlscreenshot');
    expect(new TextDecoder().decode(await stored.getContent())).toBe(PAGE);
  });

  it('a page the emulator cannot fetch is a typed 400', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const error = await rejection(
      client.urlscreenshot(`${origin.url}/gone.html`).getContent(),
      HttpError,
    );
    expect(error.status).toBe(400);
  });
});
