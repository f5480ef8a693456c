import type { ServerResponse } from 'node:http';
import { rejection, startServer, type TestServer } from '@fs/test-kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttp, TimeoutError } from '../src/index.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends headers and the first bytes of a body, then nothing more. */
function stallAfterHeaders(res: ServerResponse, type = 'application/json') {
  res.writeHead(200, { 'content-type': type });
  res.write('{"partial": ');
}

/** Sends `chunks` bytes, one every `every` ms, then ends. */
async function trickle(res: ServerResponse, chunks: number, every: number) {
  res.writeHead(200, { 'content-type': 'application/octet-stream' });
  for (let i = 0; i < chunks; i++) {
    await wait(every);
    if (res.destroyed) return;
    res.write(new Uint8Array(1024).fill(i));
  }
  res.end();
}

describe('a body that stalls after its headers', () => {
  it('fails a JSON answer with a TimeoutError once the timeout has passed', async () => {
    server = await startServer((_, res) => stallAfterHeaders(res));
    const started = Date.now();
    const error = await rejection(
      createHttp({ timeout: 200, retry: 0 }).request({ url: `${server.url}/metadata` }),
      TimeoutError,
    );
    expect((error as Error).message).toMatch(/GET .*\/metadata timed out: no answer for 200 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('retries a stalled JSON body like any timeout, and reads the next answer', async () => {
    server = await startServer((_, res, i) => {
      if (i === 0) stallAfterHeaders(res);
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    // The next answer comes at once: even a busy machine gets it well within the timeout.
    const http = createHttp({ timeout: 1000, retry: { baseDelay: 5, jitter: 0 } });
    const { body } = await http.request({ url: server.url });
    expect(body).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it('counts a deadline over the whole JSON answer, even when bytes keep coming', async () => {
    server = await startServer((_, res) => void trickle(res, 20, 40));
    await rejection(
      createHttp({ timeout: 300, retry: 0 }).request({ url: server.url, responseType: 'text' }),
      TimeoutError,
    );
  });

  it('fails a byte body that stops moving with a TimeoutError', async () => {
    server = await startServer((_, res) => stallAfterHeaders(res, 'image/png'));
    const error = await rejection(
      createHttp({ timeout: 200, retry: 0 }).request({ url: server.url, responseType: 'bytes' }),
      TimeoutError,
    );
    expect((error as Error).message).toMatch(/timed out: no answer for 200 ms/);
  });

  it('lets a byte body take longer than the timeout while it keeps moving', async () => {
    // 10 chunks 250 ms apart: 2.5 s in all, never the 1.5 s timeout without a byte.
    server = await startServer((_, res) => void trickle(res, 10, 250));
    const http = createHttp({ timeout: 1500, retry: 0 });
    const { body } = await http.request<Uint8Array>({ url: server.url, responseType: 'bytes' });
    expect(body.byteLength).toBe(10 * 1024);
  });

  it('errors a streamed body that stops moving, and lets a moving one run long', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/stall') stallAfterHeaders(res, 'application/zip');
      else void trickle(res, 10, 250);
    });
    const http = createHttp({ timeout: 1500, retry: 0 });
    const moving = await http.request<Response>({ url: server.url, responseType: 'response' });
    expect((await moving.body.arrayBuffer()).byteLength).toBe(10 * 1024);

    const stalled = await http.request<Response>({
      url: `${server.url}/stall`,
      responseType: 'response',
    });
    await rejection(stalled.body.arrayBuffer(), TimeoutError);
  });
});

/**
 * Records the timers of one length that are still pending. Such a timer, left behind once a
 * body was given up, would hold a Node process open until it fires.
 */
function pendingTimers(ms: number): { created: number; pending: Set<unknown> } {
  const seen = { created: 0, pending: new Set<unknown>() };
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
    run: () => void,
    delay?: number,
    ...rest: unknown[]
  ) => {
    const timer = realSet(
      () => {
        seen.pending.delete(timer);
        run();
      },
      delay,
      ...rest,
    );
    if (delay === ms) {
      seen.created++;
      seen.pending.add(timer);
    }
    return timer;
  }) as typeof setTimeout);
  vi.spyOn(globalThis, 'clearTimeout').mockImplementation((timer) => {
    seen.pending.delete(timer);
    realClear(timer);
  });
  return seen;
}

describe('a streamed body that is given up', () => {
  // The timeout is a minute: a timer left behind would outlive each test by far.
  const TIMEOUT = 60_000;
  const http = () => createHttp({ timeout: TIMEOUT, retry: 0 });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('leaves no timer behind when the reader cancels it', async () => {
    server = await startServer((_, res) => stallAfterHeaders(res, 'application/zip'));
    const timers = pendingTimers(TIMEOUT);
    const { body } = await http().request<Response>({ url: server.url, responseType: 'response' });
    const reader = body.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(timers.created).toBeGreaterThan(0);
    expect(timers.pending.size).toBe(0);
  });

  it('leaves no timer behind when its request is aborted', async () => {
    server = await startServer((_, res) => stallAfterHeaders(res, 'application/zip'));
    const timers = pendingTimers(TIMEOUT);
    const abort = new AbortController();
    const { body } = await http().request<Response>({
      url: server.url,
      responseType: 'response',
      signal: abort.signal,
    });
    abort.abort();
    await rejection(body.arrayBuffer(), Error);
    expect(timers.created).toBeGreaterThan(0);
    expect(timers.pending.size).toBe(0);
  });

  it('leaves no timer behind when the server breaks it off', async () => {
    server = await startServer((_, res) => {
      stallAfterHeaders(res, 'application/zip');
      setImmediate(() => res.destroy());
    });
    const timers = pendingTimers(TIMEOUT);
    const { body } = await http().request<Response>({ url: server.url, responseType: 'response' });
    await rejection(body.arrayBuffer(), Error);
    expect(timers.created).toBeGreaterThan(0);
    expect(timers.pending.size).toBe(0);
  });
});
