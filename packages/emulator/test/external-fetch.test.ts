import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import { type Origin, serveOrigin, useEmulator } from '../src/testing/index.js';
import {
  download,
  hooks,
  inAnHour,
  postJson,
  request,
  signedPolicy,
  testBytes,
  uploadRegular,
} from './helpers.js';

const SECRET = 'external-fetch-secret';
const limited = useEmulator({ hooks, externalFetch: { timeout: 300, maxSize: 1000 } });
const secured = useEmulator({ hooks, secret: SECRET });

let inside: Origin;
let outside: Origin;
let stalling: Server;
let stallingUrl: string;

beforeAll(async () => {
  outside = await serveOrigin({
    '/private/secret.txt': { body: 'outside secret', type: 'text/plain' },
  });
  inside = await serveOrigin({
    '/public/a.txt': { body: 'public bytes', type: 'text/plain' },
    '/private/secret.txt': { body: 'private bytes', type: 'text/plain' },
    '/public/to-private': { status: 302, headers: { location: '/private/secret.txt' } },
    '/public/to-outside': {
      status: 302,
      headers: { location: `${outside.url}/private/secret.txt` },
    },
    '/big': { body: testBytes(5000), type: 'application/octet-stream' },
    '/never': () => new Promise(() => {}),
  });
  // Answers its headers and half a body, then stalls; or streams 5000 bytes without a length.
  stalling = createServer((req, res) => {
    if (req.url === '/chunked') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      for (let i = 0; i < 5; i++) res.write(testBytes(1000, i + 1));
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100' });
    res.write('x'.repeat(50));
  });
  await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
  stallingUrl = `http://127.0.0.1:${(stalling.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all([inside.close(), outside.close()]);
  stalling.closeAllConnections();
  await new Promise((resolve) => stalling.close(resolve));
});

const storeUrl = (emu: typeof limited, sources: unknown[], security?: object) =>
  postJson(`${emu.urls.process}/process`, {
    apikey: emu.apikey,
    sources,
    tasks: [{ name: 'store' }, ...(security ? [{ name: 'security', params: security }] : [])],
  });

describe('fetching an external URL', () => {
  it('gives up on a source that does not answer within externalFetch.timeout', async () => {
    const started = Date.now();
    const answer = await storeUrl(limited, [`${inside.url}/never`]);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/no answer for 300 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
  }, 10_000);

  it('gives up on a CDN URL source whose body stalls halfway', async () => {
    const answer = await request<string>(
      `${limited.urls.cdn}/${limited.apikey}/resize=width:10/${stallingUrl}/half`,
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(/no answer for 300 ms/);
  }, 10_000);

  it('refuses a source larger than externalFetch.maxSize, announced or not', async () => {
    const announced = await storeUrl(limited, [`${inside.url}/big`]);
    expect(announced.status).toBe(400);
    expect(announced.body.error).toMatch(/larger than 1000 bytes/);
    const streamed = await storeUrl(limited, [`${stallingUrl}/chunked`]);
    expect(streamed.status).toBe(400);
    expect(streamed.body.error).toMatch(/larger than 1000 bytes/);
  });

  it('refuses an overwrite by URL larger than externalFetch.maxSize and keeps the old bytes', async () => {
    const { body } = await uploadRegular(limited, Buffer.from('old bytes'));
    const answer = await request<string>(`${limited.urls.api}/file/${body.handle}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `url=${encodeURIComponent(`${inside.url}/big`)}`,
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(/larger than 1000 bytes/);
    expect((await download(body.url as string)).toString()).toBe('old bytes');
  });

  it("sends a source's own headers to its origin only, and none of the caller's", async () => {
    const answer = await postJson(
      `${secured.urls.process}/process`,
      {
        apikey: secured.apikey,
        sources: [
          { source: `${inside.url}/public/to-outside`, headers: { 'X-Api-Key': 'source-key' } },
        ],
        tasks: [{ name: 'store' }, { name: 'security', params: all() }],
      },
      { authorization: 'Bearer caller-token', cookie: 'session=caller' },
    );
    expect(answer.status).toBe(200);
    const [first] = inside.requests.filter((r) => r.path === '/public/to-outside');
    expect(first!.headers['x-api-key']).toBe('source-key');
    const [redirected] = outside.requests;
    expect(redirected!.path).toBe('/private/secret.txt');
    expect(redirected!.headers['x-api-key']).toBeUndefined();
    for (const seen of [first!, redirected!]) {
      expect(seen.headers.authorization).toBeUndefined();
      expect(seen.headers.cookie).toBeUndefined();
    }
  });
});

const all = () => signedPolicy(SECRET, { expiry: inAnHour() });

describe("a policy's url", () => {
  const publicOnly = () =>
    signedPolicy(SECRET, {
      expiry: inAnHour(),
      call: ['store', 'read', 'writeUrl'],
      url: `${inside.url.replace(/\./g, '\\.')}/public/`,
    });

  it('allows the URLs it names', async () => {
    const answer = await storeUrl(secured, [`${inside.url}/public/a.txt`], publicOnly());
    expect(answer.status).toBe(200);
  });

  it('holds against dot segments and %2e%2e: the URL is matched as it will be fetched', async () => {
    const statuses: Record<string, number> = {};
    for (const path of ['/public/../private/secret.txt', '/public/%2e%2e/private/secret.txt']) {
      const answer = await storeUrl(secured, [`${inside.url}${path}`], publicOnly());
      statuses[path] = answer.status;
      if (answer.status === 403) expect(answer.body.error).toBe('policy does not allow this url');
    }
    expect(statuses).toEqual({
      '/public/../private/secret.txt': 403,
      '/public/%2e%2e/private/secret.txt': 403,
    });
    expect(inside.requests.filter((r) => r.path.startsWith('/private'))).toEqual([]);
  });

  it('holds for every redirect, in /process, on the CDN and in an overwrite', async () => {
    const redirect = `${inside.url}/public/to-private`;
    const s = publicOnly();
    const query = `policy=${encodeURIComponent(s.policy)}&signature=${s.signature}`;
    const { body } = await uploadRegular(secured, Buffer.from('kept'), { security: all() });
    const process = await storeUrl(secured, [redirect], s);
    const cdn = await request<string>(`${secured.urls.cdn}/${secured.apikey}/${redirect}?${query}`);
    const overwrite = await request<string>(`${secured.urls.api}/file/${body.handle}?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `url=${encodeURIComponent(redirect)}`,
    });
    expect({ process: process.status, cdn: cdn.status, overwrite: overwrite.status }).toEqual({
      process: 403,
      cdn: 403,
      overwrite: 403,
    });
    expect(process.body.error).toBe('policy does not allow this url');
    expect(inside.requests.filter((r) => r.path.startsWith('/private'))).toEqual([]);
  });
});

describe('externalFetch', () => {
  it('is checked when the emulator starts', async () => {
    const messages = [];
    for (const externalFetch of [{ timeout: 0 }, { maxSize: 1.5 }, { maxRedirects: -1 }]) {
      messages.push(
        await startEmulator({ externalFetch }).then(
          (started) => started.close().then(() => 'started'),
          (error: Error) => error.message,
        ),
      );
    }
    expect(messages).toEqual([
      'externalFetch.timeout: got 0; expected milliseconds > 0',
      'externalFetch.maxSize: got 1.5; expected bytes >= 1',
      'externalFetch.maxRedirects: got -1; expected an integer >= 0',
    ]);
  });
});
