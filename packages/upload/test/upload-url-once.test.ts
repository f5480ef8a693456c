import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TimeoutError } from '@fs/core';
import { useEmulator } from '@fs/emulator/testing';
import { randomBytes } from '@fs/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { uploadUrl } from '../src/index.node.js';
import { logOf } from './helpers.js';

const emu = useEmulator();

/** An external source that counts how often the emulator fetched it: once per stored copy. */
const bytes = randomBytes(2048);
let fetched = 0;
const source = createServer((_req, res) => {
  fetched++;
  res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': bytes.length });
  res.end(bytes);
});
await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve));
afterAll(() => new Promise((resolve) => source.close(resolve)));
const sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}/cat.jpg`;

describe('uploadUrl never stores a file twice', () => {
  it('reports a first try that outlived its timeout instead of sending another', async () => {
    fetched = 0;
    // Counted where requests leave: on a loaded machine the emulator may read a request only
    // after the SDK gave up on it, or never.
    let sent = 0;
    const counting: typeof fetch = (input, init) => {
      sent++;
      return fetch(input, init);
    };
    // The service takes 3 s, then stores the file; the SDK gives up after 1 s.
    emu.faults.add({ route: 'process', kind: 'stall', ms: 3000, times: 1 });
    const started = Date.now();
    const error = await uploadUrl(sourceUrl, {
      apikey: emu.apikey,
      urls: emu.urls,
      fetch: counting,
      timeout: 1000,
      retry: { baseDelay: 5, jitter: 0 },
    }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(sent).toBe(1);
    // A request that reached the emulator goes on and stores its copy (its record then has the
    // size stored); wait until it has, so that nothing is still writing when the emulator closes.
    const stored = () => logOf(emu, 'process')[0]?.size !== undefined;
    while (logOf(emu, 'process').length > 0 && !stored() && Date.now() - started < 20_000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sent).toBe(1);
    expect(fetched).toBeLessThanOrEqual(1);
    expect(logOf(emu, 'process').length).toBeLessThanOrEqual(1);
  });
});
