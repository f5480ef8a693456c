import { TimeoutError } from '@fs/core';
import { startServer } from '@fs/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { getContent, getJson, getMetadata, resize } from '../src/index.js';

// A CDN stand-in (the emulator cannot stall a body once its headers are out): `/slow/...`
// trickles its body, anything else sends its headers and the start of a body, then nothing.
const cdn = await startServer((req, res) => {
  if (req.url.includes('slow')) {
    res.writeHead(200, { 'content-type': 'image/png' });
    let sent = 0;
    const timer = setInterval(() => {
      if (res.destroyed || sent === 8) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write(new Uint8Array(1024).fill(sent++));
    }, 250);
    return;
  }
  res.writeHead(200, {
    'content-type': req.url.includes('metadata') ? 'application/json' : 'image/png',
  });
  res.write(req.url.includes('metadata') ? '{"size": ' : 'PNG');
});
afterAll(() => cdn.close());
const options = {
  urls: { cdn: cdn.url },
  timeout: 1000,
  retry: 0,
};
const HANDLE = 'aBcDeFgHiJkLmNoPqRsT';

describe('an answer that stalls after its headers', () => {
  it('fails getContent with a TimeoutError', async () => {
    await expect(getContent(HANDLE, [resize({ width: 10 })], options)).rejects.toBeInstanceOf(
      TimeoutError,
    );
  });

  it('fails a JSON task and metadata with a TimeoutError', async () => {
    await expect(getMetadata(HANDLE, [], options)).rejects.toBeInstanceOf(TimeoutError);
    await expect(getJson(HANDLE, [], options)).rejects.toBeInstanceOf(TimeoutError);
  });

  it('lets getContent take longer than the timeout while bytes keep coming', async () => {
    // 8 chunks 250 ms apart: 2 s in all, never the 1 s timeout without a byte.
    const bytes = await getContent('slowslowslowslowslow', [], options);
    expect(bytes.byteLength).toBe(8 * 1024);
  });
});
