import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@fs/emulator';
import { afterAll, beforeEach, expect } from 'vitest';
import type { UploadManyOptions } from '../src/index.node.js';

export type { Emulator };

/** Part size used by the integration tests: small, so several parts stay fast. */
export const PART = 64 * 1024;

/** Starts an emulator on a free loopback port. */
export function emulator(options: Parameters<typeof startEmulator>[0] = {}): Promise<Emulator> {
  return startEmulator({ port: 0, ...options });
}

/**
 * The emulator of one test file: call it with top-level `await`. It is reset before each test,
 * so no fault rule or request log leaks from one test into the next, and closed after the file.
 */
export async function fileEmulator(
  options: Parameters<typeof startEmulator>[0] = {},
): Promise<Emulator> {
  const emu = await emulator(options);
  beforeEach(() => emu.reset());
  afterAll(() => emu.close());
  return emu;
}

/** A fresh temporary directory for one test file (top-level `await`), removed after the file. */
export async function fileTempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'fs-upload-test-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  return {
    /** The path of `name` in the directory. */
    path: (name: string) => join(dir, name),
    /** Writes `content` as the file `name`; resolves with its path. */
    async write(name: string, content: Uint8Array | string): Promise<string> {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    },
  };
}

/** Upload options pointing at `emu`, with quick retries so fault tests stay fast. */
export function optionsFor(
  emu: Emulator,
  extra: Partial<UploadManyOptions> = {},
): UploadManyOptions {
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

/** Asserts that `emu` stores exactly `bytes` under `handle` (compared by SHA-256). */
export async function expectStored(emu: Emulator, handle: string, bytes: Uint8Array) {
  expect(sha256(await cdnBytes(emu, handle))).toBe(sha256(bytes));
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
