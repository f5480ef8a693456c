import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WEBHOOK_SECRET, startEmulator, type WebhookDelivery } from '../src/index.js';
import { serveOrigin, useEmulator } from '../src/testing/index.js';
import { hooks, postJson, request } from './helpers.js';
import { upload } from './images.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real receiver on loopback at `/hooks`. `answer` decides each response's status from the
 * number of the request (1-based); `hang` leaves requests unanswered.
 */
async function receiver(answer: (n: number) => number | 'hang' = () => 204) {
  const received: Received[] = [];
  const origin = await serveOrigin({
    '/hooks': ({ path, headers, body }) => {
      received.push({ path, headers, body: body.toString('utf8') });
      const status = answer(received.length);
      return status === 'hang' ? new Promise<never>(() => {}) : { status };
    },
  });
  return { url: `${origin.url}/hooks`, received, close: origin.close };
}

const hmac = (secret: string, timestamp: string, body: string) =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

/**
 * Checks a received POST the way docs/protocol.md#webhook-signature says a receiver should, and
 * answers its event.
 */
function verified(secret: string, hit: Received) {
  const timestamp = hit.headers['fs-timestamp'] as string;
  expect(timestamp).toMatch(/^\d{10}$/);
  expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(30);
  expect(hit.headers['fs-signature']).toBe(hmac(secret, timestamp, hit.body));
  expect(hit.headers['content-type']).toBe('application/json');
  return JSON.parse(hit.body) as {
    id: number;
    action: string;
    timestamp: number;
    text: Record<string, unknown> & { uuid?: string; status?: string };
  };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function setup(options: Parameters<typeof startEmulator>[0] = {}) {
  const emu = await startEmulator(options);
  closers.push(() => emu.close());
  return emu;
}

async function hook(answer?: (n: number) => number | 'hang') {
  const server = await receiver(answer);
  closers.push(server.close);
  return server;
}

describe('webhook events', () => {
  const secret = 'whsec-test';

  it('signs an upload with FS-Signature and sends the fp.upload envelope', async () => {
    const target = await hook();
    const emu = await setup({ webhooks: { urls: [target.url], secret } });
    const handle = await upload(emu, Buffer.from('hello'), 'hello.txt', 'text/plain');
    await emu.webhooks.settled();
    expect(target.received).toHaveLength(1);
    expect(target.received[0]!.path).toBe('/hooks');
    const event = verified(secret, target.received[0]!);
    expect(event).toEqual({
      id: 1,
      action: 'fp.upload',
      timestamp: expect.any(Number),
      text: {
        container: 'fs-emulator-uploads',
        url: `${emu.url}/${handle}`,
        filename: 'hello.txt',
        client: 'Computer',
        key: `${handle}_hello.txt`,
        type: 'text/plain',
        status: 'Stored',
        size: 5,
      },
    });
    expect(Math.abs(event.timestamp - Date.now() / 1000)).toBeLessThan(30);
    const [delivery] = emu.webhooks.deliveries();
    expect(delivery).toMatchObject({ id: 1, action: 'fp.upload', url: target.url });
    expect(delivery!.outcome).toBe('delivered');
    expect(delivery!.body).toBe(target.received[0]!.body);
    expect(delivery!.attempts).toEqual([
      {
        at: expect.any(Number),
        timestamp: target.received[0]!.headers['fs-timestamp'],
        status: 204,
      },
    ]);
  });

  it('sends fp.overwrite, fp.delete and fp.upload from /process, in order', async () => {
    const target = await hook();
    const source = await serveOrigin({
      '/a.txt': { body: Buffer.from('remote'), type: 'text/plain' },
    });
    closers.push(source.close);
    const emu = await setup({ webhooks: { urls: [target.url], secret } });
    const handle = await upload(emu, Buffer.from('v1'), 'doc.txt', 'text/plain');
    const overwrite = await request(`${emu.urls.api}/file/${handle}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'version two',
    });
    expect(overwrite.status).toBe(200);
    expect((await request(`${emu.urls.api}/file/${handle}`, { method: 'DELETE' })).status).toBe(
      200,
    );
    const stored = await postJson(`${emu.urls.process}/process`, {
      apikey: emu.apikey,
      sources: [`${source.url}/a.txt`],
      tasks: [{ name: 'store', params: { location: 's3' } }],
    });
    expect(stored.status).toBe(200);
    await emu.webhooks.settled();
    const events = target.received.map((hit) => verified(secret, hit));
    events.sort((a, b) => a.id - b.id);
    expect(events.map((e) => [e.id, e.action])).toEqual([
      [1, 'fp.upload'],
      [2, 'fp.overwrite'],
      [3, 'fp.delete'],
      [4, 'fp.upload'],
    ]);
    expect(events[1]!.text).toEqual({
      mimetype: 'text/plain',
      url: `${emu.url}/${handle}`,
      isWriteable: true,
      filename: 'doc.txt',
      client: 'Computer',
      size: 11,
    });
    expect(events[2]!.text).toEqual({ url: `${emu.url}/${handle}` });
    expect(events[3]!.text).toMatchObject({
      client: 'URL',
      url: `${emu.url}/${stored.body.handle}`,
      filename: 'a.txt',
      size: 6,
      status: 'Stored',
    });
  });

  it('sends fp.converse when the CDN stores a processed chain, without the policy', async () => {
    const target = await hook();
    const emu = await setup({ webhooks: { urls: [target.url], secret } });
    const { quadrants } = await import('./images.js');
    const png = await upload(emu, await quadrants(), 'q.png', 'image/png');
    const stored = await request<Record<string, unknown>>(
      `${emu.url}/resize=width:40/store=path:"thumbs/"/${png}`,
      { method: 'POST' },
    );
    expect(stored.status).toBe(200);
    await emu.webhooks.settled();
    const converse = target.received.map((hit) => verified(secret, hit))[1]!;
    expect(converse.action).toBe('fp.converse');
    expect(converse.text).toEqual({
      url: `/resize=width:40/store=path:%22thumbs/%22/${png}`,
      link: {
        url: `${emu.url}/api/file/${stored.body.handle}`,
        handle: stored.body.handle,
        filename: 'q.png',
        mimetype: 'image/png',
        path: stored.body.key,
        provider: 'internal_v2',
        size: stored.body.size,
      },
    });
  });

  it('sends the final job JSON of a conversion as fp.video_converse, completed or failed', async () => {
    const target = await hook();
    const emu = await setup({
      webhooks: { urls: [target.url], secret },
      video: { ffmpeg: false, pendingMs: 0, startedMs: 0 },
    });
    const clip = await upload(emu, Buffer.from('pretend video'), 'clip.mp4', 'video/mp4');
    const text = await upload(emu, Buffer.from('words'), 'notes.txt', 'text/plain');
    const done = await request<{ uuid: string }>(`${emu.url}/video_convert=preset:h264/${clip}`);
    const bad = await request<{ uuid: string }>(`${emu.url}/video_convert=preset:h264/${text}`);
    // Both jobs end in the background; each sends its webhook as it ends. Wait for both ends
    // (not a fixed time, which a loaded machine outlasts), then for the deliveries.
    for (const source of [clip, text]) {
      const url = `${emu.url}/video_convert=preset:h264/${source}`;
      while (
        !['completed', 'failed'].includes((await request<{ status: string }>(url)).body.status)
      ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    await emu.webhooks.settled();
    const videos = target.received
      .map((hit) => verified(secret, hit))
      .filter((event) => event.action === 'fp.video_converse');
    expect(videos).toHaveLength(2);
    const completed = videos.find((e) => e.text.uuid === done.body.uuid)!;
    const failed = videos.find((e) => e.text.uuid === bad.body.uuid)!;
    expect(completed.text.status).toBe('completed');
    // The same JSON the status URL answers now.
    const now = await request(`${emu.url}/video_convert=preset:h264/${clip}`);
    expect(completed.text).toEqual(now.body);
    expect(failed.text).toMatchObject({
      status: 'failed',
      message: 'video_convert: the file is not audio or video (text/plain)',
    });
  });

  it('sends each event to every endpoint, with the same body and id', async () => {
    const one = await hook();
    const two = await hook();
    const emu = await setup({ webhooks: { urls: [one.url, two.url] } });
    await upload(emu, Buffer.from('x'), 'x.txt', 'text/plain');
    await emu.webhooks.settled();
    expect(one.received).toHaveLength(1);
    expect(two.received[0]!.body).toBe(one.received[0]!.body);
    // Signed with the default secret when none is configured.
    verified(DEFAULT_WEBHOOK_SECRET, two.received[0]!);
    expect(emu.webhooks.secret).toBe(DEFAULT_WEBHOOK_SECRET);
  });

  it('sends nothing while no endpoint is configured', async () => {
    const emu = await setup();
    await upload(emu, Buffer.from('x'), 'x.txt', 'text/plain');
    await emu.webhooks.settled();
    expect(emu.webhooks.deliveries()).toEqual([]);
  });
});

describe('webhook retries', () => {
  it('retries a failed delivery on the schedule, signing each attempt anew', async () => {
    const target = await hook((n) => (n < 3 ? 500 : 200));
    const emu = await setup({ webhooks: { urls: [target.url], retryDelays: [50, 100, 1000] } });
    await upload(emu, Buffer.from('x'), 'x.txt', 'text/plain');
    await emu.webhooks.settled();
    expect(target.received).toHaveLength(3);
    for (const hit of target.received) verified(DEFAULT_WEBHOOK_SECRET, hit);
    const [delivery] = emu.webhooks.deliveries();
    expect(delivery!.outcome).toBe('delivered');
    expect(delivery!.attempts.map((a) => [a.status, a.error])).toEqual([
      [500, 'answered HTTP 500'],
      [500, 'answered HTTP 500'],
      [200, undefined],
    ]);
    const [first, second, third] = delivery!.attempts.map((a) => a.at);
    expect(second! - first!).toBeGreaterThanOrEqual(45);
    expect(third! - second!).toBeGreaterThanOrEqual(95);
  });

  it('gives up after the last retry and counts 202 and redirects as failures', async () => {
    const target = await hook((n) => (n === 1 ? 202 : 302));
    const emu = await setup({ webhooks: { urls: [target.url], retryDelays: [10, 10] } });
    await upload(emu, Buffer.from('x'), 'x.txt', 'text/plain');
    await emu.webhooks.settled();
    const [delivery] = emu.webhooks.deliveries();
    expect(delivery!.outcome).toBe('failed');
    expect(delivery!.attempts.map((a) => a.status)).toEqual([202, 302, 302]);
  });

  it('counts a refused connection and a receiver that never answers as failures', async () => {
    const silent = await hook(() => 'hang');
    const closed = await receiver();
    await closed.close();
    const nobody = closed.url;
    const emu = await setup({
      webhooks: { urls: [nobody, silent.url], retryDelays: [], timeout: 200 },
    });
    await upload(emu, Buffer.from('x'), 'x.txt', 'text/plain');
    await emu.webhooks.settled();
    const byUrl = new Map(emu.webhooks.deliveries().map((d) => [d.url, d]));
    const refused = byUrl.get(nobody)!;
    expect(refused.outcome).toBe('failed');
    expect(refused.attempts[0]!.status).toBe(0);
    expect(refused.attempts[0]!.error).toMatch(/ECONNREFUSED/);
    expect(byUrl.get(silent.url)!.attempts[0]).toMatchObject({
      status: 0,
      error: 'no answer within 200 ms',
    });
  });

  it('stops retrying when the emulator closes', async () => {
    const target = await hook(() => 503);
    const emu = await startEmulator({ webhooks: { urls: [target.url], retryDelays: [60_000] } });
    await upload(emu, Buffer.from('x'), 'x.txt', 'text/plain');
    for (let i = 0; i < 100 && target.received.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const started = Date.now();
    await emu.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(emu.webhooks.deliveries()[0]!.outcome).toBe('failed');
  });
});

describe('webhook endpoints at run time', () => {
  const emu = useEmulator({ hooks, webhooks: { secret: 'never-shown' } });

  it('adds and removes endpoints with emu.webhooks', async () => {
    const target = await hook();
    emu.webhooks.add(target.url);
    emu.webhooks.add(target.url);
    expect(emu.webhooks.endpoints()).toEqual([target.url]);
    await upload(emu, Buffer.from('x'), 'x.txt', 'text/plain');
    await emu.webhooks.settled();
    expect(target.received).toHaveLength(1);
    expect(emu.webhooks.remove(target.url)).toBe(true);
    expect(emu.webhooks.remove(target.url)).toBe(false);
    await upload(emu, Buffer.from('y'), 'y.txt', 'text/plain');
    await emu.webhooks.settled();
    expect(target.received).toHaveLength(1);
    expect(() => emu.webhooks.add('ftp://example.com/hook')).toThrow(/absolute http\(s\) URL/);
  });

  it('adds, lists and removes endpoints over HTTP, never showing the secret', async () => {
    const target = await hook();
    const added = await postJson<{ endpoints: string[] }>(`${emu.url}/__emulator/webhooks`, {
      url: target.url,
    });
    expect(added.status).toBe(201);
    expect(added.body.endpoints).toEqual([target.url]);
    await upload(emu, Buffer.from('z'), 'z.txt', 'text/plain');
    await emu.webhooks.settled();
    const listed = await request<{ endpoints: string[]; deliveries: WebhookDelivery[] }>(
      `${emu.url}/__emulator/webhooks`,
    );
    expect(listed.body.endpoints).toEqual([target.url]);
    expect(listed.body.deliveries.at(-1)).toMatchObject({
      action: 'fp.upload',
      url: target.url,
      outcome: 'delivered',
    });
    expect(JSON.stringify(listed.body)).not.toContain('never-shown');
    const bad = await postJson<{ error: string }>(`${emu.url}/__emulator/webhooks`, {
      url: 'not a url',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/absolute http\(s\) URL/);
    const gone = await request<{ endpoints: string[] }>(
      `${emu.url}/__emulator/webhooks?url=${encodeURIComponent(target.url)}`,
      { method: 'DELETE' },
    );
    expect(gone.body.endpoints).toEqual([]);
    const again = await request(
      `${emu.url}/__emulator/webhooks?url=${encodeURIComponent(target.url)}`,
      {
        method: 'DELETE',
      },
    );
    expect(again.status).toBe(404);
  });

  it('forgets finished deliveries on reset, keeping the endpoints', async () => {
    const target = await hook();
    emu.webhooks.add(target.url);
    await upload(emu, Buffer.from('x'), 'x.txt', 'text/plain');
    await emu.webhooks.settled();
    expect(emu.webhooks.deliveries().length).toBeGreaterThan(0);
    await request(`${emu.url}/__emulator/reset`, { method: 'POST' });
    expect(emu.webhooks.deliveries()).toEqual([]);
    expect(emu.webhooks.endpoints()).toEqual([target.url]);
    emu.webhooks.remove(target.url);
  });

  it('refuses bad webhook options when starting', async () => {
    await expect(startEmulator({ webhooks: { urls: ['nope'] } })).rejects.toThrow(TypeError);
    await expect(startEmulator({ webhooks: { retryDelays: [-1] } })).rejects.toThrow(/retryDelays/);
    await expect(startEmulator({ webhooks: { secret: '' } })).rejects.toThrow(/secret/);
    await expect(startEmulator({ video: { pendingMs: -5 } })).rejects.toThrow(/pendingMs/);
  });
});
