import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { type Emulator, startEmulator } from '@fs/emulator';
import { upload } from '@fs/upload';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseNodeWebhook,
  parseWebhookRequest,
  type WebhookEvent,
  WebhookVerificationError,
} from '../src/index.js';

/*
 * End to end: @fs/emulator signs and POSTs real webhooks (docs/protocol.md#webhooks) to a real
 * node:http receiver, which verifies them with both adapters: the Node one on the request as it is,
 * the web one on a `Request` made from it (as Hono's node server or Next.js would hand it over).
 */

const SECRET = 'e2e-webhook-secret';

type Adapter = (req: IncomingMessage) => Promise<WebhookEvent>;

const nodeAdapter: Adapter = (req) => parseNodeWebhook(SECRET, req);

const webAdapter: Adapter = (req) => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of [value ?? []].flat()) headers.append(name, one);
  }
  const request = new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method,
    headers,
    body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
  return parseWebhookRequest(SECRET, request);
};

const wrongSecret: Adapter = (req) => parseNodeWebhook('not-the-secret', req);

interface Endpoint {
  url: string;
  events: WebhookEvent[];
  refusals: unknown[];
}

/** One receiver with a path per adapter; 204 when verified, 401 otherwise. */
async function receiver(adapters: Record<string, Adapter>) {
  const endpoints: Record<string, Endpoint> = {};
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').slice(1);
    const adapter = adapters[path];
    const endpoint = endpoints[path];
    if (!adapter || !endpoint) {
      res.writeHead(404).end();
      return;
    }
    adapter(req).then(
      (event) => {
        endpoint.events.push(event);
        res.writeHead(204).end();
      },
      (error: unknown) => {
        endpoint.refusals.push(error);
        res.writeHead(error instanceof WebhookVerificationError ? 401 : 400).end();
      },
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  for (const path of Object.keys(adapters)) {
    endpoints[path] = { url: `http://127.0.0.1:${port}/${path}`, events: [], refusals: [] };
  }
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { endpoints, close };
}

describe('webhooks delivered by @fs/emulator', () => {
  let emu: Emulator;
  let hooks: Awaited<ReturnType<typeof receiver>>;
  let handle: string;
  let conversion: { uuid: string };

  beforeAll(async () => {
    hooks = await receiver({ node: nodeAdapter, web: webAdapter, forged: wrongSecret });
    const { node, web, forged } = hooks.endpoints;
    emu = await startEmulator({
      webhooks: { urls: [node!.url, web!.url, forged!.url], secret: SECRET, retryDelays: [20] },
      video: { ffmpeg: false, pendingMs: 0, startedMs: 0 },
    });
    const stored = await upload(Buffer.from('première version ✓'), {
      apikey: emu.apikey,
      urls: emu.urls,
      store: { filename: 'café.mp4', mimetype: 'video/mp4' },
    });
    handle = stored.handle;
    await fetch(`${emu.urls.api}/file/${handle}`, {
      method: 'POST',
      headers: { 'content-type': 'video/mp4' },
      body: 'second version',
    });
    conversion = (await (await fetch(`${emu.url}/video_convert=preset:h264/${handle}`)).json()) as {
      uuid: string;
    };
    for (let i = 0; i < 200; i++) {
      const events = emu.webhooks.deliveries().map((d) => d.action);
      if (events.includes('fp.video_converse')) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await fetch(`${emu.urls.api}/file/${handle}`, { method: 'DELETE' });
    await emu.webhooks.settled();
  });
  afterAll(async () => {
    await emu?.close();
    await hooks?.close();
  });

  it('verifies every event with the Node adapter and the web Request adapter alike', () => {
    const { node, web } = hooks.endpoints;
    expect(node!.refusals).toEqual([]);
    expect(web!.refusals).toEqual([]);
    const actions = ['fp.upload', 'fp.overwrite', 'fp.video_converse', 'fp.delete'];
    expect(node!.events.map((e) => e.action).sort()).toEqual([...actions].sort());
    // Both adapters read the same signed bytes into the same events.
    const byId = (events: WebhookEvent[]) =>
      [...events].sort((a, b) => Number(a.id) - Number(b.id));
    expect(byId(web!.events)).toEqual(byId(node!.events));
  });

  it('hands over typed events with the fields the emulator sent', () => {
    const events = hooks.endpoints.node!.events;
    const find = (action: string) => events.find((e) => e.action === action)!;
    const upload = find('fp.upload');
    expect(upload.known && upload.action === 'fp.upload' && upload.text).toMatchObject({
      url: `${emu.url}/${handle}`,
      filename: 'café.mp4',
      type: 'video/mp4',
      size: Buffer.byteLength('première version ✓'),
      client: 'Computer',
    });
    const overwrite = find('fp.overwrite');
    expect(overwrite.known && overwrite.action === 'fp.overwrite' && overwrite.text.size).toBe(14);
    const video = find('fp.video_converse');
    if (!video.known || video.action !== 'fp.video_converse') throw new Error('not typed');
    expect(video.text.uuid).toBe(conversion.uuid);
    expect(video.text.status).toBe('completed');
    expect(video.text.data?.url).toMatch(new RegExp(`^${emu.url}/[A-Za-z0-9]{20}$`));
    const deleted = find('fp.delete');
    expect(deleted.known && deleted.action === 'fp.delete' && deleted.text.url).toBe(
      `${emu.url}/${handle}`,
    );
  });

  it('refuses deliveries checked with another secret, which the emulator then retries', () => {
    const { forged } = hooks.endpoints;
    expect(forged!.events).toEqual([]);
    expect(forged!.refusals.length).toBe(8);
    for (const error of forged!.refusals) {
      expect(error).toBeInstanceOf(WebhookVerificationError);
      expect((error as WebhookVerificationError).reason).toBe('mismatch');
    }
    const failed = emu.webhooks.deliveries().filter((d) => d.url === forged!.url);
    expect(failed.map((d) => [d.outcome, d.attempts.map((a) => a.status)])).toEqual(
      Array(4).fill(['failed', [401, 401]]),
    );
  });
});
