import type { ServerResponse } from 'node:http';
import { rejection, startServer, type TestServer } from '@fs/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
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
