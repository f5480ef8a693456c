import { rejection, sendJson, startServer, type TestServer } from '@fs/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttp, HttpError, type RetryEvent, TimeoutError } from '../src/index.js';

const quick = { attempts: 3, baseDelay: 5, maxDelay: 50, jitter: 0 };

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the retry loop', () => {
  it('repeats an if-unprocessed POST after 408, 429 and 503: the service did nothing', async () => {
    server = await startServer((_, res, i) =>
      i < 3
        ? sendJson(res, [408, 429, 503][i]!, {}, { 'retry-after': '0' })
        : sendJson(res, 200, { stored: true }),
    );
    const { body } = await createHttp({ retry: { ...quick, attempts: 4 } }).request({
      url: server.url,
      json: {},
      idempotent: 'if-unprocessed',
    });
    expect(body).toEqual({ stored: true });
    expect(server.requests).toHaveLength(4);
  });

  it('sends it once after a 500 or a timeout, which may come after the work was done', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/500') sendJson(res, 500, {});
      // Any other path never answers.
    });
    const http = createHttp({ retry: quick });
    const post = (path: string, timeout?: number) =>
      http.request({
        url: `${server!.url}${path}`,
        json: {},
        idempotent: 'if-unprocessed',
        timeout,
      });
    await rejection(post('/500'), HttpError);
    await rejection(post('/stall', 200), TimeoutError);
    expect(server.requests.map((request) => request.url)).toEqual(['/500', '/stall']);
  });

  it('sends the Filestack headers with every try', async () => {
    server = await startServer((_, res, i) => sendJson(res, i < 2 ? 503 : 200, {}));
    await createHttp({ retry: quick }).request({ url: server.url, filestackHeaders: true });
    expect(server.requests).toHaveLength(3);
    for (const { headers } of server.requests) {
      expect(headers['filestack-source']).toMatch(/^TS-/);
      expect(headers['filestack-trace-span']).toMatch(/^tssdk-/);
    }
  });

  it('reports each retry with the policy delay, Retry-After winning but capped', async () => {
    server = await startServer((_, res, i) =>
      i === 0
        ? sendJson(res, 503, {}, { 'retry-after': '3600' })
        : i === 1
          ? sendJson(res, 500, {})
          : sendJson(res, 200, {}),
    );
    const events: RetryEvent[] = [];
    await createHttp({ retry: quick, onRetry: (event) => events.push(event) }).request({
      url: server.url,
    });
    expect(events.map(({ attempt, delay }) => ({ attempt, delay }))).toEqual([
      { attempt: 1, delay: 50 },
      { attempt: 2, delay: 10 },
    ]);
  });
});
