import { readFileSync } from 'node:fs';
import { freePort, rejection, sendJson, startServer, type TestServer } from '@fs/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  createHttp,
  type FetchLike,
  HttpError,
  NetworkError,
  type RetryEvent,
  TimeoutError,
  VERSION,
} from '../src/index.js';

const { version } = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as { version: string };

/** Fast, exact retries so real-server tests take milliseconds. */
const quick = { attempts: 3, baseDelay: 5, maxDelay: 50, jitter: 0 };

const SIGNATURE = 'a1'.repeat(32);
const POLICY = 'eyJleHBpcnkiOjE3MDAwMDAwMDB9';
const API_KEY = 'AhTgLagciQByzXpFGRI0Az';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function filestackHeaderNames(headers: Record<string, unknown>): string[] {
  return Object.keys(headers).filter((name) => name.startsWith('filestack-'));
}

describe('Filestack headers', () => {
  it('sends Filestack-Source and trace headers when the call asks for them', async () => {
    server = await startServer((_, res) => sendJson(res, 200, { ok: true }));
    const http = createHttp();
    await http.request({
      url: `${server.url}/multipart/start`,
      json: {},
      filestackHeaders: true,
    });
    const { headers } = server.requests[0]!;
    expect(VERSION).toBe(version);
    expect(headers['filestack-source']).toBe(`TS-${version}`);
    expect(headers['filestack-trace-id']).toMatch(/^\d{10}-[A-Za-z0-9]{10}$/);
    expect(headers['filestack-trace-span']).toMatch(/^tssdk-[A-Za-z0-9]{10}$/);
    const traceSeconds = Number(String(headers['filestack-trace-id']).split('-')[0]);
    expect(Math.abs(traceSeconds - Date.now() / 1000)).toBeLessThan(60);
  });

  it('sends a new trace span with every request', async () => {
    server = await startServer((_, res) => sendJson(res, 200, {}));
    const http = createHttp();
    await http.request({ url: server.url, filestackHeaders: true });
    await http.request({ url: server.url, filestackHeaders: true });
    const [a, b] = server.requests;
    expect(a!.headers['filestack-trace-span']).not.toBe(b!.headers['filestack-trace-span']);
  });

  it('never sends them otherwise: presigned storage URLs get exactly the given headers', async () => {
    server = await startServer((_, res) => {
      res.writeHead(200, { etag: '"abc"' });
      res.end();
    });
    const http = createHttp();
    await http.request({
      url: `${server.url}/bucket/key?X-Amz-Signature=x`,
      method: 'PUT',
      body: new Uint8Array([1, 2, 3]),
      headers: { 'Content-MD5': 'AQID' },
      responseType: 'response',
    });
    await http.request({ url: `${server.url}/api/file/x/metadata`, filestackHeaders: false });
    for (const request of server.requests) {
      expect(filestackHeaderNames(request.headers)).toEqual([]);
    }
    expect(server.requests[0]!.headers['content-md5']).toBe('AQID');
    expect(server.requests[0]!.body).toBe('\u0001\u0002\u0003');
  });

  it('lets a call replace a Filestack header with its own value', async () => {
    server = await startServer((_, res) => sendJson(res, 200, {}));
    await createHttp().request({
      url: server.url,
      filestackHeaders: true,
      headers: { 'Filestack-Source': 'TS-custom' },
    });
    expect(server.requests[0]!.headers['filestack-source']).toBe('TS-custom');
  });
});

describe('requests and answers', () => {
  it('sends JSON as POST and reads JSON back', async () => {
    server = await startServer((req, res) => sendJson(res, 200, { echo: JSON.parse(req.body) }));
    const response = await createHttp().request<{ echo: unknown }>({
      url: `${server.url}/process`,
      json: { a: 1 },
      searchParams: { key: 'k', skip: undefined, n: 2, flag: true },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ echo: { a: 1 } });
    const request = server.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/process?key=k&n=2&flag=true');
    expect(request.headers['content-type']).toBe('application/json');
  });

  it('reads text, bytes, an empty answer and the raw response', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/empty') res.writeHead(204).end();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
    });
    const http = createHttp();
    expect((await http.request({ url: server.url, responseType: 'text' })).body).toBe('hello');
    expect((await http.request({ url: server.url, responseType: 'bytes' })).body).toEqual(
      new TextEncoder().encode('hello'),
    );
    expect((await http.request({ url: `${server.url}/empty` })).body).toBeUndefined();
    const raw = await http.request<Response>({ url: server.url, responseType: 'response' });
    expect(await raw.body.text()).toBe('hello');
  });

  it('goes through an injected fetch', async () => {
    server = await startServer((_, res) => sendJson(res, 200, {}));
    const seen: string[] = [];
    const fetchVia: FetchLike = (input, init) => {
      seen.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    await createHttp({ fetch: fetchVia }).request({ url: `${server.url}/x` });
    expect(seen).toEqual([`${server.url}/x`]);
    expect(server.requests).toHaveLength(1);
  });
});

describe('retries over HTTP', () => {
  it('retries a GET after 503 and reports the retry', async () => {
    server = await startServer((_, res, i) => sendJson(res, i === 0 ? 503 : 200, { i }));
    const events: RetryEvent[] = [];
    const http = createHttp({ retry: quick, onRetry: (e) => events.push(e) });
    const response = await http.request({ url: server.url });
    expect(response.body).toEqual({ i: 1 });
    expect(server.requests).toHaveLength(2);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ attempt: 1, delay: 5 });
    expect(events[0]!.error).toBeInstanceOf(HttpError);
  });

  it('does not retry a POST unless the call is marked idempotent', async () => {
    server = await startServer((_, res) => sendJson(res, 503, { error: 'busy' }));
    const http = createHttp({ retry: quick });
    await rejection(http.request({ url: server.url, json: {} }), HttpError);
    expect(server.requests).toHaveLength(1);

    server.requests.length = 0;
    await rejection(http.request({ url: server.url, json: {}, idempotent: true }), HttpError);
    expect(server.requests).toHaveLength(3);
  });

  it('gives up on a 4xx at once', async () => {
    server = await startServer((_, res) => sendJson(res, 400, { error: 'bad' }));
    await rejection(createHttp({ retry: quick }).request({ url: server.url }), HttpError, {
      status: 400,
      retryable: false,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('waits for Retry-After, capped by maxDelay', async () => {
    server = await startServer((_, res, i) =>
      i === 0 ? sendJson(res, 429, {}, { 'retry-after': '3600' }) : sendJson(res, 200, {}),
    );
    const events: RetryEvent[] = [];
    const http = createHttp({ retry: { ...quick, maxDelay: 40 }, onRetry: (e) => events.push(e) });
    await http.request({ url: server.url });
    expect(events.map((e) => e.delay)).toEqual([40]);
  });

  it('takes a number of retries as the retry option', async () => {
    server = await startServer((_, res) => sendJson(res, 500, {}));
    await rejection(createHttp({ retry: 1 }).request({ url: server.url }), HttpError);
    expect(server.requests).toHaveLength(2);
  });

  it('rejects at once when aborted during the backoff', async () => {
    server = await startServer((_, res) => sendJson(res, 503, {}));
    const controller = new AbortController();
    const http = createHttp({
      retry: { ...quick, baseDelay: 60_000, maxDelay: 60_000 },
      onRetry: () => controller.abort(),
    });
    const started = Date.now();
    await rejection(http.request({ url: server.url, signal: controller.signal }), AbortError);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(server.requests).toHaveLength(1);
  });
});

describe('failures map to typed errors', () => {
  it('turns a timeout into a TimeoutError', async () => {
    server = await startServer(() => {
      /* never answers */
    });
    const error = await rejection(
      createHttp({ timeout: 50, retry: 0 }).request({ url: `${server.url}/slow?policy=${POLICY}` }),
      TimeoutError,
      { code: 'TIMEOUT', retryable: true },
    );
    expect((error as Error).message).toContain('GET');
    expect((error as Error).message).not.toContain(POLICY);
  });

  it('retries a timeout, and a per-request timeout wins over the client one', async () => {
    server = await startServer((_, res, i) => {
      if (i > 0) sendJson(res, 200, { i });
    });
    const http = createHttp({ timeout: 10_000, retry: quick });
    const response = await http.request({ url: server.url, timeout: 300 });
    expect(response.body).toEqual({ i: 1 });
  });

  it('turns a refused connection into a NetworkError without the secrets of the URL', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/x?signature=${SIGNATURE}`;
    const error = await rejection(createHttp({ retry: 0 }).request({ url }), NetworkError, {
      code: 'NETWORK',
      retryable: true,
    });
    expect((error as Error).message).toContain(`127.0.0.1:${port}/x?signature=[redacted]`);
    expect((error as Error).message).not.toContain(SIGNATURE);
  });

  it('turns an abort into an AbortError and sends nothing more', async () => {
    server = await startServer(() => {
      /* never answers */
    });
    const controller = new AbortController();
    const promise = createHttp({ retry: quick }).request({
      url: server.url,
      signal: controller.signal,
    });
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await rejection(promise, AbortError, { code: 'ABORTED', retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it('turns an abort with a custom reason into an AbortError carrying that reason', async () => {
    server = await startServer(() => {
      /* never answers */
    });
    const controller = new AbortController();
    const reason = new Error('user left the page');
    const promise = createHttp({ retry: quick }).request({
      url: server.url,
      signal: controller.signal,
    });
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort(reason);
    const error = await rejection(promise, AbortError);
    expect((error as AbortError).cause).toBe(reason);
    expect(server.requests).toHaveLength(1);
  });

  it('rejects without a request when the signal has already fired', async () => {
    server = await startServer((_, res) => sendJson(res, 200, {}));
    await rejection(
      createHttp().request({ url: server.url, signal: AbortSignal.abort() }),
      AbortError,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('does not even call fetch when the signal has already fired', async () => {
    // A page that counts the requests it starts (or a fetch that logs) must not see one.
    const calls: string[] = [];
    const recording: FetchLike = (input, init) => {
      calls.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    server = await startServer((_, res) => sendJson(res, 200, {}));
    await rejection(
      createHttp({ fetch: recording }).request({ url: server.url, signal: AbortSignal.abort() }),
      AbortError,
    );
    expect(calls).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });
});

describe('HttpError', () => {
  async function failedCall(): Promise<HttpError> {
    server = await startServer((_, res) =>
      sendJson(
        res,
        403,
        { error: `signature ${SIGNATURE} does not match` },
        { 'x-request-id': 'r1' },
      ),
    );
    const url = `${server.url}/api/file/h?key=${API_KEY}&policy=${POLICY}&signature=${SIGNATURE}&x=1`;
    return rejection(createHttp({ retry: quick }).request({ url }), HttpError);
  }

  it('carries status, method, parsed body and retryable', async () => {
    const error = await failedCall();
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ name: 'HttpError', code: 'HTTP', status: 403, method: 'GET' });
    expect(error.retryable).toBe(false);
    expect(error.body).toEqual({ error: 'signature [redacted] does not match' });
    expect(error.headers?.get('x-request-id')).toBe('r1');
  });

  it('redacts policy, signature and key in url, message and JSON', async () => {
    const error = await failedCall();
    expect(error.url).toBe(
      `${server!.url}/api/file/h?key=[redacted]&policy=[redacted]&signature=[redacted]&x=1`,
    );
    expect(error.message).toContain('GET');
    expect(error.message).toContain('HTTP 403');
    const serialised = JSON.stringify(error);
    expect(JSON.parse(serialised)).toMatchObject({ status: 403, url: error.url });
    for (const secret of [SIGNATURE, POLICY, API_KEY]) {
      expect(error.url).not.toContain(secret);
      expect(error.message).not.toContain(secret);
      expect(serialised).not.toContain(secret);
      expect(String(error.stack)).not.toContain(secret);
    }
    expect(Object.keys(error)).not.toContain('headers');
  });

  it('is retryable for the statuses of the policy', async () => {
    server = await startServer((_, res) => sendJson(res, 502, 'bad gateway'));
    await rejection(createHttp({ retry: 0 }).request({ url: server.url }), HttpError, {
      status: 502,
      retryable: true,
      body: 'bad gateway',
    });
  });
});
