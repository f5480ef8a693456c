import { useEmulator } from '@fs/emulator/testing';
import { rejection } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { AudioVisual, Client, HttpError, TimeoutError } from '../src/index.js';

/* A Client's HTTP options (retry, onRetry, timeout) hold for the conversions it starts too. */

const emu = useEmulator({ video: { ffmpeg: false, pendingMs: 0, startedMs: 100 } });
const clip = new TextEncoder().encode('pretend video bytes');

async function storedClip(client: Client) {
  return client.upload({ file: clip, storeParams: { filename: 'clip.mp4' } });
}

describe("avConvert() with the client's HTTP options", () => {
  it('does not retry a refused start when the client says retry: 0', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls, retry: 0 });
    const video = await storedClip(client);
    emu.faults.add({ route: 'cdn', kind: 'status', status: 503, times: 1 });
    const error = await rejection(video.avConvert({ preset: 'h264' }), HttpError);
    emu.faults.clear();
    expect(error.status).toBe(503);
  });

  it("tells the client's onRetry about a retried start", async () => {
    const retried: number[] = [];
    const client = new Client(emu.apikey, {
      urls: emu.urls,
      retry: { attempts: 2, baseDelay: 10 },
      onRetry: ({ attempt }) => void retried.push(attempt),
    });
    const video = await storedClip(client);
    emu.faults.add({ route: 'cdn', kind: 'status', status: 503, times: 1 });
    const av = await video.avConvert({ preset: 'webm' });
    emu.faults.clear();
    expect(av.uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(retried).toHaveLength(1);
  });

  it("gives up on a stalled start after the client's timeout", async () => {
    // Stored by a client with the default timeout: on a loaded machine the upload itself may
    // take longer than 150 ms.
    const { handle } = await storedClip(new Client(emu.apikey, { urls: emu.urls }));
    const client = new Client(emu.apikey, { urls: emu.urls, timeout: 150, retry: 0 });
    const video = client.filelink(handle);
    emu.faults.add({ route: 'cdn', kind: 'stall', ms: 3000, times: 1 });
    await rejection(video.avConvert({ preset: 'mp3' }), TimeoutError);
    emu.faults.clear();
  });

  it("gives up on a stalled status request of AudioVisual.fromJob after the options' timeout", async () => {
    const video = await storedClip(new Client(emu.apikey, { urls: emu.urls }));
    const started = await video.avConvert({ preset: 'ogg' });
    const av = AudioVisual.fromJob(started.toJSON(), { urls: emu.urls, timeout: 150 });
    emu.faults.add({ route: 'cdn', kind: 'stall', ms: 3000, times: 1 });
    await rejection(av.status(), TimeoutError);
    emu.faults.clear();
  });
});
