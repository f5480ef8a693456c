import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { FilestackError } from '@fs/core';
import { type Emulator, type EmulatorOptions, startEmulator } from '@fs/emulator';
import { afterAll, beforeAll, expect } from 'vitest';

/** An emulator on a free loopback port for the tests of one file, closed after them. */
export function useEmulator(options: EmulatorOptions = {}): () => Emulator {
  let emu: Emulator | undefined;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, ...options });
  });
  afterAll(async () => {
    await emu?.close();
  });
  return () => {
    if (!emu) throw new Error('the emulator is not started yet');
    return emu;
  };
}

/** One request the client's `fetch` carried, with the status and headers of its answer. */
export interface Exchange {
  method: string;
  url: string;
  status: number;
  headers: Headers;
}

/**
 * The real fetch, recording each request and its answer: how a test sees what the client sent
 * and headers the client does not surface (the emulator's `X-Fs-Emulator-Unapplied`).
 */
export function recordingFetch(): { fetch: typeof fetch; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  const recording: typeof fetch = async (input, init) => {
    // Read, not rebuilt: a new Request would consume the body of the one passed in.
    const request = input instanceof Request ? input : undefined;
    const response = await fetch(input, init);
    exchanges.push({
      method: (init?.method ?? request?.method ?? 'GET').toUpperCase(),
      url: request?.url ?? String(input),
      status: response.status,
      headers: response.headers,
    });
    return response;
  };
  return { fetch: recording, exchanges };
}

/** A page a {@link useOrigin} server answers: its bytes and Content-Type. */
export interface Page {
  body: Uint8Array | string;
  type: string;
}

/** A loopback web server of the tests of one file, for URLs the emulator fetches. */
export interface Origin {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** The paths asked for, in order. */
  hits: string[];
}

/**
 * A node:http server on a free loopback port answering `pages` by path (404 otherwise), for the
 * tests of one file, closed after them.
 */
export function useOrigin(pages: Record<string, Page>): () => Origin {
  let server: Server | undefined;
  let origin: Origin | undefined;
  beforeAll(async () => {
    const hits: string[] = [];
    server = createServer((request, response) => {
      const path = request.url ?? '/';
      hits.push(path);
      const page = Object.hasOwn(pages, path) ? pages[path] : undefined;
      if (!page) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const body = typeof page.body === 'string' ? Buffer.from(page.body) : page.body;
      response.writeHead(200, { 'content-type': page.type, 'content-length': body.length });
      response.end(body);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    origin = { url: `http://127.0.0.1:${port}`, hits };
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });
  return () => {
    if (!origin) throw new Error('the origin is not started yet');
    return origin;
  };
}

/**
 * The emulator's own record of a stored file (`<dataDir>/files/<handle>.json`): the only place
 * it keeps store options it never answers, such as `region` and `access`.
 */
export async function storedRecord(
  emu: Emulator,
  handle: string,
): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(emu.dataDir, 'files', `${handle}.json`), 'utf8'));
}

/** A temporary directory for the tests of one file, removed after them. */
export function useTempDir(): () => string {
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fs-client-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (!dir) throw new Error('the temp dir is not made yet');
    return dir;
  };
}

/** The rejection of `promise`, which must be one of `type`. */
export async function rejection<T extends FilestackError>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => T,
): Promise<T> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection, got a result');
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A small RGB PNG: a horizontal red-to-blue gradient, `width` x `height`. */
export function gradientPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const stride = 1 + width * 3;
  const rows = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const red = Math.round((255 * (width - 1 - x)) / Math.max(1, width - 1));
      rows.set([red, 64, 255 - red], y * stride + 1 + x * 3);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Width and height from a PNG's header. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const png = Buffer.from(bytes);
  expect(png.toString('latin1', 1, 4)).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
