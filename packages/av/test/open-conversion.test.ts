import { createHmac } from 'node:crypto';
import { HttpError, ValidationError } from '@fs/core';
import { type Emulator, startEmulator } from '@fs/emulator';
import { upload } from '@fs/upload';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConversion, videoConvert } from '../src/index.js';

/* openConversion: a job started in one request (or process), checked in another. */

const SECRET = 'open-conversion-secret';
const VIDEO = new TextEncoder().encode('pretend video bytes (copied without ffmpeg)');

const sign = (policy: object) => {
  const encoded = Buffer.from(JSON.stringify(policy)).toString('base64url');
  return {
    policy: encoded,
    signature: createHmac('sha256', SECRET).update(encoded).digest('hex'),
  };
};
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

describe('openConversion(job, options)', () => {
  let emu: Emulator;
  let video: string;

  beforeAll(async () => {
    emu = await startEmulator({
      secret: SECRET,
      video: { ffmpeg: false, pendingMs: 0, startedMs: 100 },
    });
    const stored = await upload(VIDEO, {
      apikey: emu.apikey,
      urls: emu.urls,
      security: sign({ expiry: inAnHour() }),
      store: { filename: 'clip.mp4', mimetype: 'video/mp4' },
    });
    video = stored.handle;
  });
  afterAll(() => emu.close());

  it('rebuilds a job from its toJSON() and follows it to the converted file with a fresh policy', async () => {
    const started = await videoConvert(
      video,
      { preset: 'h264', width: 320 },
      { urls: emu.urls, security: sign({ expiry: inAnHour(), call: ['convert'] }) },
    );
    // What a server would store: the policy in the URL is redacted.
    const stored = JSON.parse(JSON.stringify(started)) as {
      uuid: string;
      timestamp: string;
      url: string;
    };
    expect(stored.url).toContain('security=[redacted]');

    const requests = emu.stats().requests.length;
    const later = sign({ expiry: inAnHour(), call: ['convert'] });
    const av = openConversion(stored, { security: later });
    expect(emu.stats().requests.length).toBe(requests);
    expect(av.uuid).toBe(started.uuid);
    expect(av.timestamp).toBe(started.timestamp);
    expect(av.url).toBe(`${emu.url}/video_convert=preset:h264,width:320/${video}`);

    const result = await av.wait({ interval: 20, backoff: 1 });
    expect(result.handle).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(await av.status()).toBe('completed');
    // Each status request carried the new policy.
    const asked = emu
      .stats()
      .requests.slice(requests)
      .filter((r) => r.route === 'cdn');
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((r) => r.status === 200)).toBe(true);
  });

  it('asks the job unsigned without security, and the secured emulator refuses it', async () => {
    const started = await videoConvert(
      video,
      { preset: 'h264', width: 200 },
      { urls: emu.urls, security: sign({ expiry: inAnHour(), call: ['convert'] }) },
    );
    const av = openConversion(started.toJSON());
    const error = await av.status().catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(403);
  });

  it('keeps the URL as written (API key, quoted values with /, external sources) and signs before the source', async () => {
    const external = `${emu.url}/${emu.apikey}/video_convert=preset:h264/security=p:x,s:y/https://example.com/a.mp4?policy=z`;
    expect(openConversion({ uuid: 'a'.repeat(32), timestamp: '1', url: external }).url).toBe(
      `${emu.url}/${emu.apikey}/video_convert=preset:h264/https://example.com/a.mp4`,
    );
    const quoted = `${emu.url}/video_convert=path:%22out/clips/%22,preset:h264/security=[redacted]/${video}`;
    const later = sign({ expiry: inAnHour(), call: ['convert'] });
    const from = emu.stats().requests.length;
    const av = openConversion(
      { uuid: 'b'.repeat(32), timestamp: '1', url: quoted },
      { security: later },
    );
    expect(av.url).toBe(`${emu.url}/video_convert=path:%22out/clips/%22,preset:h264/${video}`);
    // The emulator checks the signature: the policy reached it, placed as transformUrl places it.
    expect(['pending', 'started', 'completed']).toContain(await av.status());
    expect(
      emu
        .stats()
        .requests.slice(from)
        .map((r) => r.status),
    ).toEqual([200]);
  });

  it('refuses what is not a video_convert job, before any request', () => {
    const requests = emu.stats().requests.length;
    const url = `${emu.url}/video_convert=preset:h264/${video}`;
    const uuid = 'a'.repeat(32);
    const cases: unknown[] = [
      undefined,
      { uuid, url },
      { timestamp: '1700000000', url },
      { uuid, timestamp: '1700000000', url: `${emu.url}/resize=width:10/${video}` },
      { uuid, timestamp: '1700000000', url: `${emu.url}/video_convert/resize=width:10/${video}` },
      { uuid, timestamp: '1700000000', url: 'not a url' },
    ];
    for (const job of cases) {
      expect(() => openConversion(job as never), JSON.stringify(job)).toThrow(ValidationError);
    }
    expect(emu.stats().requests.length).toBe(requests);
  });
});
