import { useEmulator } from '@fs/emulator/testing';
import { gradientPng } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { Client, Transformation } from '../src/index.js';
import { recordingFetch, storedRecord } from './helpers.js';

/*
 * Where files land: the client's default `storage` for uploads, and every parameter of
 * `transformation.store()` as the emulator received and stored it (its answer, the file's
 * metadata, and its own record for what it never answers).
 */

const emu = useEmulator();
const PNG = gradientPng(20, 10);
const text = (value: string) => new TextEncoder().encode(value);

describe('new Client(key, { storage })', () => {
  it('stores uploads and URL imports in that location unless storeParams names another', async () => {
    const client = new Client(emu.apikey, { storage: 'gcs', urls: emu.urls });
    expect(client.storage).toBe('gcs');

    const uploaded = await client.upload({ file: PNG });
    expect(await uploaded.metadata(['location'])).toEqual({ location: 'gcs' });
    const imported = await client.uploadUrl(uploaded.url);
    expect(await imported.metadata(['location'])).toEqual({ location: 'gcs' });
    const elsewhere = await client.upload({ file: PNG, storeParams: { location: 'azure' } });
    expect(await elsewhere.metadata(['location'])).toEqual({ location: 'azure' });
  });

  it('without storage the location is the service default, S3', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    expect(client.storage).toBeUndefined();
    const uploaded = await client.upload({ file: PNG });
    expect(await uploaded.metadata(['location'])).toEqual({
      location: expect.stringMatching(/^s3$/i),
    });
  });
});

describe('transformation.store(params)', () => {
  it('sends location, path, container, region, access and workflows, and the file lands there', async () => {
    const { fetch, exchanges } = recordingFetch();
    const client = new Client(emu.apikey, { urls: emu.urls, fetch });
    const source = await client.upload({ file: PNG, storeParams: { filename: 'src.png' } });

    const stored = await source.resize({ width: 10 }).store({
      filename: 'small.png',
      location: 'gcs',
      path: 'thumbs/',
      container: 'my-bucket',
      region: 'eu-west-1',
      access: 'public',
      workflows: ['wf-one', 'wf-two'],
    });
    // One POST of the chain with the store task last, path quoted as the Python SDK writes it.
    expect(exchanges.at(-1)).toMatchObject({
      method: 'POST',
      url: `${emu.url}/resize=width:10/store=access:public,container:my-bucket,filename:small.png,location:gcs,path:%22thumbs/%22,region:eu-west-1,workflows:[wf-one,wf-two]/${source.handle}`,
      status: 200,
    });
    const key = `thumbs/${stored.handle}-small.png`;
    expect(stored.uploadResponse).toMatchObject({
      handle: stored.handle,
      filename: 'small.png',
      mimetype: 'image/png',
      container: 'my-bucket',
      key,
      workflows: ['wf-one', 'wf-two'],
    });
    expect(await stored.metadata(['location', 'path', 'container', 'filename'])).toEqual({
      location: 'gcs',
      path: key,
      container: 'my-bucket',
      filename: 'small.png',
    });
    // Region and access are kept but never answered: the emulator's own record shows them.
    expect(await storedRecord(emu, stored.handle)).toMatchObject({
      location: 'gcs',
      container: 'my-bucket',
      region: 'eu-west-1',
      access: 'public',
      workflows: ['wf-one', 'wf-two'],
    });
  });

  it('base64decode: true stores the decoded bytes of a base64 source, false the text as it is', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const encoded = text(Buffer.from(PNG).toString('base64'));
    const source = await client.upload({ file: encoded, storeParams: { filename: 'png.b64' } });
    const bare = new Transformation(source.handle, { urls: emu.urls });

    const decoded = await bare.store({ base64decode: true, filename: 'decoded.png' });
    expect(Buffer.from(await decoded.getContent()).equals(PNG)).toBe(true);
    expect(decoded.uploadResponse).toMatchObject({ size: PNG.length, mimetype: 'image/png' });

    const kept = await bare.store({ base64decode: false });
    expect(Buffer.from(await kept.getContent()).equals(encoded)).toBe(true);
  });
});
