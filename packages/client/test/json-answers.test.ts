import { useEmulator } from '@fs/emulator/testing';
import { createPolicy } from '@fs/security';
import { gradientPng, rejection } from '@fs/test-kit';
import type { SfwResult, TagsResult } from '@fs/transform';
import { describe, expect, it } from 'vitest';
import { Client, HttpError, Security, ValidationError } from '../src/index.js';
import { recordingFetch } from './helpers.js';

/*
 * tags(), sfw() and ocr() against the emulator. It cannot compute them, so it answers the fixed
 * JSON its README lists and names the task in `X-Fs-Emulator-Unapplied`; the client hands the
 * JSON back as it came, and the header is seen through the client's `fetch`. All three need a
 * policy, as in the Python SDK.
 */

const SECRET = 'json-answers-secret';
const emu = useEmulator();
const secured = useEmulator({ secret: SECRET });
const PNG = gradientPng(16, 12);
const UNAPPLIED = 'x-fs-emulator-unapplied';

const sign = () => new Security(createPolicy({ expiresIn: 3600 }), SECRET);

describe('JSON tasks the emulator answers with fixed bodies', () => {
  it('ocr() with a policy resolves with { text: "" } from <cdn>/ocr/security=.../<handle>, flagged unapplied', async () => {
    const { fetch, exchanges } = recordingFetch();
    const client = new Client(secured.apikey, { security: sign(), urls: secured.urls, fetch });
    const filelink = await client.upload({ file: PNG });

    const text: Record<string, unknown> = await filelink.ocr();
    expect(text).toEqual({ text: '' });
    const [answer] = exchanges.slice(-1);
    expect(answer).toMatchObject({ method: 'GET', status: 200 });
    expect(answer?.url).toMatch(
      new RegExp(`^${secured.url}/ocr/security=p:[^/]+,s:[0-9a-f]{64}/${filelink.handle}$`),
    );
    expect(answer?.headers.get(UNAPPLIED)).toBe('ocr');
  });

  it('ocr() of a handle the emulator does not hold rejects with a typed 404', async () => {
    const client = new Client(secured.apikey, { security: sign(), urls: secured.urls });
    const error = await rejection(client.filelink('aBcDeFgHiJkLmNoPqRsT').ocr(), HttpError);
    expect(error.status).toBe(404);
  });

  it('tags() and sfw() with a policy resolve with the fixed answers, each flagged unapplied', async () => {
    const { fetch, exchanges } = recordingFetch();
    const client = new Client(secured.apikey, { security: sign(), urls: secured.urls, fetch });
    const filelink = await client.upload({ file: PNG });

    const tags: TagsResult = await filelink.tags();
    expect(tags).toEqual({ tags: { auto: {}, user: null } });
    const tagged = exchanges.at(-1);
    expect(tagged?.url).toMatch(
      new RegExp(`^${secured.url}/tags/security=p:[^/]+,s:[0-9a-f]{64}/${filelink.handle}$`),
    );
    expect(tagged?.headers.get(UNAPPLIED)).toBe('tags');

    const sfw: SfwResult = await filelink.sfw();
    expect(sfw).toEqual({ sfw: true });
    const judged = exchanges.at(-1);
    expect(judged?.url).toMatch(new RegExp(`^${secured.url}/sfw/security=p:`));
    expect(judged?.headers.get(UNAPPLIED)).toBe('sfw');
  });

  it('tags(), sfw() and ocr() without a policy reject with a ValidationError before any request, as in Python', async () => {
    const { fetch, exchanges } = recordingFetch();
    const client = new Client(emu.apikey, { urls: emu.urls, fetch });
    const filelink = await client.upload({ file: PNG });
    const sent = exchanges.length;
    const chain = filelink.resize({ width: 8 });
    for (const [name, call] of [
      ['tags', () => filelink.tags()],
      ['sfw', () => chain.sfw()],
      ['ocr', () => filelink.ocr()],
    ] as const) {
      const error = await rejection(call(), ValidationError);
      expect(error.option).toBe('security');
      expect(error.message).toContain(`a policy for ${name}()`);
    }
    expect(exchanges.length).toBe(sent);
  });

  it('tags() takes a policy given to the call, or a function that fetches one', async () => {
    const client = new Client(secured.apikey, { urls: secured.urls });
    const filelink = await client.upload({ file: PNG, security: sign() });
    expect(await filelink.tags({ security: sign() })).toHaveProperty('tags');
    expect(await filelink.sfw({ security: async () => sign() })).toEqual({ sfw: true });
  });

  it('the service still answers 403 to a tags URL sent without a policy, which is why the client refuses it', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const filelink = await client.upload({ file: PNG });
    const error = await rejection(filelink.task('tags').getJson(), HttpError);
    expect(error.status).toBe(403);
    expect(String(error.body)).toContain('requires a policy and signature');
  });
});
