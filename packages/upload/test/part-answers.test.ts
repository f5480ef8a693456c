import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError, KEPT_BODY_BYTES } from '@fs/core';
import { afterAll, describe, expect, it } from 'vitest';
import { fetchTransport } from '../src/transport.fetch.js';
import type { PartTransport } from '../src/transport.js';
import { nodeTransport } from '../src/transport.node.js';

// A storage stand-in whose error answer to a part PUT is 8 MiB of text.
const ANSWER = 8 * 1024 * 1024;
const storage = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(500, { 'content-type': 'application/xml' });
    res.end(`<Error>${'x'.repeat(ANSWER)}</Error>`);
  });
});
await new Promise<void>((resolve) => storage.listen(0, '127.0.0.1', resolve));
afterAll(() => new Promise((resolve) => storage.close(resolve)));
const url = `http://127.0.0.1:${(storage.address() as AddressInfo).port}/bucket/part`;

describe.each([
  ['node:http', nodeTransport],
  ['fetch', fetchTransport],
] as [string, PartTransport][])('the %s transport', (_name, transport) => {
  it('keeps the first 64 KiB of a huge error answer', async () => {
    const error = await transport({
      url,
      headers: {},
      body: new Uint8Array(16),
      signal: new AbortController().signal,
      idleTimeout: 10_000,
      onProgress: () => {},
    }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(HttpError);
    const body = (error as HttpError).body as string;
    expect(body.startsWith('<Error>xxx')).toBe(true);
    expect(body.length).toBe(KEPT_BODY_BYTES);
  });
});
