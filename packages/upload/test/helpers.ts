import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Emulator, startEmulator } from '@fs/emulator';
import type { UploadOptions } from '../src/index.node.js';

export type { Emulator };

/** Part size used by the integration tests: small, so several parts stay fast. */
export const PART = 64 * 1024;

/** Starts an emulator on a free loopback port. */
export function emulator(options: Parameters<typeof startEmulator>[0] = {}): Promise<Emulator> {
  return startEmulator({ port: 0, ...options });
}

/** Upload options pointing at `emu`, with quick retries so fault tests stay fast. */
export function optionsFor(emu: Emulator, extra: Partial<UploadOptions> = {}): UploadOptions {
  return {
    apikey: emu.apikey,
    urls: emu.urls,
    partSize: PART,
    retry: { baseDelay: 5, maxDelay: 40, jitter: 0 },
    ...extra,
  };
}

/** Random bytes of `length`. */
export function bytesOf(length: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(randomBytes(length));
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The stored bytes, read back from the emulator's CDN route. */
export async function cdnBytes(emu: Emulator, handle: string): Promise<Uint8Array> {
  const response = await fetch(`${emu.urls.cdn}/${handle}`);
  if (!response.ok) throw new Error(`CDN answered ${response.status} for ${handle}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Requests the emulator logged for `route`, in arrival order. */
export function logOf(emu: Emulator, route: string) {
  return emu.stats().requests.filter((request) => request.route === route);
}

/** A local HTTP server serving `bytes` as an external source for `uploadUrl`. */
export async function serve(bytes: Uint8Array, type = 'image/jpeg') {
  const server = createServer((req, res) => {
    if (req.url !== '/cat.jpg') {
      res.writeHead(404);
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': type, 'content-length': bytes.length });
    res.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/cat.jpg`,
    missing: `http://127.0.0.1:${port}/missing.jpg`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
