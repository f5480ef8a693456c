import { useEmulator } from '@fs/emulator/testing';
import { createPolicy } from '@fs/security';
import { rejection } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { Client, Filelink, HttpError, Security, ValidationError } from '../src/index.js';
import { recordingFetch, storedRecord } from './helpers.js';

/*
 * Filelink.store(): the Python SDK's copy of a stored file to other storage, through the
 * `store` task on the file's own URL.
 */

const SECRET = 'filelink-store-secret';
const emu = useEmulator();
const secured = useEmulator({ secret: SECRET });
const text = (value: string) => new TextEncoder().encode(value);

describe('filelink.store(params)', () => {
  it('copies the file where params say and resolves with a new Filelink of the same bytes', async () => {
    const { fetch, exchanges } = recordingFetch();
    const client = new Client(emu.apikey, { urls: emu.urls, fetch });
    const original = await client.upload({
      file: text('the original'),
      storeParams: { filename: 'a.txt' },
    });

    const copy = await original.store({
      filename: 'b.txt',
      location: 'gcs',
      path: 'archive/',
      container: 'cold',
      region: 'eu-west-1',
      access: 'private',
      workflows: ['wf-1'],
    });
    expect(exchanges.at(-1)).toMatchObject({
      method: 'POST',
      url: `${emu.url}/store=access:private,container:cold,filename:b.txt,location:gcs,path:%22archive/%22,region:eu-west-1,workflows:[wf-1]/${original.handle}`,
      status: 200,
    });
    expect(copy).toBeInstanceOf(Filelink);
    expect(copy.handle).not.toBe(original.handle);
    expect(copy.uploadResponse).toMatchObject({ filename: 'b.txt', container: 'cold' });
    expect(copy.uploadResponse?.key).toMatch(/^archive\//);
    expect(new TextDecoder().decode(await copy.getContent())).toBe('the original');
    expect(await storedRecord(emu, copy.handle)).toMatchObject({
      location: 'gcs',
      region: 'eu-west-1',
      access: 'private',
    });
    // The copy inherits the client's key: it can be deleted without repeating it.
    await copy.delete();
    expect(new TextDecoder().decode(await original.getContent())).toBe('the original');
  });

  it('decodes base64 content with base64decode, as the Python SDK sends it', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const encoded = await client.upload({ file: text(btoa('decoded at last')) });
    const copy = await encoded.store({ base64decode: true });
    expect(new TextDecoder().decode(await copy.getContent())).toBe('decoded at last');
  });

  it('refuses a bad store parameter before any request', async () => {
    const { fetch, exchanges } = recordingFetch();
    const filelink = new Filelink('aBcDeFgHiJkLmNoPqRsT', { urls: emu.urls, fetch });
    const error = await rejection(filelink.store({ access: 'open' as 'public' }), ValidationError);
    expect(error.option).toBe('store.access');
    expect(exchanges).toEqual([]);
  });

  it('signs the copy with the inherited policy, which needs the store call', async () => {
    const all = new Security(createPolicy({ expiresIn: 3600 }), SECRET);
    const client = new Client(secured.apikey, { security: all, urls: secured.urls });
    const original = await client.upload({ file: text('secured') });
    const copy = await original.store({ path: 'copies/' });
    expect(new TextDecoder().decode(await copy.getContent())).toBe('secured');

    const readOnly = new Security(createPolicy({ expiresIn: 3600, call: ['read'] }), SECRET);
    const error = await rejection(original.store({}, { security: readOnly }), HttpError);
    expect(error.status).toBe(403);
  });
});
