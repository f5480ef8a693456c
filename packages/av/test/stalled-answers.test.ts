import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TimeoutError } from '@fs/core';
import { afterAll, describe, expect, it } from 'vitest';
import { videoConvert } from '../src/index.js';

// A CDN stand-in (the emulator cannot stall a body once its headers are out): the first request
// starts the job; every later one sends its headers and the start of a body, then nothing.
let requests = 0;
const cdn = createServer((_req, res) => {
  requests++;
  res.writeHead(200, { 'content-type': 'application/json' });
  if (requests === 1) {
    res.end(JSON.stringify({ uuid: 'a'.repeat(32), timestamp: '1700000000', status: 'pending' }));
  } else {
    res.write('{"uuid": "');
  }
});
await new Promise<void>((resolve) => cdn.listen(0, '127.0.0.1', resolve));
afterAll(() => {
  cdn.closeAllConnections();
  return new Promise((resolve) => cdn.close(resolve));
});
const urls = { cdn: `http://127.0.0.1:${(cdn.address() as AddressInfo).port}` };

describe('a status answer that stalls after its headers', () => {
  it('fails status() with a TimeoutError once the timeout has passed', async () => {
    requests = 0;
    const av = await videoConvert('a'.repeat(20), {}, { urls, timeout: 1000 });
    const started = Date.now();
    await expect(av.status()).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('fails wait() once it has ridden out a few stalled answers', async () => {
    requests = 0;
    const av = await videoConvert('a'.repeat(20), {}, { urls, timeout: 600 });
    await expect(av.wait({ interval: 10, backoff: 1 })).rejects.toBeInstanceOf(TimeoutError);
    // The first try and three tolerated failures, then the one that ends it.
    expect(requests).toBe(1 + 4);
  });
});
