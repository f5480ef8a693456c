import { openAsBlob } from 'node:fs';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AbortError, HttpError, NetworkError, TimeoutError } from '@fs/core';
import { JSDOM, VirtualConsole } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTransport } from '../src/transport.browser.js';
import { createFetchTransport, fetchTransport } from '../src/transport.fetch.js';
import { bodySize, ClockSkewError, type PartTransport } from '../src/transport.js';
import { nodeTransport } from '../src/transport.node.js';

// A stand-in for a presigned storage URL: it records what arrives byte for byte. The service
// itself (the upload API) is tested against @fs/emulator; this checks the transports' wire
// behaviour, which the emulator does not report.
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  length: number;
}
let server: Server;
let base: string;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    // CORS as a storage bucket configured for browser uploads answers it.
    res.setHeader('access-control-allow-origin', '*');
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'PUT');
      res.setHeader('access-control-allow-headers', '*');
      res.end();
      return;
    }
    if (!req.url?.startsWith('/hidden-etag')) {
      res.setHeader('access-control-expose-headers', 'ETag, Retry-After');
    }
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '/', headers: req.headers, length });
      const path = req.url ?? '/';
      if (path.startsWith('/skew')) {
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end('<Error><Code>RequestTimeTooSkewed</Code><Message>skewed</Message></Error>');
      } else if (path.startsWith('/busy')) {
        res.writeHead(503, { 'retry-after': '2' });
        res.end('slow down');
      } else if (path.startsWith('/no-etag') || path.startsWith('/hidden-etag')) {
        if (path.startsWith('/hidden-etag')) res.setHeader('etag', '"hidden"');
        res.writeHead(200);
        res.end();
      } else if (path.startsWith('/stall')) {
        // never answers
      } else {
        res.writeHead(200, { etag: '"abc"' });
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

/** The last request that arrived at `path` (each test uses a path of its own). */
function arrived(path: string): Received {
  const found = received.findLast((r) => r.path === path);
  if (!found) throw new Error(`nothing arrived at ${path}`);
  return found;
}

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

// XMLHttpRequest as jsdom implements it over real HTTP, CORS rules included (no byte-level
// upload progress there, so that part is only checked for Node).
const virtualConsole = new VirtualConsole(); // keeps jsdom's own network error logs quiet
const { window } = new JSDOM('', { url: 'http://localhost/', virtualConsole });
const withXhr: PartTransport = async (request) => {
  globalThis.XMLHttpRequest = window.XMLHttpRequest as unknown as typeof XMLHttpRequest;
  try {
    return await browserTransport(request);
  } finally {
    delete (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest;
  }
};

// Each with the Blob its runtime has: jsdom's XMLHttpRequest sends only jsdom's Blobs.
const transports: Array<[string, PartTransport, typeof Blob]> = [
  ['node:http', nodeTransport, Blob],
  ['fetch', fetchTransport, Blob],
  ['XMLHttpRequest', withXhr, window.Blob as unknown as typeof Blob],
];

function request(
  path: string,
  body: Uint8Array | Blob,
  extra: Partial<Parameters<PartTransport>[0]> = {},
) {
  const sent: number[] = [];
  return {
    sent,
    request: {
      url: `${base}${path}`,
      headers: { 'Content-MD5': 'XrY7u+Ae7tCTyyK7j1rNww==', 'x-amz-date': '20240112T090547Z' },
      body,
      signal: new AbortController().signal,
      idleTimeout: 5_000,
      onProgress: (n: number) => sent.push(n),
      ...extra,
    },
  };
}

describe.each(transports)('%s transport', (_name, transport, RealmBlob) => {
  it('sends exactly the given headers with Content-Length, never chunked, and returns the ETag', async () => {
    const body = new Uint8Array(3 * 1024 * 1024 + 5);
    const { request: req, sent } = request('/ok?headers', body);
    await expect(transport(req)).resolves.toEqual({ status: 200, etag: '"abc"' });
    const got = arrived('/ok?headers');
    expect(got.length).toBe(body.length);
    expect(got.headers['content-length']).toBe(String(body.length));
    expect(got.headers['transfer-encoding']).toBeUndefined();
    expect(got.headers['content-md5']).toBe('XrY7u+Ae7tCTyyK7j1rNww==');
    expect(Object.keys(got.headers).filter((h) => h.startsWith('filestack'))).toEqual([]);
    expect(sent.at(-1)).toBe(body.length);
  });

  it('sends a Blob body (a slice of a File in browsers) with its exact length', async () => {
    const body = new RealmBlob([new Uint8Array(1024 * 1024 + 3)]).slice(3);
    const { request: req, sent } = request('/ok?blob', body);
    await expect(transport(req)).resolves.toEqual({ status: 200, etag: '"abc"' });
    const got = arrived('/ok?blob');
    expect(got.length).toBe(1024 * 1024);
    expect(got.headers['content-length']).toBe(String(1024 * 1024));
    expect(sent.at(-1)).toBe(1024 * 1024);
  });

  it('maps a 403 RequestTimeTooSkewed to a retryable ClockSkewError', async () => {
    const error = await transport(request('/skew', new Uint8Array(10)).request).catch((e) => e);
    expect(error).toBeInstanceOf(ClockSkewError);
    expect(error.retryable).toBe(true);
  });

  it('rejects other statuses with an HttpError carrying status, body and Retry-After', async () => {
    const error = await transport(request('/busy', new Uint8Array(10)).request).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 503, body: 'slow down', method: 'PUT' });
    expect(error.headers.get('retry-after')).toBe('2');
  });

  it('returns an undefined ETag when storage sends none', async () => {
    const answer = await transport(request('/no-etag', new Uint8Array(1)).request);
    expect(answer.etag).toBeUndefined();
  });

  it('rejects with AbortError when the signal fires mid-request', async () => {
    const controller = new AbortController();
    const pending = transport(
      request('/stall', new Uint8Array(10), { signal: controller.signal }).request,
    );
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });

  it('rejects at once with AbortError when the signal has already fired', async () => {
    const pending = transport(
      request('/ok?aborted-before', new Uint8Array(10), { signal: AbortSignal.abort() }).request,
    );
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // By path: a request of an earlier test may still arrive on a busy machine.
    expect(received.filter((r) => r.path === '/ok?aborted-before')).toEqual([]);
  });

  it('gives up with a TimeoutError when nothing moves', async () => {
    const pending = transport(request('/stall', new Uint8Array(10), { idleTimeout: 100 }).request);
    await expect(pending).rejects.toBeInstanceOf(TimeoutError);
  });

  it('rejects with a NetworkError when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const req = { ...request('/', new Uint8Array(10)).request, url: `http://127.0.0.1:${port}/` };
    await expect(transport(req)).rejects.toBeInstanceOf(NetworkError);
  });
});

describe('node:http transport', () => {
  it.each([
    ['bytes', new Uint8Array(5 * 1024 * 1024)],
    ['a Blob', new Blob([new Uint8Array(5 * 1024 * 1024)])],
  ])('reports progress of %s at least every 256 KiB', async (_, body) => {
    const { request: req, sent } = request('/ok', body);
    await nodeTransport(req);
    const steps = sent.map((n, i) => n - (sent[i - 1] ?? 0));
    expect(Math.max(...steps)).toBeLessThanOrEqual(256 * 1024);
    expect(sent.at(-1)).toBe(bodySize(body));
  });

  it('streams a Blob body (a slice of a file) without ever holding it whole', async () => {
    const blob = new Blob([new Uint8Array(3 * 1024 * 1024 + 1)]);
    const whole = () => {
      throw new Error('the whole Blob was read');
    };
    Object.assign(blob, { arrayBuffer: whole, bytes: whole, text: whole });
    await expect(nodeTransport(request('/ok?streamed', blob).request)).resolves.toMatchObject({
      status: 200,
    });
    expect(arrived('/ok?streamed').length).toBe(blob.size);
  });

  it('fails with INPUT, not a retryable network error, when the file behind a Blob changed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fs-transport-'));
    try {
      const path = join(dir, 'a.bin');
      await writeFile(path, new Uint8Array(1024 * 1024));
      const blob = await openAsBlob(path);
      await appendFile(path, 'more');
      const error = await nodeTransport(request('/ok?changed', blob).request).catch((e) => e);
      expect(error).toMatchObject({ code: 'INPUT', retryable: false });
      expect(error.message).toMatch(/changed or removed/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('XMLHttpRequest transport', () => {
  it('cannot read an ETag that storage does not expose through CORS', async () => {
    const answer = await withXhr(request('/hidden-etag', new Uint8Array(1)).request);
    expect(answer).toEqual({ status: 200, etag: undefined });
  });

  it('falls back to fetch where XMLHttpRequest does not exist', async () => {
    expect(typeof globalThis.XMLHttpRequest).toBe('undefined');
    received.length = 0;
    const { request: req, sent } = request('/ok', new Uint8Array(10));
    await expect(browserTransport(req)).resolves.toMatchObject({ etag: '"abc"' });
    expect(sent).toEqual([10]);
  });
});

describe('createFetchTransport', () => {
  it('sends part bytes through the given fetch', async () => {
    const calls: string[] = [];
    const transport = createFetchTransport(async (input, init) => {
      calls.push(String(input));
      return fetch(input, init);
    });
    await transport(request('/ok', new Uint8Array(3)).request);
    expect(calls).toEqual([`${base}/ok`]);
  });
});
