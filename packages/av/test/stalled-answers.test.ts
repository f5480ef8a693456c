import { TimeoutError } from '@fs/core';
import { startServer } from '@fs/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { videoConvert } from '../src/index.js';

// A CDN stand-in (the emulator cannot stall a body once its headers are out): the first request
// starts the job; every later one sends its headers and the start of a body, then nothing.
const cdn = await startServer((_request, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  if (cdn.requests.length === 1) {
    res.end(JSON.stringify({ uuid: 'a'.repeat(32), timestamp: '1700000000', status: 'pending' }));
  } else {
    res.write('{"uuid": "');
  }
});
afterAll(() => cdn.close());
const urls = { cdn: cdn.url };

describe('a status answer that stalls after its headers', () => {
  it('fails status() with a TimeoutError once the timeout has passed', async () => {
    cdn.requests.length = 0;
    const av = await videoConvert('a'.repeat(20), {}, { urls, timeout: 1000 });
    const started = Date.now();
    await expect(av.status()).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('fails wait() once it has ridden out a few stalled answers', async () => {
    cdn.requests.length = 0;
    const av = await videoConvert('a'.repeat(20), {}, { urls, timeout: 600 });
    await expect(av.wait({ interval: 10, backoff: 1 })).rejects.toBeInstanceOf(TimeoutError);
    // The first try and three tolerated failures, then the one that ends it.
    expect(cdn.requests).toHaveLength(1 + 4);
  });
});
