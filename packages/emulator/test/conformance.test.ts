/**
 * Conformance with the official client: filestack-js, pointed at the emulator, must upload,
 * store, read and delete exactly as against Filestack. This proves the emulator speaks the
 * protocol independently of our own SDK.
 */
import dns from 'node:dns';
import { sha256Hex } from '@fs/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { serveOrigin, useEmulator } from '../src/testing/index.js';
import { download, hooks, inAnHour, signedPolicy, testBytes } from './helpers.js';

// filestack-js's Node adapter resolves `host:port` as a host name (the real service never has a
// port), so against a loopback port its lookup fails with ENOTFOUND 127.0.0.1:PORT. Dropping
// the `:port` suffix in this test process is a harness fix, not an emulator change.
const originalLookup = dns.lookup;
beforeAll(() => {
  (dns as { lookup: unknown }).lookup = (host: string, ...rest: unknown[]) =>
    (originalLookup as (...args: unknown[]) => unknown)(host.replace(/:\d+$/, ''), ...rest);
});
afterAll(() => {
  (dns as { lookup: unknown }).lookup = originalLookup;
});

interface FilestackClient {
  session: { urls: Record<string, string> };
  upload(file: Buffer, options?: object, store?: object): Promise<Record<string, unknown>>;
  storeURL(url: string, store?: object): Promise<Record<string, unknown>>;
  metadata(handle: string, options?: object): Promise<Record<string, unknown>>;
  remove(handle: string): Promise<unknown>;
  setSecurity(security: { policy: string; signature: string }): void;
}

async function officialClient(emu: Emulator): Promise<FilestackClient> {
  const filestack = (await import('filestack-js')) as unknown as {
    init(apikey: string, options?: object): FilestackClient;
  };
  const client = filestack.init(emu.apikey);
  client.session.urls = {
    ...client.session.urls,
    uploadApiUrl: emu.urls.upload,
    cdnUrl: emu.urls.cdn,
    fileApiUrl: `${emu.urls.api}/file`,
    processUrl: emu.urls.process,
  };
  return client;
}

// 13 MiB + 7: three regular 6 MiB parts (the last short), two 8 MiB FII parts.
const bytes = testBytes(13 * 1024 * 1024 + 7, 33);

describe('filestack-js against the emulator', () => {
  const emu = useEmulator({ hooks });
  let client: FilestackClient;
  beforeAll(async () => {
    client = await officialClient(emu);
  });

  it('uploads in regular mode; the CDN returns the same sha256', async () => {
    const file = await client.upload(
      bytes,
      { intelligent: false, retry: 0 },
      { filename: 'big.bin' },
    );
    expect(file).toMatchObject({ size: bytes.length, status: 'Stored', filename: 'big.bin' });
    expect(sha256Hex(await download(`${emu.url}/${file.handle}`))).toBe(sha256Hex(bytes));
    const { counts } = emu.stats();
    expect(counts).toMatchObject({ start: 1, upload: 3, put: 3, commit: 0, complete: 1 });
  });

  it('uploads in intelligent mode; the CDN returns the same sha256', async () => {
    const file = await client.upload(
      bytes,
      { intelligent: true, retry: 0 },
      { filename: 'fii.bin' },
    );
    expect(file.size).toBe(bytes.length);
    expect(sha256Hex(await download(`${emu.url}/${file.handle}`))).toBe(sha256Hex(bytes));
    expect(emu.stats().counts).toMatchObject({ start: 1, commit: 2, complete: 1 });
  });

  it('retries through injected 503s and resets and still stores the same bytes', async () => {
    emu.faults.add({ route: 'put', kind: 'status', nth: [2] });
    emu.faults.add({ route: 'upload', kind: 'reset', nth: [1] });
    const file = await client.upload(
      bytes,
      { intelligent: false, retry: 3, retryFactor: 1, retryMaxTime: 50 },
      { filename: 'retried.bin' },
    );
    expect(sha256Hex(await download(`${emu.url}/${file.handle}`))).toBe(sha256Hex(bytes));
    const puts = emu.stats().requests.filter((r) => r.route === 'put');
    expect(puts.map((r) => r.status).sort()).toEqual([200, 200, 200, 503]);
  });

  it('re-sends complete after a 202 and re-signs a part after RequestTimeTooSkewed', async () => {
    emu.faults.add({ route: 'complete', kind: 'accepted', times: 1 });
    emu.faults.add({ route: 'put', kind: 'skew', nth: [1] });
    const small = testBytes(100_000, 35);
    const file = await client.upload(
      small,
      { intelligent: false, retry: 0 },
      { filename: 's.bin' },
    );
    expect(sha256Hex(await download(`${emu.url}/${file.handle}`))).toBe(sha256Hex(small));
    const { counts, requests } = emu.stats();
    expect(counts).toMatchObject({ upload: 2, put: 2, complete: 2 });
    expect(requests.filter((r) => r.route === 'complete').map((r) => r.status)).toEqual([202, 200]);
  });

  it('stores a URL, reads metadata and removes a file', async () => {
    const source = await serveOrigin({
      '/x.txt': { body: Buffer.from('from url'), type: 'text/plain' },
    });
    try {
      const stored = await client.storeURL(`${source.url}/x.txt`, { location: 's3' });
      expect(stored.handle).toMatch(/^[A-Za-z0-9]{20}$/);
      const meta = await client.metadata(stored.handle as string, { size: true, md5: true });
      expect(meta).toMatchObject({ size: 8, handle: stored.handle });
      // filestack-js refuses to delete without a policy; this emulator has no secret to check it.
      client.setSecurity(signedPolicy('unchecked', { expiry: inAnHour(), call: ['remove'] }));
      await client.remove(stored.handle as string);
      const gone = await fetch(`${emu.url}/${stored.handle}`);
      expect(gone.status).toBe(404);
    } finally {
      await source.close();
    }
  });
});

describe('filestack-js with app security', () => {
  it('uploads with a signed policy and is refused without one', async () => {
    const secret = 'conformance-secret';
    const emu = await startEmulator({ port: 0, secret });
    try {
      const client = await officialClient(emu);
      const small = testBytes(1000, 34);
      await expect(
        client.upload(small, { retry: 0 }, { filename: 'no-policy.bin' }),
      ).rejects.toBeDefined();
      // filestack-js writes policies in the standard base64 alphabet.
      client.setSecurity(signedPolicy(secret, { expiry: inAnHour(), call: ['pick'] }, 'standard'));
      const file = await client.upload(small, { retry: 0 }, { filename: 'policy.bin' });
      const read = signedPolicy(secret, { expiry: inAnHour(), call: ['read'] });
      const url = `${emu.url}/${file.handle}?policy=${read.policy}&signature=${read.signature}`;
      expect(sha256Hex(await download(url))).toBe(sha256Hex(small));
    } finally {
      await emu.close();
    }
  });
});
