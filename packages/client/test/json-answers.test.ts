import { useEmulator } from '@fs/emulator/testing';
import { createPolicy } from '@fs/security';
import { gradientPng, rejection } from '@fs/test-kit';
import type { SfwResult, TagsResult } from '@fs/transform';
import { describe, expect, it } from 'vitest';
import { Client, HttpError, Security } from '../src/index.js';
import { recordingFetch } from './helpers.js';

/*
 * tags(), sfw() and ocr() against the emulator. It cannot compute them, so it answers the fixed
 * JSON its README lists and names the task in `X-Fs-Emulator-Unapplied`; the client hands the
 * JSON back as it came, and the header is seen through the client's `fetch`.
 */

const SECRET = 'json-answers-secret';
const emu = useEmulator();
const secured = useEmulator({ secret: SECRET });
const PNG = gradientPng(16, 12);
const UNAPPLIED = 'x-fs-emulator-unapplied';

const sign = () => new Security(createPolicy({ expiresIn: 3600 }), SECRET);

describe('JSON tasks the emulator answers with fixed bodies', () => {
  it('ocr() resolves with { text: "" } from <cdn>/ocr/<handle>, flagged unapplied', async () => {
    const { fetch, exchanges } = recordingFetch();
    const client = new Client(emu.apikey, { urls: emu.urls, fetch });
    const filelink = await client.upload({ file: PNG });

    const text: Record<string, unknown> = await filelink.ocr();
    expect(text).toEqual({ text: '' });
    const [answer] = exchanges.slice(-1);
    expect(answer).toMatchObject({
      method: 'GET',
      url: `${emu.url}/ocr/${filelink.handle}`,
      status: 200,
    });
    expect(answer?.headers.get(UNAPPLIED)).toBe('ocr');
  });

  it('ocr() of a handle the emulator does not hold rejects with a typed 404', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const error = await rejection(client.filelink('aBcDeFgHiJkLmNoPqRsT').ocr(), HttpError);
    expect(error.status).toBe(404);
  });

  it('tags() and sfw() with a policy resolve with the fixed answers, each flagged unapplied', async () => {
    const emu = secured;
    const { fetch, exchanges } = recordingFetch();
    const client = new Client(emu.apikey, { security: sign(), urls: emu.urls, fetch });
    const filelink = await client.upload({ file: PNG });

    const tags: TagsResult = await filelink.tags();
    expect(tags).toEqual({ tags: { auto: {}, user: null } });
    const tagged = exchanges.at(-1);
    expect(tagged?.url).toMatch(
      new RegExp(`^${emu.url}/tags/security=p:[^/]+,s:[0-9a-f]{64}/${filelink.handle}$`),
    );
    expect(tagged?.headers.get(UNAPPLIED)).toBe('tags');

    const sfw: SfwResult = await filelink.sfw();
    expect(sfw).toEqual({ sfw: true });
    const judged = exchanges.at(-1);
    expect(judged?.url).toMatch(new RegExp(`^${emu.url}/sfw/security=p:`));
    expect(judged?.headers.get(UNAPPLIED)).toBe('sfw');
  });

  it('tags() and sfw() without a policy are refused with a typed 403, even for an app without security', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const filelink = await client.upload({ file: PNG });
    for (const call of [() => filelink.tags(), () => filelink.sfw()]) {
      const error = await rejection(call(), HttpError);
      expect(error.status).toBe(403);
      expect(String(error.body)).toContain('requires a policy and signature');
    }
  });
});
