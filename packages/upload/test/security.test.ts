import { createHmac } from 'node:crypto';
import { HttpError, type SignedPolicy } from '@fs/core';
import { serveOrigin, useEmulator } from '@fs/emulator/testing';
import { randomBytes, sha256Hex } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { upload, uploadUrl } from '../src/index.node.js';
import { optionsFor } from './helpers.js';

const SECRET = 'upload-test-secret';
const emu = useEmulator({ secret: SECRET });

/**
 * Signs a policy as a backend would (docs/protocol.md#encoding-and-signing): hex HMAC-SHA256 of the
 * base64url policy.
 */
function sign(policy: Record<string, unknown>, secret = SECRET): SignedPolicy {
  const encoded = Buffer.from(JSON.stringify(policy)).toString('base64url');
  const padded = encoded + '='.repeat((4 - (encoded.length % 4)) % 4);
  return { policy: padded, signature: createHmac('sha256', secret).update(padded).digest('hex') };
}

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

describe('security', () => {
  it('uploads with a signed policy', async () => {
    const bytes = randomBytes(3 * 64 * 1024);
    const security = sign({ expiry: inAnHour(), call: ['pick', 'read', 'store'] });
    const file = await upload(bytes, optionsFor(emu, { security }));
    const cdn = await fetch(
      `${emu.urls.cdn}/${file.handle}?policy=${encodeURIComponent(security.policy)}&signature=${security.signature}`,
    );
    expect(sha256Hex(new Uint8Array(await cdn.arrayBuffer()))).toBe(sha256Hex(bytes));
  });

  it('fails with a typed 403 for a bad signature, and no secret in the error', async () => {
    const security = sign({ expiry: inAnHour() }, 'wrong-secret');
    const error = await upload(randomBytes(10), optionsFor(emu, { security })).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(403);
    const text = `${error.message} ${JSON.stringify(error)} ${String(error.stack)}`;
    expect(text).not.toContain(security.signature);
    expect(text).not.toContain(security.policy);
  });

  it('fails without any policy when the app requires one', async () => {
    const error = await upload(randomBytes(10), optionsFor(emu)).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(403);
  });

  it('asks a provider again once after a policy rejection, then succeeds', async () => {
    const answers = [sign({ expiry: inAnHour() }, 'stale-secret'), sign({ expiry: inAnHour() })];
    let calls = 0;
    const bytes = randomBytes(2 * 64 * 1024 + 1);
    const file = await upload(
      bytes,
      optionsFor(emu, { security: async () => answers[Math.min(calls++, 1)]! }),
    );
    expect(calls).toBe(2);
    expect(file.size).toBe(bytes.length);
  });

  it('gives up after one refresh when the provider keeps handing out bad policies', async () => {
    let calls = 0;
    const error = await upload(
      randomBytes(10),
      optionsFor(emu, {
        security: () => {
          calls++;
          return sign({ expiry: inAnHour() }, 'stale-secret');
        },
      }),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(calls).toBe(2);
  });

  it('refreshes a provided policy that is about to expire before using it again', async () => {
    let calls = 0;
    const security = () => {
      calls++;
      // The first policy expires in 30 s: inside the one-minute refresh margin.
      return sign({ expiry: calls === 1 ? Math.floor(Date.now() / 1000) + 30 : inAnHour() });
    };
    await upload(randomBytes(10), optionsFor(emu, { security }));
    expect(calls).toBe(2);
  });

  it('rejects with a typed error, before any request, when the provider throws', async () => {
    const security = async (): Promise<SignedPolicy> => {
      throw new Error('backend down');
    };
    const error = await upload(randomBytes(10), optionsFor(emu, { security })).catch((e) => e);
    expect(error).toMatchObject({ code: 'SECURITY', message: /backend down/ });
    const fromUrl = await uploadUrl('http://127.0.0.1:9/x.jpg', {
      apikey: emu.apikey,
      urls: emu.urls,
      security,
    }).catch((e) => e);
    expect(fromUrl).toMatchObject({ code: 'SECURITY' });
    expect(emu.stats().requests).toEqual([]);
  });

  it('stores from a URL with the policy as a security task', async () => {
    const bytes = randomBytes(5000);
    const server = await serveOrigin({ '/cat.jpg': { body: bytes, type: 'image/jpeg' } });
    try {
      const security = sign({ expiry: inAnHour() });
      const file = await uploadUrl(`${server.url}/cat.jpg`, {
        apikey: emu.apikey,
        urls: emu.urls,
        security,
      });
      const cdn = await cdnBytesSigned(file.handle, security);
      expect(sha256Hex(cdn)).toBe(sha256Hex(bytes));
      await expect(
        uploadUrl(`${server.url}/cat.jpg`, { apikey: emu.apikey, urls: emu.urls }),
      ).rejects.toBeInstanceOf(HttpError);
    } finally {
      await server.close();
    }
  });
});

async function cdnBytesSigned(handle: string, security: SignedPolicy) {
  const url = `${emu.urls.cdn}/${handle}?policy=${encodeURIComponent(security.policy)}&signature=${security.signature}`;
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}
