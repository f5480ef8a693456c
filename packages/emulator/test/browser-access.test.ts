import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import { type Origin, serveOrigin, useEmulator } from '../src/testing/index.js';
import { download, hooks, request, startUpload, uploadRegular } from './helpers.js';

/*
 * What a web page open in the developer's browser can do to an emulator left running on this
 * machine: read its answers (CORS), reach it under another name (DNS rebinding), make it change
 * state with a request that needs no preflight, or drive its control routes.
 */

const SECRET = 'browser-access-secret';
const emu = useEmulator({ hooks });
const listed = useEmulator({
  hooks,
  cors: ['https://app.example.com'],
  allowedHosts: ['emulator', '.dev.test'],
});
const secured = useEmulator({ hooks, secret: SECRET });
let source: Origin;

beforeAll(async () => {
  source = await serveOrigin({ '/a.txt': { body: 'remote', type: 'text/plain' } });
});
afterAll(() => source.close());

/** A GET with a chosen `Host` header, which fetch does not let a caller set. */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { headers: { host } }, (incoming) => {
      incoming.resume();
      incoming.on('end', () => resolve(incoming.statusCode ?? 0));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** What `probe` answers for each key, asked one after another, keyed by the key. */
async function answersFor<T>(
  keys: string[],
  probe: (key: string) => Promise<T>,
): Promise<Record<string, T>> {
  const answers: Record<string, T> = {};
  for (const key of keys) answers[key] = await probe(key);
  return answers;
}

const allowOrigin = async (url: string, origin: string) =>
  (await fetch(url, { headers: { origin } })).headers.get('access-control-allow-origin');

describe('CORS', () => {
  it('lets pages on this machine read answers, on any port, and no other page', async () => {
    const url = `${emu.urls.cdn}/AAAAAAAAAAAAAAAAAAAA`;
    const seen = await answersFor(
      [
        'http://localhost:5173',
        'https://app.localhost',
        'http://127.0.0.1:3000',
        'http://[::1]:8080',
        'https://evil.example',
        'null',
      ],
      (origin) => allowOrigin(url, origin),
    );
    expect(seen).toEqual({
      'http://localhost:5173': 'http://localhost:5173',
      'https://app.localhost': 'https://app.localhost',
      'http://127.0.0.1:3000': 'http://127.0.0.1:3000',
      'http://[::1]:8080': 'http://[::1]:8080',
      'https://evil.example': null,
      null: null,
    });
  });

  it('answers the preflight of an allowed page, and refuses that of another page', async () => {
    const preflight = (origin: string) =>
      fetch(`${emu.urls.upload}/multipart/start`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const local = await preflight('http://localhost:5173');
    expect(local.status).toBe(204);
    expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const foreign = await preflight('https://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('opens to the origins of the cors option, or to every page with *', async () => {
    const url = (e: typeof emu) => `${e.urls.cdn}/AAAAAAAAAAAAAAAAAAAA`;
    expect(await allowOrigin(url(listed), 'https://app.example.com')).toBe(
      'https://app.example.com',
    );
    expect(await allowOrigin(url(listed), 'https://other.example.com')).toBeNull();
    const open = await startEmulator({ cors: '*' });
    try {
      expect(await allowOrigin(url(open as typeof emu), 'https://evil.example')).toBe('*');
    } finally {
      await open.close();
    }
  });
});

describe('the Host header', () => {
  it('must be one of the emulator names, so that DNS rebinding cannot reach it', async () => {
    const url = `${emu.urls.cdn}/AAAAAAAAAAAAAAAAAAAA`;
    const statuses = await answersFor(
      [
        'localhost:4000',
        'app.localhost',
        '127.0.0.1:4000',
        '[::1]:4000',
        '192.168.1.20',
        'evil.example:4000',
        'emulator:4000',
      ],
      (host) => getWithHost(url, host),
    );
    expect(statuses).toEqual({
      'localhost:4000': 404,
      'app.localhost': 404,
      '127.0.0.1:4000': 404,
      '[::1]:4000': 404,
      '192.168.1.20': 404,
      'evil.example:4000': 403,
      'emulator:4000': 403,
    });
  });

  it('may also be a name of the allowedHosts option', async () => {
    const url = `${listed.urls.cdn}/AAAAAAAAAAAAAAAAAAAA`;
    const hosts = ['emulator:4000', 'dev.test', 'files.dev.test', 'evil.example'];
    expect(await answersFor(hosts, (host) => getWithHost(url, host))).toEqual({
      'emulator:4000': 404,
      'dev.test': 404,
      'files.dev.test': 404,
      'evil.example': 403,
    });
  });
});

describe('a state-changing request from another page', () => {
  it('is refused whatever its content type: a text/plain POST to /process stores nothing', async () => {
    const body = JSON.stringify({ apikey: emu.apikey, sources: [`${source.url}/a.txt`] });
    const post = (headers: Record<string, string>) =>
      fetch(`${emu.urls.process}/process`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', ...headers },
        body,
      });
    const foreign = await post({ origin: 'https://evil.example' });
    const crossSite = await post({ 'sec-fetch-site': 'cross-site' });
    expect([foreign.status, crossSite.status]).toEqual([403, 403]);
    expect(source.requests).toEqual([]);
    // The same request from a page on this machine, or from a client outside a browser, runs.
    expect((await post({ origin: 'http://localhost:5173' })).status).toBe(200);
    expect((await post({})).status).toBe(200);
  });

  it('is refused for PUT and DELETE too, and the file stays', async () => {
    const { body } = await uploadRegular(emu, Buffer.from('kept'));
    const url = `${emu.urls.api}/file/${body.handle}`;
    const evil = { origin: 'https://evil.example' };
    const put = await fetch(url, { method: 'PUT', headers: evil, body: 'changed' });
    const removed = await fetch(url, { method: 'DELETE', headers: evil });
    expect([put.status, removed.status]).toEqual([403, 403]);
    expect((await download(body.url as string)).toString()).toBe('kept');
  });

  it('runs from a page of the cors option', async () => {
    const started = await fetch(`${listed.urls.upload}/multipart/start`, {
      method: 'POST',
      headers: { origin: 'https://app.example.com', 'content-type': 'text/plain' },
      body: JSON.stringify({ apikey: listed.apikey, filename: 'a.txt', size: 5 }),
    });
    expect(started.status).toBe(200);
  });

  it('leaves form bodies without an Origin, as the PHP and Java SDKs send them, alone', async () => {
    const form = new FormData();
    form.append('apikey', emu.apikey);
    form.append('filename', 'a.txt');
    form.append('size', '5');
    form.append('store_location', 's3');
    const started = await fetch(`${emu.urls.upload}/multipart/start`, {
      method: 'POST',
      body: form,
    });
    expect(started.status).toBe(200);
    expect((await startUpload(emu, 5)).status).toBe(200);
  });
});

describe('a GET that changes state, from another page', () => {
  // What an <img src> on any web site sends: no Origin, the page in Referer, Sec-Fetch-Site.
  const fromPage = (page: string) => ({
    referer: `${page}/post.html`,
    'sec-fetch-site': 'cross-site',
  });
  const evil = fromPage('https://evil.example');

  it('is refused for a CDN store and for video_convert, wherever the page is named', async () => {
    const { body } = await uploadRegular(emu, Buffer.from('kept'));
    const store = `${emu.urls.cdn}/store=filename:copy.txt/${body.handle}`;
    const convert = `${emu.urls.cdn}/video_convert=preset:webm/${body.handle}`;
    const statuses = await answersFor(
      ['img on a page', 'no referer', 'fetch from a page', 'convert'],
      async (key) => {
        const headers: Record<string, Record<string, string>> = {
          'img on a page': evil,
          'no referer': { 'sec-fetch-site': 'cross-site' },
          'fetch from a page': { origin: 'https://evil.example' },
          convert: evil,
        };
        return (await fetch(key === 'convert' ? convert : store, { headers: headers[key] })).status;
      },
    );
    expect(statuses).toEqual({
      'img on a page': 403,
      'no referer': 403,
      'fetch from a page': 403,
      convert: 403,
    });
  });

  it('runs from a page on this machine, a page of the cors option, or outside a browser', async () => {
    const { body } = await uploadRegular(emu, Buffer.from('kept'));
    const store = (e: typeof emu) => `${e.urls.cdn}/store=filename:copy.txt/${body.handle}`;
    const stored = async (e: typeof emu, headers: Record<string, string>) => {
      const answer = await fetch(store(e), { headers });
      return answer.status === 200
        ? ((await answer.json()) as { size: number }).size
        : answer.status;
    };
    expect(await stored(emu, fromPage('http://localhost:5173'))).toBe(4);
    expect(await stored(emu, {})).toBe(4);
    const { body: listedFile } = await uploadRegular(listed, Buffer.from('kept'));
    const listedStore = `${listed.urls.cdn}/store=filename:copy.txt/${listedFile.handle}`;
    const answer = await fetch(listedStore, { headers: fromPage('https://app.example.com') });
    expect(answer.status).toBe(200);
  });

  it('leaves reads alone: a page may still show a stored file in an <img>', async () => {
    const { body } = await uploadRegular(emu, Buffer.from('shown'));
    const answer = await fetch(body.url as string, { headers: evil });
    expect([answer.status, await answer.text()]).toEqual([200, 'shown']);
  });
});

describe('the control routes', () => {
  it('need the secret as a token when the emulator has one', async () => {
    const stats = `${secured.url}/__emulator/stats`;
    const statuses = [
      (await fetch(stats)).status,
      (await fetch(stats, { headers: { authorization: 'Bearer wrong' } })).status,
      (await fetch(`${secured.url}/__emulator/reset`, { method: 'POST' })).status,
      (await fetch(stats, { headers: { authorization: `Bearer ${SECRET}` } })).status,
    ];
    expect(statuses).toEqual([401, 401, 401, 200]);
    const basic = `Basic ${Buffer.from(`app:${SECRET}`).toString('base64')}`;
    expect((await fetch(stats, { headers: { authorization: basic } })).status).toBe(200);
  });

  it('need no token without a secret', async () => {
    expect((await request(`${emu.url}/__emulator/stats`)).status).toBe(200);
  });
});

describe('the options', () => {
  it('are checked: cors takes origins, allowedHosts names without a port', async () => {
    const refused = async (options: object) =>
      startEmulator(options).then(
        async (started) => {
          await started.close();
          return 'started';
        },
        (error: Error) => error.message,
      );
    expect(await refused({ cors: ['https://app.example.com/'] })).toBe(
      'cors: "https://app.example.com/" is not an origin: write https://app.example.com; expected origins such as https://app.example.com',
    );
    expect(await refused({ cors: 'https://app.example.com' })).toMatch(/^cors: expected an array/);
    expect(await refused({ allowedHosts: ['emulator:4000'] })).toMatch(
      /^allowedHosts: got "emulator:4000"; expected host names \(no port\)/,
    );
  });
});
