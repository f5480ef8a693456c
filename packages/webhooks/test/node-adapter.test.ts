import { once } from 'node:events';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { NetworkError, ValidationError } from '@fs/core';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { parseNodeWebhook, type WebhookEvent, WebhookVerificationError } from '../src/index.js';
import { NOW, SECRET, signedHeaders, UPLOAD_BODY } from './sign.js';

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

type Outcome = { event: WebhookEvent } | { error: unknown };

/** A real loopback server whose handler is `handle`; each request's outcome is recorded. */
async function listen(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<WebhookEvent>,
  wrap?: (handler: (req: IncomingMessage, res: ServerResponse) => void) => Server,
) {
  const outcomes: Outcome[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).then(
      (event) => {
        outcomes.push({ event });
        res.writeHead(204).end();
      },
      (error: unknown) => {
        outcomes.push({ error });
        const status = error instanceof WebhookVerificationError ? 401 : 400;
        if (!res.headersSent) res.writeHead(status).end(String((error as Error).message));
      },
    );
  };
  const server = wrap ? wrap(handler) : createServer(handler);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/webhooks/filestack`, outcomes };
}

/** POSTs `chunks` one write at a time, so the server sees a chunked, multi-part body. */
async function post(
  url: string,
  chunks: Array<string | Uint8Array>,
  headers: Record<string, string | string[]>,
): Promise<{ status: number; text: string }> {
  const req = httpRequest(url, { method: 'POST', headers });
  for (const chunk of chunks) req.write(chunk);
  req.end();
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  let text = '';
  for await (const chunk of res) text += chunk;
  return { status: res.statusCode ?? 0, text };
}

const parse = (req: IncomingMessage) => parseNodeWebhook(SECRET, req, { now: NOW });

describe('parseNodeWebhook (node:http)', () => {
  it('verifies a delivery streamed in chunks, split inside a UTF-8 character', async () => {
    const body = JSON.stringify({ id: 9, action: 'fp.delete', text: { url: 'https://x/ğ🎉' } });
    const bytes = new TextEncoder().encode(body);
    const split = bytes.indexOf(0xf0) + 1;
    const { url, outcomes } = await listen(parse);
    const res = await post(url, [bytes.slice(0, split), bytes.slice(split)], signedHeaders(body));
    expect(res.status).toBe(204);
    expect(outcomes).toEqual([
      {
        event: { known: true, id: 9, action: 'fp.delete', text: { url: 'https://x/ğ🎉' } },
      },
    ]);
  });

  it('rejects a tampered body as a mismatch', async () => {
    const { url, outcomes } = await listen(parse);
    const res = await post(
      url,
      [UPLOAD_BODY.replace('photo', 'phot0')],
      signedHeaders(UPLOAD_BODY),
    );
    expect(res.status).toBe(401);
    expect(outcomes[0]).toMatchObject({ error: { reason: 'mismatch' } });
  });

  it('rejects a signature header sent twice over the wire', async () => {
    const headers = signedHeaders(UPLOAD_BODY);
    const { url, outcomes } = await listen(parse);
    const res = await post(url, [UPLOAD_BODY], {
      ...headers,
      'fs-signature': [headers['fs-signature'], headers['fs-signature']],
    });
    expect(res.status).toBe(401);
    expect(outcomes[0]).toMatchObject({ error: { reason: 'bad-input' } });
  });

  it('rejects a delivery without FS-Timestamp as missing-header', async () => {
    const { 'fs-timestamp': _, ...headers } = signedHeaders(UPLOAD_BODY);
    const { url, outcomes } = await listen(parse);
    expect((await post(url, [UPLOAD_BODY], headers)).status).toBe(401);
    expect(outcomes[0]).toMatchObject({ error: { reason: 'missing-header' } });
  });

  it('says how to keep the raw body when the stream was already read', async () => {
    const { url, outcomes } = await listen(async (req) => {
      for await (const _ of req);
      return parse(req);
    });
    expect((await post(url, [UPLOAD_BODY], signedHeaders(UPLOAD_BODY))).status).toBe(400);
    const { error } = outcomes[0] as { error: ValidationError };
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/already read/);
    expect(error.message).toMatch(/express\.raw/);
  });

  it('refuses a body over maxBodyBytes and still answers', async () => {
    const { url, outcomes } = await listen((req) =>
      parseNodeWebhook(SECRET, req, { now: NOW, maxBodyBytes: 64 }),
    );
    const res = await post(url, [UPLOAD_BODY], signedHeaders(UPLOAD_BODY));
    expect(res.status).toBe(401);
    expect(res.text).toMatch(/maxBodyBytes \(64 bytes\)/);
    expect(outcomes[0]).toMatchObject({ error: { reason: 'bad-input' } });
  });

  it('rejects with NetworkError when the sender hangs up mid-body', async () => {
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const { url, outcomes } = await listen((req) => {
      arrived();
      return parse(req);
    });
    const req = httpRequest(url, { method: 'POST', headers: signedHeaders(UPLOAD_BODY) });
    req.on('error', () => {});
    req.write(UPLOAD_BODY.slice(0, 20));
    // Hang up once the server is reading the body, and wait for its outcome however long a
    // loaded machine takes (the test timeout guards against a hang).
    await arrival;
    req.destroy();
    while (outcomes.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect((outcomes[0] as { error: unknown }).error).toBeInstanceOf(NetworkError);
  });
});

describe('parseNodeWebhook (Express)', () => {
  async function expressApp(...middleware: express.RequestHandler[]) {
    return listen(
      (req) => parseNodeWebhook(SECRET, req as express.Request, { now: NOW }),
      (handler) => {
        const app = express();
        app.post('/webhooks/filestack', ...middleware, (req, res) => handler(req, res));
        return createServer(app);
      },
    );
  }

  it('uses the Buffer that express.raw() kept', async () => {
    const { url, outcomes } = await expressApp(express.raw({ type: 'application/json' }));
    expect((await post(url, [UPLOAD_BODY], signedHeaders(UPLOAD_BODY))).status).toBe(204);
    expect(outcomes[0]).toMatchObject({ event: { action: 'fp.upload' } });
  });

  it('uses req.rawBody kept by an express.json({ verify }) hook', async () => {
    const { url, outcomes } = await expressApp(
      express.json({
        verify: (req, _res, buf) => {
          (req as IncomingMessage & { rawBody?: Buffer }).rawBody = buf;
        },
      }),
    );
    expect((await post(url, [UPLOAD_BODY], signedHeaders(UPLOAD_BODY))).status).toBe(204);
    expect(outcomes[0]).toMatchObject({ event: { action: 'fp.upload' } });
  });

  it('reads the stream itself when no body parser ran', async () => {
    const { url, outcomes } = await expressApp();
    expect((await post(url, [UPLOAD_BODY], signedHeaders(UPLOAD_BODY))).status).toBe(204);
    expect(outcomes[0]).toMatchObject({ event: { action: 'fp.upload' } });
  });

  it('explains the fix when express.json() consumed the body', async () => {
    const { url, outcomes } = await expressApp(express.json());
    const res = await post(url, [UPLOAD_BODY], signedHeaders(UPLOAD_BODY));
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/parsed JSON/);
    expect(res.text).toMatch(/express\.raw\(\{ type: 'application\/json' \}\)/);
    expect((outcomes[0] as { error: unknown }).error).toBeInstanceOf(ValidationError);
  });

  it('still refuses a tampered body that express.raw() kept', async () => {
    const { url, outcomes } = await expressApp(express.raw({ type: 'application/json' }));
    const res = await post(url, [`${UPLOAD_BODY} `], signedHeaders(UPLOAD_BODY));
    expect(res.status).toBe(401);
    expect(outcomes[0]).toMatchObject({ error: { reason: 'mismatch' } });
  });
});
