import { useEmulator } from '@fs/emulator/testing';
import { createPolicy } from '@fs/security';
import { describe, expect, it } from 'vitest';
import { AudioVisual, Client, Filelink, Security, ValidationError } from '../src/index.js';
import { recordingFetch } from './helpers.js';

/*
 * AudioVisual.fromJob: a conversion started in one request is checked in another, from what the
 * first one stored (the Python SDK's AudioVisual(url, uuid, timestamp, apikey, security)).
 */

const SECRET = 'from-job-secret';
const emu = useEmulator({
  secret: SECRET,
  video: { ffmpeg: false, pendingMs: 0, startedMs: 100 },
});
const clip = new TextEncoder().encode('pretend video bytes');
const security = () => new Security(createPolicy({ expiresIn: 3600 }), SECRET);

describe('AudioVisual.fromJob({ url, uuid, timestamp }, { apikey, security, urls })', () => {
  it('checks a job another request started, and opens its result with these options', async () => {
    const client = new Client(emu.apikey, { security: security(), urls: emu.urls });
    const video = await client.upload({ file: clip, storeParams: { filename: 'clip.mp4' } });
    const started = await video.avConvert({ width: 100, height: 100 });
    // What a server keeps between requests: no policy or signature in it.
    const saved = JSON.stringify(started);
    expect(saved).not.toContain(security().signature);

    const { fetch, exchanges } = recordingFetch();
    const av = AudioVisual.fromJob(JSON.parse(saved), {
      apikey: emu.apikey,
      security: security(),
      urls: emu.urls,
      fetch,
    });
    expect(exchanges).toEqual([]);
    expect([av.uuid, av.timestamp]).toEqual([started.uuid, started.timestamp]);
    let status = await av.status();
    while (status !== 'completed') {
      expect(['pending', 'started']).toContain(status);
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = await av.status();
    }
    // Every status request carried the new policy, in the security task of the job's URL.
    expect(exchanges.length).toBeGreaterThan(0);
    expect(exchanges.every(({ url }) => url.includes('/security=p:'))).toBe(true);
    const converted = await av.toFilelink();
    expect(converted).toBeInstanceOf(Filelink);
    expect(converted.url).toBe(`${emu.url}/${converted.handle}`);
    // The Filelink has the key and policy given to fromJob: it can be read and deleted here.
    expect(await converted.getContent()).toEqual(clip);
    await converted.delete();
  });

  it('refuses a job that is not a conversion, before any request', () => {
    const job = { uuid: 'a'.repeat(32), timestamp: '1700000000' };
    const bad = [
      { ...job, url: `${emu.url}/resize=width:10/aBcDeFgHiJkLmNoPqRsT` },
      { uuid: job.uuid, url: `${emu.url}/video_convert/aBcDeFgHiJkLmNoPqRsT` },
    ];
    for (const given of bad) {
      expect(() => AudioVisual.fromJob(given as never, { urls: emu.urls })).toThrow(
        ValidationError,
      );
    }
  });
});
