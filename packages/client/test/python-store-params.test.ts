import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Origin, serveOrigin, useEmulator } from '@fs/emulator/testing';
import { rejection } from '@fs/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, HttpError, ValidationError } from '../src/index.js';
import { recordingFetch, storedRecord } from './helpers.js';

/*
 * The Python SDK's `store_params` keys where the Python SDK takes them (upload_tags as tags,
 * base64decode where the service decodes), a ValidationError saying where a value goes when
 * the service does not take it there, and delete's skip_storage.
 */

const emu = useEmulator();
let origin: Origin;
beforeAll(async () => {
  origin = await serveOrigin({
    '/plain.txt': { body: 'plain text', type: 'text/plain' },
    '/encoded.txt': { body: btoa('decoded by the service'), type: 'text/plain' },
  });
});
afterAll(() => origin.close());
const text = (value: string) => new TextEncoder().encode(value);
const read = async (bytes: Promise<Uint8Array>) => new TextDecoder().decode(await bytes);

describe('store params as the Python SDK writes them', () => {
  it('upload_tags in storeParams are the upload tags, on upload and uploadUrl', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const uploaded = await client.upload({
      file: text('tagged'),
      storeParams: { filename: 't.txt', upload_tags: { order: '42' } },
    });
    expect(uploaded.uploadResponse?.uploadTags).toEqual({ order: '42' });
    const imported = await client.uploadUrl(`${origin.url}/plain.txt`, {
      path: 'imports/',
      upload_tags: { source: 'web' },
    });
    expect(imported.uploadResponse?.uploadTags).toEqual({ source: 'web' });
    expect(imported.uploadResponse?.key).toMatch(/^imports\//);
  });

  it('upload_tags beside tags is refused before any request: one spelling of the same tags', async () => {
    const { fetch, exchanges } = recordingFetch();
    const client = new Client(emu.apikey, { urls: emu.urls, fetch });
    const error = await rejection(
      client.upload({
        file: text('x'),
        tags: { a: '1' },
        storeParams: { upload_tags: { b: '2' } },
      }),
      ValidationError,
    );
    expect(error.option).toBe('storeParams.upload_tags');
    await rejection(
      client.uploadUrl(
        `${origin.url}/plain.txt`,
        { upload_tags: { b: '2' } },
        { tags: { a: '1' } },
      ),
      ValidationError,
    );
    expect(exchanges).toEqual([]);
  });

  it('base64decode on uploadUrl stores the decoded bytes', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const imported = await client.uploadUrl(`${origin.url}/encoded.txt`, { base64decode: true });
    expect(await read(imported.getContent())).toBe('decoded by the service');
  });

  it('base64decode on an upload is refused before any request, saying where it works', async () => {
    const { fetch, exchanges } = recordingFetch();
    const client = new Client(emu.apikey, { urls: emu.urls, fetch });
    const error = await rejection(
      client.upload({ file: text(btoa('x')), storeParams: { base64decode: true } as never }),
      ValidationError,
    );
    expect(error.option).toBe('store.base64decode');
    expect(error.message).toMatch(/Upload the decoded bytes.*store task.*overwrite/);
    expect(exchanges).toEqual([]);
  });

  it('mimetype on uploadUrl is refused before any request, saying where the type comes from', async () => {
    const { fetch, exchanges } = recordingFetch();
    const client = new Client(emu.apikey, { urls: emu.urls, fetch });
    const error = await rejection(
      client.uploadUrl(`${origin.url}/plain.txt`, { mimetype: 'image/png' } as never),
      ValidationError,
    );
    expect(error.option).toBe('store.mimetype');
    expect(error.message).toContain('Content-Type the source answers');
    expect(exchanges).toEqual([]);
  });
});

describe('filelink.delete({ skipStorage })', () => {
  /** The names of the stored byte files of the emulator's data dir. */
  const blobs = async () =>
    (await readdir(join(emu.dataDir, 'files'))).filter((name) => !name.endsWith('.json'));

  it('sends skip_storage=true: the record goes, the stored bytes stay', async () => {
    const { fetch, exchanges } = recordingFetch();
    const client = new Client(emu.apikey, { urls: emu.urls, fetch });
    const kept = await client.upload({ file: text('keep my bytes') });
    const blob = String((await storedRecord(emu, kept.handle)).blob ?? `${kept.handle}.bin`);

    await kept.delete({ skipStorage: true });
    expect(exchanges.at(-1)).toMatchObject({ method: 'DELETE', status: 200 });
    expect(new URL(exchanges.at(-1)!.url).searchParams.get('skip_storage')).toBe('true');
    expect(await blobs()).toContain(blob.replace(/\.bin$/, '.kept'));
    expect((await rejection(kept.getContent(), HttpError)).status).toBe(404);
  });

  it('without it sends no skip_storage, and the emulator keeps nothing of the bytes', async () => {
    const { fetch, exchanges } = recordingFetch();
    const client = new Client(emu.apikey, { urls: emu.urls, fetch });
    const gone = await client.upload({ file: text('remove my bytes') });
    const blob = String((await storedRecord(emu, gone.handle)).blob ?? `${gone.handle}.bin`);
    await gone.delete();
    expect(new URL(exchanges.at(-1)!.url).searchParams.has('skip_storage')).toBe(false);
    expect(await blobs()).not.toContain(blob.replace(/\.bin$/, '.kept'));
  });

  it('refuses a skipStorage that is not a boolean, before any request', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const error = await rejection(
      client.filelink('aBcDeFgHiJkLmNoPqRsT').delete({ skipStorage: 'yes' as never }),
      ValidationError,
    );
    expect(error.option).toBe('skipStorage');
  });
});
