import { serveProxy } from '@fs/emulator/testing';
import { randomBytes, startServer } from '@fs/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeTransport } from '../src/transport.node.js';

/* Part PUTs in Node follow HTTPS_PROXY, HTTP_PROXY and NO_PROXY, as the API calls do. */

const NAMES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];
const saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));

afterEach(() => {
  for (const name of NAMES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

function useProxy(proxyUrl: string, noProxy?: string) {
  for (const name of NAMES) delete process.env[name];
  process.env.HTTP_PROXY = proxyUrl;
  if (noProxy) process.env.NO_PROXY = noProxy;
}

/** A stand-in storage that answers every PUT with an ETag. */
function storage() {
  return startServer((_request, response) => {
    response.writeHead(200, { etag: '"stored"' });
    response.end();
  });
}

const put = (url: string, body: Uint8Array) =>
  nodeTransport({
    url,
    headers: { 'content-type': 'application/octet-stream' },
    body,
    signal: new AbortController().signal,
    idleTimeout: 30_000,
    onProgress: () => {},
  });

describe('part PUTs in Node and a proxy', () => {
  it('go through a CONNECT tunnel of the proxy HTTP_PROXY names, with its credentials', async () => {
    const [proxy, target] = await Promise.all([
      serveProxy({ authorization: `Basic ${btoa('u:pw')}` }),
      storage(),
    ]);
    try {
      useProxy(proxy.url.replace('http://', 'http://u:pw@'));
      const body = randomBytes(300_000);
      await expect(put(`${target.url}/part-1?signed`, body)).resolves.toEqual({
        status: 200,
        etag: '"stored"',
      });
      expect(proxy.requests.map((r) => `${r.kind} ${r.target}`)).toEqual([
        `connect ${new URL(target.url).host}`,
      ]);
      expect(target.requests).toHaveLength(1);
      expect(target.requests[0]).toMatchObject({ method: 'PUT', url: '/part-1?signed' });
      expect(target.requests[0]!.headers['content-length']).toBe('300000');
    } finally {
      await Promise.all([proxy.close(), target.close()]);
    }
  });

  it('go direct to a host NO_PROXY names', async () => {
    const [proxy, target] = await Promise.all([serveProxy(), storage()]);
    try {
      useProxy(proxy.url, new URL(target.url).hostname);
      await put(`${target.url}/part-1`, randomBytes(1000));
      expect(target.requests).toHaveLength(1);
      expect(proxy.requests).toEqual([]);
    } finally {
      await Promise.all([proxy.close(), target.close()]);
    }
  });

  it('fail with the HTTP error of a proxy that refuses the tunnel (407 without credentials)', async () => {
    const [proxy, target] = await Promise.all([
      serveProxy({ authorization: `Basic ${btoa('u:pw')}` }),
      storage(),
    ]);
    try {
      useProxy(proxy.url);
      const error = await put(`${target.url}/part-1`, randomBytes(1000)).catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 407 });
      expect(target.requests).toEqual([]);
    } finally {
      await Promise.all([proxy.close(), target.close()]);
    }
  });
});
