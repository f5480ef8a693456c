import { createHmac } from 'node:crypto';
import { AbortError, FilestackError, HttpError, ValidationError } from '@fs/core';
import { type Emulator, startEmulator } from '@fs/emulator';
import { thrown } from '@fs/test-kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  flip,
  getContent,
  getImageSize,
  getJson,
  getMetadata,
  getTags,
  resize,
  storeTransform,
  task,
  transformUrl,
} from '../src/index.js';
import { rawUpload } from './raw-upload.js';

/*
 * Against @fs/emulator over loopback: stored files, the store task, the metadata task and the
 * emulator's 400s as typed HttpErrors. Image processing itself is in processing.test.ts.
 */

const BYTES = new TextEncoder().encode('hello from @fs/transform');

/** Uploads `bytes` as a text file, signed when the emulator has a secret; returns the handle. */
const upload = (emu: Emulator, bytes: Uint8Array, filename = 'hello.txt') =>
  rawUpload(emu, bytes, { filename, mimetype: 'text/plain' }, security(emu, ['pick']));

/** The real fetch, noting each URL it is asked for (ky hands it a Request). */
function recordingFetch(seen: string[]): typeof fetch {
  return (input, init) => {
    seen.push(input instanceof Request ? input.url : String(input));
    return fetch(input, init);
  };
}

/** A policy signed with the emulator's secret, as a server with `@fs/security` would make. */
function security(emu: Emulator, call: string[]): { policy?: string; signature?: string } {
  if (!emu.secret) return {};
  const json = JSON.stringify({ expiry: Math.floor(Date.now() / 1000) + 600, call });
  // URL-safe base64 with its padding, as Filestack policies are written.
  const policy = Buffer.from(json).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  const signature = createHmac('sha256', emu.secret).update(policy).digest('hex');
  return { policy, signature };
}

describe('without security', () => {
  let emu: Emulator;
  let handle: string;
  let options: { apikey: string; urls: Emulator['urls'] };

  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
    handle = await upload(emu, BYTES);
    options = { apikey: emu.apikey, urls: emu.urls };
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.reset());

  it('getContent downloads a handle', async () => {
    expect(await getContent(handle, [], options)).toEqual(BYTES);
  });

  it('getContent reports an unknown handle as a 404 HttpError', async () => {
    const error = await getContent('aBcDeFgHiJkLmNoPqRsT', [], options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(404);
  });

  it('a parameter the service refuses surfaces as a typed 400 HttpError', async () => {
    // task() passes the parameter through unchecked; the emulator checks its own catalog.
    const refused = [task('resize', { width: 400, depth: 3 })];
    const error = await getContent(handle, refused, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(400);
    expect((error as HttpError).method).toBe('GET');
    expect((error as HttpError).url).toBe(transformUrl(handle, refused, options));
    expect(String((error as HttpError).body)).toContain('resize.depth');
    expect((error as HttpError).retryable).toBe(false);
  });

  it('the JSON helpers surface the 400 for a file that is not an image, and parse JSON', async () => {
    const error = await getImageSize(handle, [], options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(400);
    // The emulator answers tags with a fixed body (and says so in a header). tags needs security
    // even on an app without it (docs/protocol.md#tags-sfw-and-ocr); with no secret the emulator
    // only sees that it is sent.
    const json = JSON.stringify({ expiry: 4102444800, call: ['convert'] });
    const policy = Buffer.from(json).toString('base64');
    const signature = createHmac('sha256', 'any-app-secret').update(policy).digest('hex');
    const secured = { ...options, security: { policy, signature } };
    expect(await getTags(handle, [], secured)).toEqual({ tags: { auto: {}, user: null } });
  });

  it('storeTransform POSTs the chain with a store task and answers the new file', async () => {
    const seen: string[] = [];
    const file = await storeTransform(handle, [], {
      ...options,
      fetch: recordingFetch(seen),
      store: { filename: 'copy.txt', path: 'copies/', location: 's3' },
    });
    expect(file.handle).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(file.handle).not.toBe(handle);
    expect(file.filename).toBe('copy.txt');
    expect(file.size).toBe(BYTES.length);
    expect(file.key).toMatch(/^copies\//);
    expect(await getContent(file.handle, [], options)).toEqual(BYTES);
    expect(emu.stats().requests[0]?.method).toBe('POST');
    expect(seen[0]).toBe(
      `${emu.url}/store=filename:copy.txt,location:s3,path:%22copies/%22/${handle}`,
    );
  });

  it('storeTransform stores an external URL, with the key in the URL', async () => {
    const file = await storeTransform(`${emu.url}/${handle}`, [], options);
    expect(await getContent(file.handle, [], options)).toEqual(BYTES);
  });

  it('getMetadata reads the metadata task', async () => {
    const metadata = await getMetadata(handle, [], options);
    expect(metadata).toMatchObject({ filename: 'hello.txt', size: BYTES.length });
  });

  it('getJson refuses an answer that is not JSON', async () => {
    const error = await getJson(handle, [], options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FilestackError);
    expect((error as FilestackError).code).toBe('PROTOCOL');
  });

  it('sends nothing when the input is invalid', async () => {
    await expect(
      getContent(handle, [resize({ width: 400 })], { urls: { cdn: 'ftp://x' } }),
    ).rejects.toThrow('urls.cdn');
    thrown(() => resize({ width: -1 }), ValidationError, { option: 'resize.width', received: -1 });
    await expect(getContent('not a handle', [flip()], options)).rejects.toMatchObject({
      option: 'source',
    });
    await expect(
      storeTransform(handle, [], { ...options, store: { location: 'moon' as never } }),
    ).rejects.toMatchObject({
      option: 'store.location',
    });
    expect(emu.stats().requests).toEqual([]);
  });

  it('getContent retries a 503 with the HTTP layer of @fs/core', async () => {
    emu.faults.add({ route: 'cdn', kind: 'status', status: 503, times: 1 });
    const bytes = await getContent(handle, [], { ...options, retry: { baseDelay: 1 } });
    expect(bytes).toEqual(BYTES);
    expect(emu.stats().requests.map((r) => r.status)).toEqual([503, 200]);
  });

  it('storeTransform does not repeat a POST that may have stored a file', async () => {
    emu.faults.add({ route: 'cdn', kind: 'status', status: 503, times: 1 });
    const error = await storeTransform(handle, [], { ...options, retry: { baseDelay: 1 } }).catch(
      (e: unknown) => e,
    );
    expect((error as HttpError).status).toBe(503);
    expect((error as HttpError).retryable).toBe(true);
    expect(emu.stats().requests).toHaveLength(1);
  });

  it('stops at an aborted signal with an AbortError', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await getContent(handle, [], { ...options, signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AbortError);
  });
});

describe('with security', () => {
  let emu: Emulator;
  let handle: string;
  let options: { apikey: string; urls: Emulator['urls'] };

  beforeAll(async () => {
    emu = await startEmulator({ port: 0, secret: 'transform-test-secret' });
    handle = await upload(emu, BYTES);
    options = { apikey: emu.apikey, urls: emu.urls };
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.reset());

  it('a missing policy is a 403 HttpError that never shows a policy', async () => {
    const error = await getContent(handle, [], options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(403);
  });

  it('a signed policy is written last and accepted', async () => {
    const signed = security(emu, ['read']) as { policy: string; signature: string };
    const seen: string[] = [];
    expect(
      await getContent(handle, [], { ...options, security: signed, fetch: recordingFetch(seen) }),
    ).toEqual(BYTES);
    expect(seen).toEqual([
      `${emu.url}/security=p:${signed.policy},s:${signed.signature}/${handle}`,
    ]);
  });

  it('a provider is asked again after a 403, and the request repeated once', async () => {
    let calls = 0;
    const provider = () => {
      calls++;
      // The first policy lacks the `store` call; the second one has it.
      return security(emu, calls === 1 ? ['read'] : ['read', 'store']) as {
        policy: string;
        signature: string;
      };
    };
    const file = await storeTransform(handle, [], { ...options, security: provider });
    expect(calls).toBe(2);
    expect(file.size).toBe(BYTES.length);
    expect(emu.stats().requests.map((r) => r.status)).toEqual([403, 200]);
  });

  it('data that the service rejects is not retried', async () => {
    const stale = security(emu, ['stat']) as { policy: string; signature: string };
    const error = await getContent(handle, [], { ...options, security: stale }).catch(
      (e: unknown) => e,
    );
    expect((error as HttpError).status).toBe(403);
    expect(emu.stats().requests).toHaveLength(1);
    expect(JSON.stringify(error)).not.toContain(stale.signature);
    expect((error as Error).message).not.toContain(stale.signature);
  });
});
