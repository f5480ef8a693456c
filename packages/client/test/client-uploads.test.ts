import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useEmulator } from '@fs/emulator/testing';
import { rejection, useTempDir } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import {
  Client,
  type ClientUploadResult,
  Filelink,
  HttpError,
  ValidationError,
} from '../src/index.js';
import { storedRecord } from './helpers.js';

/*
 * What filestack-js users reach for on the Client: uploadMany with a result per file,
 * createUpload with pause/resume, sanitized names, a filename computed from the file, alt text.
 */

const emu = useEmulator();
const temp = useTempDir();
const text = (value: string) => new TextEncoder().encode(value);
const read = async (filelink: Filelink) => new TextDecoder().decode(await filelink.getContent());

describe('client.uploadMany(inputs, options)', () => {
  it('resolves with a result per input, in order, each a Filelink or the error of that file', async () => {
    const client = new Client(emu.apikey, { storage: 'gcs', urls: emu.urls });
    const path = join(temp.dir, 'on-disk.txt');
    await writeFile(path, 'from disk');
    const settled: number[] = [];

    const results: ClientUploadResult[] = await client.uploadMany(
      [
        text('bare bytes'),
        { filepath: path },
        { filepath: join(temp.dir, 'missing.txt') },
        { file: text('named'), storeParams: { filename: 'named.txt', upload_tags: { n: '1' } } },
        { file: new Uint8Array(0) },
      ],
      { tags: { batch: 'b' }, onFileSettled: (index) => settled.push(index) },
    );

    expect(results.map((result) => result.ok)).toEqual([true, true, false, true, false]);
    const [bare, disk, missing, named, empty] = results;
    if (!bare?.ok || !disk?.ok || missing?.ok || !named?.ok || empty?.ok) throw new Error('shape');
    expect(await read(bare.filelink)).toBe('bare bytes');
    expect(await read(disk.filelink)).toBe('from disk');
    expect(disk.filelink.uploadResponse?.filename).toBe('on-disk.txt');
    expect(missing?.error).toBeInstanceOf(ValidationError);
    expect(missing?.error).toMatchObject({ option: 'filepath' });
    expect(empty?.error).toBeInstanceOf(ValidationError);
    expect(named.filelink.uploadResponse).toMatchObject({
      filename: 'named.txt',
      uploadTags: { n: '1' },
    });
    expect(bare.filelink.uploadResponse?.uploadTags).toEqual({ batch: 'b' });
    // The client's storage, its key (a Filelink that can delete) and each file settled once.
    expect(await bare.filelink.metadata(['location'])).toEqual({ location: 'gcs' });
    await named.filelink.delete();
    expect(settled.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps a failure of the service to its own file', async () => {
    emu.faults.add({ route: 'start', kind: 'status', status: 400, nth: [1] });
    const client = new Client(emu.apikey, { urls: emu.urls, retry: 0 });
    const results = await client.uploadMany([text('a'), text('b')], { concurrency: 1 });
    expect(results[0]).toMatchObject({ ok: false, error: expect.any(HttpError) });
    expect(results[1]).toMatchObject({ ok: true, filelink: expect.any(Filelink) });
    emu.faults.clear();
  });

  it('rejects when the shared options are invalid, and when inputs is not an array', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    await rejection(client.uploadMany([text('a')], { concurrency: 0 }), ValidationError);
    await rejection(client.uploadMany(text('a') as never), ValidationError);
  });
});

describe('client.createUpload(input, options)', () => {
  it('pauses and resumes, and done resolves with the Filelink', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const bytes = new Uint8Array(3 * 64 * 1024).map((_, i) => i % 251);
    let job: ReturnType<Client['createUpload']> | undefined;
    let pausedOnce = false;
    job = client.createUpload(bytes, {
      partSize: 64 * 1024,
      concurrency: 1,
      onProgress: ({ loaded }) => {
        if (!pausedOnce && loaded > 0) {
          pausedOnce = true;
          job!.pause();
          expect(job!.paused).toBe(true);
          setTimeout(() => job!.resume(), 20);
        }
      },
    });
    const filelink = await job.done;
    expect(pausedOnce).toBe(true);
    expect(job.paused).toBe(false);
    expect(new Uint8Array(await filelink.getContent())).toEqual(bytes);
  });

  it('takes { filepath } on Node, and a pause before the file is open holds the upload', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const path = join(temp.dir, 'paused.txt');
    await writeFile(path, 'held, then sent');
    const puts = () => emu.stats().counts.put;
    const before = puts();
    const job = client.createUpload({ filepath: path });
    job.pause();
    expect(job.paused).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Paused: no part bytes leave (the upload may have been started).
    expect(puts()).toBe(before);
    job.resume();
    expect(await read(await job.done)).toBe('held, then sent');
  });

  it('rejects done with a ValidationError for a bad input, before any request', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const before = emu.stats().counts.start;
    await rejection(client.createUpload('photo.jpg' as never).done, ValidationError);
    await rejection(client.createUpload({ filepath: '' }).done, ValidationError);
    expect(emu.stats().counts.start).toBe(before);
  });
});

describe('names and alt text', () => {
  it('sanitizes stored names by default, keeps them with sanitize: false, or computes them', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const dirty = await client.upload({
      file: new File([text('x')], 'q3/report #1.txt'),
    });
    expect(dirty.uploadResponse?.filename).toBe('q3-report -1.txt');
    const kept = await client.upload({
      file: text('x'),
      storeParams: { filename: 'kept #1.txt' },
      sanitize: false,
    });
    expect(kept.uploadResponse?.filename).toBe('kept #1.txt');
    const computed = await client.upload({
      file: new File([text('12345')], 'photo.png'),
      storeParams: { filename: ({ name, size }) => `${size}-bytes-${name}` },
    });
    expect(computed.uploadResponse?.filename).toBe('5-bytes-photo.png');
  });

  it('stores the alt text of an image (altText, sent as alt)', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const image = await client.upload({
      file: text('not really a png'),
      storeParams: { filename: 'cat.png', altText: 'A cat on a keyboard' },
    });
    expect((await storedRecord(emu, image.handle)).alt).toBe('A cat on a keyboard');
  });
});
