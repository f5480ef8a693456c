import { existsSync } from 'node:fs';
import { useEmulator } from '@fs/emulator/testing';
import { createPolicy } from '@fs/security';
import { everyRendering, rejection, startServer, useTempDir } from '@fs/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, Filelink, Security, TimeoutError, ValidationError } from '../src/index.js';

const SECRET = 'client-secrets-test';
const emu = useEmulator({ secret: SECRET });
const temp = useTempDir('fs-client-');
const security = new Security(createPolicy({ expiresIn: 3600 }), SECRET);

function expectNoSecrets(error: unknown) {
  for (const text of everyRendering(error)) {
    expect(text).not.toContain(security.signature);
    expect(text).not.toContain(security.policyB64);
  }
}

describe('no policy or signature in an error', () => {
  it('keeps them out of what a ValidationError of client.upload received', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const error = await rejection(
      client.upload({ security: { policy: security.policyB64, signature: security.signature } }),
      ValidationError,
    );
    expect(error.option).toBe('file');
    expectNoSecrets(error);
  });

  it('keeps the signed URL of a timed-out request out of the error at any depth', async () => {
    const stored = await new Client(emu.apikey, { urls: emu.urls, security }).upload({
      file: new TextEncoder().encode('hello'),
    });
    emu.faults.add({ route: 'cdn', kind: 'stall', ms: 2000, times: 1 });
    const filelink = new Filelink(stored.handle, {
      urls: emu.urls,
      security,
      timeout: 150,
      retry: 0,
    });
    const error = await rejection(filelink.getContent(), TimeoutError);
    expectNoSecrets(error);
  });
});

// A CDN stand-in (the emulator cannot stall a body once its headers are out).
const cdn = await startServer((req, res) => {
  const json = req.url.includes('/metadata');
  res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/octet-stream' });
  res.write(json ? '{"size": ' : new Uint8Array(4096));
});
afterAll(() => cdn.close());
const stalling = { cdn: cdn.url };

describe('an answer that stalls after its headers', () => {
  const filelink = new Filelink('aBcDeFgHiJkLmNoPqRsT', { urls: stalling, timeout: 200, retry: 0 });

  it('fails metadata() with a TimeoutError', async () => {
    await rejection(filelink.metadata(['size']), TimeoutError);
  });

  it('fails download() with a TimeoutError and leaves no partial file', async () => {
    const path = temp.path('stalled.bin');
    await rejection(filelink.download(path), TimeoutError);
    expect(existsSync(path)).toBe(false);
  });
});
