import { writeFile } from 'node:fs/promises';
import { inspect } from 'node:util';
import { useEmulator } from '@fs/emulator/testing';
import { createPolicy, type PolicyCall } from '@fs/security';
import { gradientPng, pngSize, rejection, useTempDir } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { Client, Filelink, HttpError, Security } from '../src/index.js';
import { recordingFetch } from './helpers.js';

/*
 * Against an emulator that enforces policies: every request the SDK sends is signed when a
 * policy is set, Filelinks and Transformations inherit the client's policy and hosts, and a
 * policy given to one call wins for that call only.
 */

const SECRET = 'client-test-secret';
// Conversions copy (no ffmpeg) and finish fast, so avConvert is checked the same everywhere.
const emu = useEmulator({
  secret: SECRET,
  video: { pendingMs: 10, startedMs: 10, ffmpeg: false },
});
const temp = useTempDir('fs-client-');
const PNG = gradientPng(40, 30);
const CLIP = new Uint8Array(2048).map((_, i) => (i * 7) % 256);

const sign = (...call: PolicyCall[]) =>
  new Security(createPolicy({ expiresIn: 3600, ...(call.length ? { call } : {}) }), SECRET);

describe('security', () => {
  it('a client with a policy passes every call on an emulator that enforces policies', async () => {
    const { fetch, exchanges } = recordingFetch();
    const security = sign();
    const client = new Client(emu.apikey, { security, urls: emu.urls, fetch });
    const path = temp.path('all.png');
    await writeFile(path, PNG);

    const filelink = await client.upload({ filepath: path });
    expect(await filelink.getContent()).toHaveLength(PNG.length);
    expect(await filelink.download(temp.path('all-copy.png'))).toBe(PNG.length);
    expect(await filelink.metadata(['size', 'filename'])).toEqual({
      size: PNG.length,
      filename: 'all.png',
    });
    const thumb = await filelink.resize({ width: 20 }).store({ filename: 'thumb.png' });
    expect(pngSize(await thumb.getContent())).toEqual({ width: 20, height: 15 });
    expect(await filelink.resize({ width: 10 }).imagesize().getJson()).toEqual({
      width: 10,
      height: 8,
    });
    expect(await filelink.tags()).toHaveProperty('tags');
    expect(await filelink.sfw()).toEqual({ sfw: true });
    const imported = await client.uploadUrl(thumb.signedUrl());
    expect(imported.uploadResponse?.size).toBe(thumb.uploadResponse?.size);
    const external = await client.transformExternal(thumb.signedUrl()).flip().store();
    expect(pngSize(await external.getContent())).toEqual({ width: 20, height: 15 });
    await filelink.overwrite({ file: gradientPng(8, 8) });
    expect(pngSize(await filelink.getContent())).toEqual({ width: 8, height: 8 });
    const clip = await client.upload({ file: CLIP, storeParams: { filename: 'clip.mp4' } });
    const av = await clip.avConvert({ preset: 'h264' });
    await av.wait({ interval: 10 });
    const converted = await av.toFilelink();
    expect(converted.security).toBe(security);
    expect(await converted.getContent()).toEqual(CLIP);
    await thumb.delete();
    expect((await rejection(thumb.getContent(), HttpError)).status).toBe(404);

    // Every CDN and file API request carried the policy (uploads carry it in their JSON body).
    // Part PUTs go to presigned storage URLs, which carry their own token.
    const direct = exchanges
      .map(({ url }) => url)
      .filter((url) => !/\/multipart\/|\/process$|\/s3\/parts\//.test(url));
    expect(direct.length).toBeGreaterThan(10);
    for (const url of direct) expect(url).toMatch(/security=p:|[?&]policy=/);
    // The conversion's start, its polls and toFilelink()'s status check are among them.
    const jobs = direct.filter((url) => url.includes('/video_convert=preset:h264/'));
    expect(jobs.length).toBeGreaterThanOrEqual(3);
    for (const url of jobs) {
      expect(url).toBe(
        `${emu.url}/video_convert=preset:h264/security=p:${security.policyB64},s:${security.signature}/${clip.handle}`,
      );
    }
  });

  it('the same calls without a policy are refused with a typed 403', async () => {
    const signed = new Client(emu.apikey, { security: sign(), urls: emu.urls });
    const { handle } = await signed.upload({ file: PNG });
    const bare = new Client(emu.apikey, { urls: emu.urls });
    const filelink = bare.filelink(handle);
    for (const call of [
      () => bare.upload({ file: PNG }),
      () => filelink.getContent(),
      () => filelink.metadata(),
      () => filelink.flip().store(),
      () => filelink.avConvert({ preset: 'h264' }),
      () => filelink.delete(),
    ]) {
      const error = await rejection(call(), HttpError);
      expect(error.status).toBe(403);
    }
  });

  it('Filelinks and Transformations made by a client inherit its key, policy and hosts', async () => {
    const security = sign('pick', 'read', 'store', 'convert');
    const client = new Client(emu.apikey, { security, urls: emu.urls });
    const uploaded = await client.upload({ file: PNG });
    const made = client.filelink(uploaded.handle);
    const chained = made.resize({ width: 10 });
    const stored = await chained.store();
    for (const object of [uploaded, made, chained, stored]) {
      expect(object.apikey).toBe(emu.apikey);
      expect(object.security).toBe(security);
      expect(object.url.startsWith(`${emu.url}/`)).toBe(true);
    }
    expect(pngSize(await stored.getContent()).width).toBe(10);
  });

  it('a policy given to one call wins for that call only', async () => {
    const uploadOnly = sign('pick');
    const client = new Client(emu.apikey, { security: uploadOnly, urls: emu.urls });
    const filelink = await client.upload({ file: PNG });

    expect((await rejection(filelink.getContent(), HttpError)).status).toBe(403);
    const read = sign('read');
    expect(await filelink.getContent({ security: read })).toHaveLength(PNG.length);
    expect(filelink.signedUrl(read)).toContain(`s:${read.signature}`);
    // Nothing leaked into the Filelink: the next call is signed with its own policy again.
    expect((await rejection(filelink.getContent(), HttpError)).status).toBe(403);
    expect(filelink.signedUrl()).toContain(`s:${uploadOnly.signature}`);

    // And per call on uploads: a client without a policy, a signed upload.
    const bare = new Client(emu.apikey, { urls: emu.urls });
    const signedUpload = await bare.upload({ file: PNG, security: uploadOnly });
    expect(signedUpload.security).toBeUndefined();
  });

  it('takes a policy as { policy, signature } data or as a provider function', async () => {
    const security = sign();
    const data = JSON.parse(JSON.stringify(security)) as { policy: string; signature: string };
    let asked = 0;
    const provider = async () => {
      asked += 1;
      return security;
    };
    const client = new Client(emu.apikey, { security: data, urls: emu.urls });
    const filelink = await client.upload({ file: PNG });
    const viaProvider = new Filelink(filelink.handle, { security: provider, urls: emu.urls });
    expect(await viaProvider.getContent()).toHaveLength(PNG.length);
    expect(asked).toBe(1);
  });

  it('never shows a policy or signature in JSON, inspection or errors', async () => {
    const security = sign('pick');
    const client = new Client(emu.apikey, { security, urls: emu.urls });
    const filelink = await client.upload({ file: PNG });
    const error = await rejection(filelink.resize({ width: 5 }).getContent(), HttpError);
    for (const text of [
      JSON.stringify(client),
      JSON.stringify(filelink),
      JSON.stringify(filelink.flip()),
      inspect(client, { depth: 5 }),
      inspect(filelink, { depth: 5 }),
      inspect(filelink.flip(), { depth: 5 }),
      error.message,
      JSON.stringify(error),
      inspect(error),
    ]) {
      expect(text).not.toContain(security.signature);
      expect(text).not.toContain(security.policyB64);
      expect(text).not.toContain(SECRET);
    }
  });
});
