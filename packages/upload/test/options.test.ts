import { ValidationError } from '@fs/core';
import { describe, expect, it } from 'vitest';
import { createUpload, upload } from '../src/index.node.js';
import { resolveUploadOptions } from '../src/options.js';
import { locationBase } from '../src/upload-api.js';

const runtime = { md5: async () => '', transport: async () => ({ status: 200, etag: '"x"' }) };
const APIKEY = 'AhTgLagciQByzXpFGRI0Az';

function rejects(options: Record<string, unknown>, option: string) {
  let error: unknown;
  try {
    resolveUploadOptions({ apikey: APIKEY, ...options }, runtime);
  } catch (thrown) {
    error = thrown;
  }
  expect(error, `expected a ValidationError for ${option}`).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).option).toBe(option);
  return error as ValidationError;
}

describe('upload options', () => {
  it('applies the documented defaults', () => {
    const config = resolveUploadOptions({ apikey: APIKEY }, runtime);
    expect(config).toMatchObject({
      concurrency: 4,
      integrity: true,
      intelligent: false,
      timeout: 30_000,
      progressTimeout: 120_000,
      store: { location: 's3' },
    });
    expect(config.hosts.upload).toBe('https://upload.filestackapi.com');
  });

  it('names the option, what was given and what is allowed', () => {
    const error = rejects({ partSize: 0 }, 'partSize');
    expect(error.message).toContain('got 0');
    expect(error.message).toContain('an integer from 1 to');
    rejects({ concurrency: 21 }, 'concurrency');
    rejects({ concurrency: 1.5 }, 'concurrency');
    rejects({ chunkSize: 1024 }, 'chunkSize');
    rejects({ intelligent: 'yes' }, 'intelligent');
    rejects({ integrity: 'no' }, 'integrity');
    rejects({ timeout: -1 }, 'timeout');
    rejects({ progressTimeout: 0 }, 'progressTimeout');
    rejects({ progressTimeout: Number.POSITIVE_INFINITY }, 'progressTimeout');
    rejects({ progressTimeout: '2m' }, 'progressTimeout');
    rejects({ onProgress: 'log' }, 'onProgress');
    rejects({ signal: {} }, 'signal');
    rejects({ store: { location: 'ftp' } }, 'store.location');
    rejects({ urls: { upload: 'not a url' } }, 'urls.upload');
  });

  it('requires an API key and never echoes it', () => {
    rejects({ apikey: undefined }, 'apikey');
    const error = rejects({ apikey: 'secret key with spaces' }, 'apikey');
    expect(error.message).not.toContain('secret key');
  });

  it('checks upload tags against the service limits', () => {
    rejects({ tags: { a: 1 } }, 'tags');
    rejects(
      { tags: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v'])) },
      'tags',
    );
    rejects({ tags: { ['k'.repeat(129)]: 'v' } }, 'tags');
    rejects({ tags: { k: 'v'.repeat(257) } }, 'tags');
    const config = resolveUploadOptions({ apikey: APIKEY, tags: { customer: '42' } }, runtime);
    expect(config.tags).toEqual({ customer: '42' });
  });

  it('takes filename and mimetype out of the store object sent to the API', () => {
    const store = {
      location: 'gcs' as const,
      filename: 'a.txt',
      mimetype: 'text/plain',
      path: 'x/',
    };
    const config = resolveUploadOptions({ apikey: APIKEY, store }, runtime);
    expect(config.store).toEqual({ location: 'gcs', path: 'x/' });
    expect(config.mimetype).toBe('text/plain');
    // The name is chosen per file, once the input is known.
    expect(config.nameFor({ input: new Uint8Array(1), name: 'b.bin', type: '', size: 1 })).toBe(
      'a.txt',
    );
    expect(store.filename).toBe('a.txt');
  });

  it('rejects bad options through the promise, before any request', async () => {
    const requests: string[] = [];
    const fetch = async (input: Request | string | URL) => {
      requests.push(String(input));
      return new Response('{}');
    };
    await expect(
      upload(new Uint8Array(1), { apikey: APIKEY, partSize: -1, fetch }),
    ).rejects.toThrow(ValidationError);
    await expect(upload(new Uint8Array(0), { apikey: APIKEY, fetch })).rejects.toThrow(
      /at least 1 byte/,
    );
    await expect(
      upload('./file.txt' as unknown as Uint8Array, { apikey: APIKEY, fetch }),
    ).rejects.toThrow(/uploadFile/);
    const handle = createUpload(new Uint8Array(0), { apikey: APIKEY, fetch });
    handle.pause();
    handle.resume();
    await expect(handle.done).rejects.toThrow(ValidationError);
    expect(requests).toEqual([]);
  });
});

describe('locationBase', () => {
  it('uses a location_url with a scheme as is and prefixes https:// otherwise', () => {
    expect(locationBase('http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000');
    expect(locationBase('upload-eu-west-1.filestackapi.com')).toBe(
      'https://upload-eu-west-1.filestackapi.com',
    );
  });
});
