import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { useEmulator } from '@fs/emulator/testing';
import { gradientPng, rejection, useTempDir } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  Client,
  Filelink,
  FilestackError,
  HttpError,
  NetworkError,
  ValidationError,
} from '../src/index.js';

/*
 * Errors are the packages' typed errors, and nothing is swallowed: bad input is a
 * ValidationError naming the option before any request; service answers are HttpErrors with
 * their status; aborts and dead hosts are AbortError and NetworkError.
 */

const emu = useEmulator();
const temp = useTempDir('fs-client-');
const PNG = gradientPng(8, 8);
const HANDLE = 'aBcDeFgHiJkLmNoPqRsT';

/** Requests the emulator has seen so far, all routes together. */
const requests = () => emu.stats().requests.length;

describe('validation, before any request', () => {
  it('constructors refuse a bad API key, handle, host, storage or policy', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => new Client('not a key!'), 'apikey'],
      [() => new Client(undefined as unknown as string), 'apikey'],
      [() => new Client('KEY', { urls: { cdn: 'ftp://x' } }), 'urls.cdn'],
      [() => new Client('KEY', { cname: 'https://x.com/' }), 'cname'],
      [() => new Client('KEY', { storage: 'ftp' as 's3' }), 'storage.location'],
      [() => new Client('KEY', { security: { policy: 'p' } as never }), 'security'],
      [() => new Filelink('short'), 'handle'],
      [() => new Filelink(HANDLE, { apikey: 'a b' }), 'apikey'],
      [() => new Client('KEY').transformExternal('example.com/a.jpg'), 'source'],
      [() => new Filelink(HANDLE).resize({ width: 0 }), 'resize.width'],
      [() => new Filelink(HANDLE).signedUrl(), 'security'],
      [
        () =>
          new Filelink(HANDLE, {
            security: async () => ({ policy: 'x', signature: 'y' }),
          }).signedUrl(),
        'security',
      ],
    ];
    for (const [make, option] of cases) {
      let error: unknown;
      try {
        make();
      } catch (caught) {
        error = caught;
      }
      expect(error, option).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).option).toBe(option);
    }
  });

  it('calls reject with a ValidationError and send nothing', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const filelink = client.filelink(HANDLE);
    const before = requests();
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => client.upload({}), 'file'],
      [() => client.upload({ file: PNG, filepath: 'x.png' }), 'file'],
      [() => client.upload({ filepath: temp.path('missing.png') }), 'filepath'],
      [
        () => client.upload({ file: PNG, storeParams: { access: 'open' as 'public' } }),
        'store.access',
      ],
      [() => client.upload({ file: PNG, security: { policy: 1 } as never }), 'security'],
      [() => client.uploadUrl('not a url'), 'url'],
      [() => client.zip(temp.path('a.zip'), []), 'source'],
      [() => filelink.download(join(temp.dir, 'no-such-dir', 'x.png')), 'path'],
      [() => filelink.download(temp.dir), 'path'],
      [() => filelink.overwrite({ file: PNG, url: 'https://example.com' } as never), 'overwrite'],
      [() => filelink.overwrite({ url: 'example.com' }), 'overwrite'],
      [() => filelink.overwrite({ file: 'bytes' as never }), 'overwrite'],
      [() => filelink.overwrite({ file: PNG }, { base64decode: 'yes' as never }), 'base64decode'],
      [() => filelink.metadata(['size', 'not a field' as 'size']), 'fields'],
      [() => new Filelink(HANDLE, { urls: emu.urls }).delete(), 'apikey'],
      [() => filelink.getContent({ security: { signature: 'x' } as never }), 'security'],
      [() => filelink.flip().store({ access: 'open' as 'public' }), 'store.access'],
    ];
    for (const [call, option] of cases) {
      const error = await rejection(call(), ValidationError);
      expect(error.option, option).toBe(option);
    }
    expect(requests()).toBe(before);
  });
});

describe('typed errors from the service and the network', () => {
  it('an unknown handle is an HttpError 404 on every read', async () => {
    const filelink = new Client(emu.apikey, { urls: emu.urls }).filelink(HANDLE);
    for (const call of [
      () => filelink.getContent(),
      () => filelink.download(temp.path('missing.bin')),
      () => filelink.metadata(),
      () => filelink.overwrite({ file: PNG }),
      () => filelink.delete(),
      () => filelink.flip().store(),
    ]) {
      const error = await rejection(call(), HttpError);
      expect(error.status).toBe(404);
      expect(error).toBeInstanceOf(FilestackError);
    }
  });

  it('a task the CDN refuses is an HttpError 400 with its answer', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const filelink = await client.upload({ file: PNG });
    const error = await rejection(
      filelink.task('resize', { width: 'huge' }).getContent(),
      HttpError,
    );
    expect(error.status).toBe(400);
    expect(String(error.body)).toMatch(/resize/);
  });

  it('a failed download leaves no partial file', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls, retry: 0 });
    const filelink = await client.upload({ file: new Uint8Array(2 * 1024 * 1024).fill(7) });
    emu.faults.add({ route: 'cdn', kind: 'status', status: 500, times: 1 });
    const target = temp.path('failed.bin');
    expect((await rejection(filelink.download(target), HttpError)).status).toBe(500);
    expect(existsSync(target)).toBe(false);
  });

  it('a download aborted while it streams rejects with an AbortError and leaves no file', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const filelink = await client.upload({ file: new Uint8Array(48 * 1024 * 1024).fill(3) });
    const target = temp.path('aborted.bin');
    const controller = new AbortController();
    const download = filelink.download(target, { signal: controller.signal });
    // Abort once the file exists, i.e. while the body is being written.
    while (!existsSync(target)) await new Promise((resolve) => setTimeout(resolve, 1));
    controller.abort();
    await rejection(download, AbortError);
    expect(existsSync(target)).toBe(false);
  });

  it('an aborted call rejects with an AbortError', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const filelink = await client.upload({ file: PNG });
    emu.faults.add({ route: 'cdn', kind: 'stall', ms: 2000, times: 1 });
    const controller = new AbortController();
    const call = filelink.getContent({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await rejection(call, AbortError);
    const upload = client.upload({ file: PNG, signal: AbortSignal.abort() });
    await rejection(upload, AbortError);
  });

  it('a host that does not answer is a NetworkError', async () => {
    const client = new Client('KEY', { urls: { cdn: 'http://127.0.0.1:9' }, retry: 0 });
    await rejection(client.filelink(HANDLE).getContent(), NetworkError);
  });
});
