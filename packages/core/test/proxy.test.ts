import { serveProxy } from '@fs/emulator/testing';
import { sendJson, startServer } from '@fs/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttp, proxyAuthorization, proxyForUrl, ValidationError } from '../src/index.js';

/* Node's requests follow HTTPS_PROXY, HTTP_PROXY and NO_PROXY, as curl and npm read them. */

describe('proxyForUrl(url, env)', () => {
  it('uses HTTPS_PROXY for https URLs, else HTTP_PROXY, the lower-case names first', () => {
    const env = { HTTPS_PROXY: 'http://secure:3128', http_proxy: 'plain:8080' };
    expect(proxyForUrl('https://upload.example.com/a', env)?.href).toBe('http://secure:3128/');
    expect(proxyForUrl('http://upload.example.com/a', env)?.href).toBe('http://plain:8080/');
    expect(proxyForUrl('https://x.example.com', { HTTP_PROXY: 'http://p:1' })?.host).toBe('p:1');
    expect(
      proxyForUrl('https://x.example.com', {
        https_proxy: 'http://low:1',
        HTTPS_PROXY: 'http://up:1',
      })?.hostname,
    ).toBe('low');
    expect(proxyForUrl('https://x.example.com', {})).toBeUndefined();
  });

  it('connects directly to hosts NO_PROXY names: domains with subdomains, ports, IPs, or *', () => {
    const proxied = (url: string, noProxy: string) =>
      proxyForUrl(url, { HTTPS_PROXY: 'http://p:1', HTTP_PROXY: 'http://p:1', NO_PROXY: noProxy });
    expect(proxied('https://cdn.example.com', 'example.com')).toBeUndefined();
    expect(proxied('https://cdn.example.com', '.example.com')).toBeUndefined();
    expect(proxied('https://cdn.example.com', '*.example.com')).toBeUndefined();
    expect(proxied('https://notexample.com', 'example.com')).toBeDefined();
    expect(proxied('http://127.0.0.1:4000/x', '127.0.0.1')).toBeUndefined();
    expect(proxied('http://127.0.0.1:4000/x', '127.0.0.1:5000')).toBeDefined();
    expect(proxied('http://[::1]:4000/x', '[::1]:4000')).toBeUndefined();
    expect(proxied('https://anything.example', 'a.com, *')).toBeUndefined();
  });

  it('refuses a proxy that is not an http(s) URL without showing its value', () => {
    let error: unknown;
    try {
      proxyForUrl('https://x.example.com', { HTTPS_PROXY: 'socks5://user:hunter2@p:1' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).option).toBe('HTTPS_PROXY');
    expect(JSON.stringify(error)).not.toContain('hunter2');
    expect(String((error as Error).message)).not.toContain('hunter2');
  });

  it('turns user:password in the proxy URL into Basic Proxy-Authorization', () => {
    expect(proxyAuthorization(new URL('http://us%40er:p%3Ass@p:1'))).toBe(
      `Basic ${Buffer.from('us@er:p:ss').toString('base64')}`,
    );
    expect(proxyAuthorization(new URL('http://p:1'))).toBeUndefined();
  });
});

describe('createHttp without a fetch, in Node', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of ['HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('sends API calls through the proxy HTTP_PROXY names, with its credentials', async () => {
    const api = await startServer((_request, response) => sendJson(response, 200, { ok: true }));
    const proxy = await serveProxy({ authorization: proxyAuthorization(new URL('http://u:pw@x')) });
    try {
      delete process.env.NO_PROXY;
      delete process.env.no_proxy;
      delete process.env.http_proxy;
      process.env.HTTP_PROXY = proxy.url.replace('http://', 'http://u:pw@');
      const answer = await createHttp({ retry: 0 }).request({ url: `${api.url}/multipart/start` });
      expect(answer.body).toEqual({ ok: true });
      expect(proxy.requests).toHaveLength(1);
      expect(api.requests).toHaveLength(1);
      expect(proxy.requests[0]!.target).toContain(new URL(api.url).host);
    } finally {
      await proxy.close();
      await api.close();
    }
  });

  it('goes direct to a host NO_PROXY names, and without any proxy variable', async () => {
    const api = await startServer((_request, response) => sendJson(response, 200, { ok: true }));
    const proxy = await serveProxy();
    try {
      delete process.env.http_proxy;
      delete process.env.no_proxy;
      process.env.HTTP_PROXY = proxy.url;
      process.env.NO_PROXY = '127.0.0.1';
      await createHttp({ retry: 0 }).request({ url: api.url });
      delete process.env.HTTP_PROXY;
      delete process.env.NO_PROXY;
      await createHttp({ retry: 0 }).request({ url: api.url });
      expect(api.requests).toHaveLength(2);
      expect(proxy.requests).toEqual([]);
    } finally {
      await proxy.close();
      await api.close();
    }
  });
});
