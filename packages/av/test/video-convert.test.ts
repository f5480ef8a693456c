import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { AbortError, type FetchLike, HttpError, TimeoutError, ValidationError } from '@fs/core';
import { type Emulator, startEmulator } from '@fs/emulator';
import { upload as uploadBytes } from '@fs/upload';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AudioVisual,
  ConversionError,
  type ConversionStatus,
  videoConvert,
} from '../src/index.js';

const VIDEO = Buffer.from('pretend video bytes (the emulator copies them without ffmpeg)');

/** Stores bytes on the emulator with @fs/upload; answers the handle. */
async function upload(emu: Emulator, bytes: Buffer, filename: string, mimetype: string) {
  const file = await uploadBytes(bytes, {
    apikey: emu.apikey,
    urls: emu.urls,
    store: { filename, mimetype },
  });
  return file.handle;
}

/** Requests the emulator answered on the CDN route since `from` (an index in the log). */
const cdnRequests = (emu: Emulator, from = 0) =>
  emu
    .stats()
    .requests.slice(from)
    .filter((r) => r.route === 'cdn');

/**
 * The global fetch, recording when each request starts (and whether its signal had already
 * fired) and when its answer arrives. The client's own clock: the emulator shares this
 * process's event loop and logs a request only when the loop gets to it, which under load can
 * be well after the client sent it.
 */
function recordingFetch() {
  const calls: { startedAt: number; answeredAt: number; signalAborted: boolean }[] = [];
  const fetcher: FetchLike = async (input, init) => {
    const call = {
      startedAt: performance.now(),
      answeredAt: NaN,
      signalAborted: !!init?.signal?.aborted,
    };
    calls.push(call);
    const response = await fetch(input, init);
    call.answeredAt = performance.now();
    return response;
  };
  return { calls, fetcher };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('videoConvert against the emulator', () => {
  let emu: Emulator;
  let video: string;
  let text: string;

  beforeAll(async () => {
    // Each status is held until a poll has seen it, so the status-sequence test sees every one
    // however late a loaded machine runs its polls.
    emu = await startEmulator({
      video: { ffmpeg: false, pendingMs: 20, startedMs: 20, holdUntilPolled: true },
    });
    video = await upload(emu, VIDEO, 'clip.mp4', 'video/mp4');
    text = await upload(emu, Buffer.from('plain words'), 'notes.txt', 'text/plain');
  });
  afterAll(() => emu.close());

  it('starts a job and waits for the converted file', async () => {
    const av = await videoConvert(video, { preset: 'h264', width: 320 }, { urls: emu.urls });
    expect(av.uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(av.timestamp).toMatch(/^\d{10}$/);
    expect(av.url).toBe(`${emu.url}/video_convert=preset:h264,width:320/${video}`);
    const result = await av.wait({ interval: 10, backoff: 1 });
    expect(result.handle).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(result.handle).not.toBe(video);
    expect(result.url).toBe(`${emu.url}/${result.handle}`);
    expect(result.metadata.result).toMatchObject({
      mime_type: 'video/mp4',
      file_size: VIDEO.length,
    });
    expect(result.raw).toMatchObject({ uuid: av.uuid, status: 'completed', message: 'Done' });
    const bytes = Buffer.from(await (await fetch(result.url)).arrayBuffer());
    expect(bytes).toEqual(VIDEO);
    // A completed job keeps answering the same result.
    expect(await av.status()).toBe('completed');
    expect(await av.result()).toEqual(result);
  });

  it('reports the status sequence pending, started, completed through onStatus', async () => {
    const av = await videoConvert(video, { preset: 'webm' }, { urls: emu.urls });
    const seen: ConversionStatus[] = [];
    await av.wait({ interval: 10, backoff: 1, onStatus: (status) => seen.push(status) });
    expect(seen).toEqual(['pending', 'started', 'completed']);
  });

  it('makes one request per status() and answers what the job says', async () => {
    const av = await videoConvert(video, { preset: 'ogg' }, { urls: emu.urls });
    const before = emu.stats().requests.length;
    const status = await av.status();
    expect(['pending', 'started']).toContain(status);
    expect(cdnRequests(emu, before)).toHaveLength(1);
  });

  it('refuses result() with a retryable CONVERSION_NOT_READY while the job runs', async () => {
    const av = await videoConvert(video, { preset: 'mp3' }, { urls: emu.urls });
    const error = await rejection(av.result());
    expect(error).toBeInstanceOf(ConversionError);
    expect(error).toMatchObject({ code: 'CONVERSION_NOT_READY', retryable: true, uuid: av.uuid });
    expect(['pending', 'started']).toContain((error as ConversionError).status);
    await av.wait({ interval: 10 });
    expect((await av.result()).handle).toMatch(/^[A-Za-z0-9]{20}$/);
  });

  it("rejects wait() and result() on a failed job with the service's message", async () => {
    const av = await videoConvert(text, { preset: 'h264' }, { urls: emu.urls });
    const seen: ConversionStatus[] = [];
    const error = await rejection(av.wait({ interval: 10, onStatus: (s) => seen.push(s) }));
    expect(error).toBeInstanceOf(ConversionError);
    expect(error).toMatchObject({
      code: 'CONVERSION_FAILED',
      retryable: false,
      status: 'failed',
      uuid: av.uuid,
      serviceMessage: 'video_convert: the file is not audio or video (text/plain)',
    });
    expect((error as Error).message).toBe(
      `Conversion ${av.uuid} failed: video_convert: the file is not audio or video (text/plain)`,
    );
    expect(seen.at(-1)).toBe('failed');
    await expect(av.result()).rejects.toMatchObject({ code: 'CONVERSION_FAILED' });
  });

  it('answers an HLS preset with the playlist URL and its handle', async () => {
    const av = await videoConvert(video, { preset: 'hls.variant' }, { urls: emu.urls });
    const result = await av.wait({ interval: 10 });
    expect(result.url).toBe(`${emu.url}/video_playlist/${result.handle}`);
  });

  it('backs off between status requests', async () => {
    const slow = await startEmulator({
      video: { ffmpeg: false, pendingMs: 1000, startedMs: 1000 },
    });
    try {
      const handle = await upload(slow, VIDEO, 'clip.mp4', 'video/mp4');
      const { calls, fetcher } = recordingFetch();
      const av = await videoConvert(handle, {}, { urls: slow.urls, fetch: fetcher });
      calls.length = 0;
      await av.wait({ interval: 40, backoff: 2 });
      // The pause between an answer and the next request: 40, 80, 160, 320 ms, ... at least
      // (timers never fire early by more than their 1 ms resolution; load only adds). The job
      // lasts 2 s, which the first three pauses fit even when load stretches each of them.
      const pauses = calls.slice(1).map((call, i) => call.startedAt - calls[i]!.answeredAt);
      expect(pauses.length).toBeGreaterThanOrEqual(3);
      expect(pauses.map((pause, i) => pause >= 40 * 2 ** i - 2)).not.toContain(false);
    } finally {
      await slow.close();
    }
  });
});

describe('waiting that ends early', () => {
  let emu: Emulator;
  let handle: string;
  let av: AudioVisual;

  beforeAll(async () => {
    emu = await startEmulator({ video: { ffmpeg: false, pendingMs: 0, startedMs: 60_000 } });
    handle = await upload(emu, VIDEO, 'clip.mp4', 'video/mp4');
    av = await videoConvert(handle, { preset: 'h264' }, { urls: emu.urls });
  });
  afterAll(() => emu.close());

  it('rejects with a TimeoutError naming the job and its last status', async () => {
    // 2 s leaves room for the first status answer even on a loaded machine; the job itself
    // stays started for a minute, so only the timeout can end the wait.
    const started = Date.now();
    const error = await rejection(av.wait({ interval: 20, backoff: 1, timeout: 2000 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe(
      `Conversion ${av.uuid} (last status: started) did not finish within 2000 ms`,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1990);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('rejects with an AbortError when the signal fires, and sends nothing after', async () => {
    const { calls, fetcher } = recordingFetch();
    const watched = await videoConvert(
      handle,
      { preset: 'h264' },
      { urls: emu.urls, fetch: fetcher },
    );
    calls.length = 0;
    const before = cdnRequests(emu).length;
    const controller = new AbortController();
    // Its outcome is taken at once: when the loop stalls, the abort timer may run before this
    // test goes on, and a rejection nobody awaits yet would be reported as unhandled.
    const outcome = rejection(
      watched.wait({ interval: 20, backoff: 1, signal: controller.signal }),
    );
    let sentBeforeAbort = -1;
    setTimeout(() => {
      sentBeforeAbort = calls.length;
      controller.abort();
    }, 100);
    // Hold the event loop, as a loaded machine does, so that the abort and the next poll fall
    // due in one turn of the loop: the race in which a status request leaves just before the
    // abort and reaches the emulator only after wait() has rejected.
    await new Promise((resolve) => setTimeout(resolve, 85));
    for (const until = performance.now() + 40; performance.now() < until; );
    expect(await outcome).toBeInstanceOf(AbortError);
    expect(calls.length).toBe(sentBeforeAbort);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls.length).toBe(sentBeforeAbort);
    expect(calls.every((call) => !call.signalAborted)).toBe(true);
    // The emulator sees at most what was sent (an aborted request may never arrive).
    expect(cdnRequests(emu).length - before).toBeLessThanOrEqual(calls.length);
  });

  it('cancels a status request under way when aborted', async () => {
    emu.faults.add({ route: 'cdn', kind: 'stall', ms: 5000, times: 1 });
    const controller = new AbortController();
    const started = Date.now();
    const waiting = av.wait({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await rejection(waiting)).toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(2000);
    emu.faults.clear();
  });

  it('rejects at once, without a request, for a signal that already fired', async () => {
    const before = emu.stats().requests.length;
    await expect(av.wait({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    await expect(av.status({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(emu.stats().requests.length).toBe(before);
  });
});

describe('failures along the way', () => {
  let emu: Emulator;
  let video: string;

  beforeAll(async () => {
    emu = await startEmulator({ video: { ffmpeg: false, pendingMs: 0, startedMs: 200 } });
    video = await upload(emu, VIDEO, 'clip.mp4', 'video/mp4');
  });
  afterAll(() => emu.close());

  it('rides out a few failed status requests, then gives up on a run of them', async () => {
    const av = await videoConvert(video, { preset: 'aac' }, { urls: emu.urls });
    emu.faults.add({ route: 'cdn', kind: 'status', status: 503, nth: [1, 2] });
    await expect(av.wait({ interval: 10, backoff: 1 })).resolves.toMatchObject({
      handle: expect.any(String),
    });
    emu.faults.clear();

    const other = await videoConvert(video, { preset: 'm4a' }, { urls: emu.urls });
    emu.faults.add({ route: 'cdn', kind: 'status', status: 503 });
    const error = await rejection(other.wait({ interval: 10, backoff: 1 }));
    emu.faults.clear();
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(503);
  });

  it('retries a failed start, since the same URL answers the same job', async () => {
    emu.faults.add({ route: 'cdn', kind: 'status', status: 503, times: 1 });
    const av = await videoConvert(video, { preset: 'oga' }, { urls: emu.urls });
    expect(av.uuid).toMatch(/^[0-9a-f]{32}$/);
  });

  it('rejects with the HttpError of a refused start, e.g. an unknown handle', async () => {
    const error = await rejection(
      videoConvert('AAAAAAAAAAAAAAAAAAAA', { preset: 'h264' }, { urls: emu.urls }),
    );
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(404);
  });

  it('checks parameters, source and options before any request', async () => {
    const before = emu.stats().requests.length;
    const cases: [() => Promise<unknown>, string][] = [
      [() => videoConvert(video, { width: 0 }, { urls: emu.urls }), 'video_convert.width'],
      [
        () => videoConvert(video, { preset: 'mpeg1' as never }, { urls: emu.urls }),
        'video_convert.preset',
      ],
      [() => videoConvert(video, { bogus: 1 } as never, { urls: emu.urls }), 'video_convert.bogus'],
      [() => videoConvert('not a handle', {}, { urls: emu.urls }), 'source'],
      [() => videoConvert('https://example.com/a.mp4', {}, { urls: emu.urls }), 'apikey'],
      [() => videoConvert(video, {}, { urls: { cdn: 'ftp://x' } }), 'urls.cdn'],
    ];
    for (const [call, option] of cases) {
      const error = await rejection(call());
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).option).toBe(option);
    }
    const av = await videoConvert(video, { preset: 'h264' }, { urls: emu.urls });
    const after = emu.stats().requests.length;
    await expect(av.wait({ interval: -1 })).rejects.toMatchObject({ option: 'wait.interval' });
    expect(emu.stats().requests.length).toBe(after);
    expect(after).toBe(before + 1);
  });

  it('converts an external URL with the apikey segment', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/webm' }).end(VIDEO);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const source = `http://127.0.0.1:${port}/clip.webm`;
      const av = await videoConvert(source, {}, { urls: emu.urls, apikey: emu.apikey });
      expect(av.url).toBe(`${emu.url}/${emu.apikey}/video_convert/${source}`);
      const result = await av.wait({ interval: 20 });
      expect(result.metadata.result.mime_type).toBe('video/webm');
    } finally {
      server.close();
    }
  });
});

describe('videoConvert with security', () => {
  const secret = 'av-app-secret';
  let emu: Emulator;
  let video: string;

  const sign = (policy: object) => {
    const encoded = Buffer.from(JSON.stringify(policy)).toString('base64url');
    return {
      policy: encoded,
      signature: createHmac('sha256', secret).update(encoded).digest('hex'),
    };
  };
  const convertPolicy = () =>
    sign({ expiry: Math.floor(Date.now() / 1000) + 3600, call: ['convert'] });

  beforeAll(async () => {
    emu = await startEmulator({ secret, video: { ffmpeg: false, pendingMs: 0, startedMs: 50 } });
    const pick = sign({ expiry: Math.floor(Date.now() / 1000) + 3600 });
    const post = async (path: string, body: object) =>
      (await (
        await fetch(`${emu.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ apikey: emu.apikey, ...pick, ...body }),
        })
      ).json()) as Record<string, string>;
    // Uploading through the upload API needs the policy in start and complete.
    const start = await post('/multipart/start', {
      filename: 'clip.mp4',
      mimetype: 'video/mp4',
      size: VIDEO.length,
      store: { location: 's3' },
    });
    const ids = { uri: start.uri, region: start.region, upload_id: start.upload_id };
    const part = await post('/multipart/upload', { ...ids, part: 1, size: VIDEO.length });
    const put = await fetch(part.url!, {
      method: 'PUT',
      headers: part.headers as unknown as Record<string, string>,
      body: new Uint8Array(VIDEO),
    });
    const file = await post('/multipart/complete', {
      ...ids,
      filename: 'clip.mp4',
      mimetype: 'video/mp4',
      size: VIDEO.length,
      store: { location: 's3' },
      parts: [{ part_number: 1, etag: put.headers.get('etag') }],
    });
    video = file.handle!;
  });
  afterAll(() => emu.close());

  it('signs every request and keeps the policy out of JSON and errors', async () => {
    const security = convertPolicy();
    const av = await videoConvert(video, { preset: 'h264' }, { urls: emu.urls, security });
    expect(av.url).toContain(`security=p:${security.policy},s:${security.signature}`);
    expect(JSON.stringify(av)).toBe(
      JSON.stringify({
        uuid: av.uuid,
        timestamp: av.timestamp,
        url: `${emu.url}/video_convert=preset:h264/security=[redacted]/${video}`,
      }),
    );
    await expect(av.wait({ interval: 10 })).resolves.toMatchObject({ handle: expect.any(String) });
    const denied = await rejection(videoConvert(video, { preset: 'webm' }, { urls: emu.urls }));
    expect(denied).toBeInstanceOf(HttpError);
    expect((denied as HttpError).status).toBe(403);
  });

  it('asks a security provider again after a refusal and repeats the request once', async () => {
    const given: string[] = [];
    const provider = () => {
      const next =
        given.length === 0 ? { ...convertPolicy(), signature: 'ab'.repeat(32) } : convertPolicy();
      given.push(next.signature);
      return next;
    };
    const av = await videoConvert(video, { preset: 'ogg' }, { urls: emu.urls, security: provider });
    expect(given).toHaveLength(2);
    await av.wait({ interval: 10 });
    const error = await rejection(
      videoConvert(
        video,
        { preset: 'mp3' },
        { urls: emu.urls, security: () => ({ ...convertPolicy(), signature: 'cd'.repeat(32) }) },
      ),
    );
    expect((error as HttpError).status).toBe(403);
    expect(String((error as Error).message)).not.toContain('cd'.repeat(32));
  });
});
