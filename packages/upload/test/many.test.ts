import { HttpError, ValidationError } from '@fs/core';
import { serveOrigin, useEmulator } from '@fs/emulator/testing';
import { randomBytes } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import {
  nodeTransport,
  type PartTransport,
  type UploadManyOptions,
  type UploadProgress,
  type UploadResult,
  uploadMany,
  uploadUrl,
} from '../src/index.node.js';
import { expectStored, logOf, optionsFor, PART } from './helpers.js';

const emu = useEmulator();

describe('uploadMany', () => {
  it('returns a result per file, in order, when one file fails', async () => {
    emu.faults.add({ route: 'start', kind: 'status', status: 400, nth: [2] });
    const files = [randomBytes(3 * PART), randomBytes(2 * PART), randomBytes(PART + 5)];
    const results = await uploadMany(
      [files[0]!, files[1]!, new Uint8Array(0), { input: files[2]!, store: { filename: 'c.txt' } }],
      optionsFor(emu, { concurrency: 1 }),
    );
    expect(results.map((r) => r.ok)).toEqual([true, false, false, true]);
    const [first, second, empty, last] = results as [
      UploadResult,
      UploadResult,
      UploadResult,
      UploadResult,
    ];
    if (!first.ok || !last.ok || second.ok || empty.ok) throw new Error('unexpected');
    expect(second.error).toBeInstanceOf(HttpError);
    expect(empty.error).toBeInstanceOf(ValidationError);
    expect(last.file.filename).toBe('c.txt');
    await expectStored(emu, first.file.handle, files[0]!);
    await expectStored(emu, last.file.handle, files[2]!);
  });

  it('shares one budget of connections and reports one aggregate progress', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const counting: PartTransport = async (request) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        return await nodeTransport(request);
      } finally {
        inFlight--;
      }
    };
    const files = Array.from({ length: 4 }, () => randomBytes(4 * PART));
    const events: UploadProgress[] = [];
    const results = await uploadMany(
      files,
      optionsFor(emu, { concurrency: 2, transport: counting, onProgress: (e) => events.push(e) }),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(maxInFlight).toBe(2);
    const total = files.reduce((sum, f) => sum + f.length, 0);
    expect(events.at(-1)).toEqual({ loaded: total, total, percent: 100 });
    expect(events.filter((e) => e.percent === 100)).toHaveLength(1);
    for (let i = 1; i < events.length; i++) {
      expect(events[i]!.loaded).toBeGreaterThanOrEqual(events[i - 1]!.loaded);
      expect(events[i]!.percent).toBeGreaterThanOrEqual(events[i - 1]!.percent);
    }
  });

  it('reports each file on its own: its progress, and its result as soon as it settles', async () => {
    emu.faults.add({ route: 'start', kind: 'status', status: 400, nth: [2] });
    const files = [randomBytes(3 * PART), randomBytes(2 * PART), randomBytes(PART + 5)];
    const perFile = new Map<number, UploadProgress[]>();
    const settled: Array<[number, boolean, number]> = [];
    let batchDone = false;
    const results = await uploadMany(
      files,
      optionsFor(emu, {
        concurrency: 1,
        onProgress: (event) => {
          if (event.percent === 100) batchDone = true;
        },
        onFileProgress: (index, event) =>
          perFile.set(index, [...(perFile.get(index) ?? []), event]),
        onFileSettled: (index, result) => {
          // Seen before the batch resolves: the request log then holds this file's complete.
          settled.push([index, result.ok, logOf(emu, 'complete').length]);
        },
      }),
    );
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    // With one lane, files settle in order, each right after its own complete (none for #2).
    expect(settled).toEqual([
      [0, true, 1],
      [1, false, 1],
      [2, true, 2],
    ]);
    expect(batchDone).toBe(true);
    for (const index of [0, 2]) {
      const events = perFile.get(index)!;
      const size = files[index]!.length;
      expect(events.at(-1)).toEqual({ loaded: size, total: size, percent: 100 });
      expect(events.filter((e) => e.percent === 100)).toHaveLength(1);
      expect(events.every((e) => e.total === size)).toBe(true);
    }
    // The failed file never reports 100 for itself.
    expect((perFile.get(1) ?? []).some((e) => e.percent === 100)).toBe(false);
  });

  it('ignores errors thrown by the per-file callbacks', async () => {
    const files = [randomBytes(PART), randomBytes(PART)];
    const results = await uploadMany(
      files,
      optionsFor(emu, {
        onFileProgress: () => {
          throw new Error('listener bug');
        },
        onFileSettled: () => {
          throw new Error('listener bug');
        },
      }),
    );
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it('rejects invalid shared options before any request', async () => {
    await expect(
      uploadMany([randomBytes(10)], optionsFor(emu, { concurrency: 0 })),
    ).rejects.toThrow(ValidationError);
    const notAFunction = { onFileSettled: 'print' } as unknown as Partial<UploadManyOptions>;
    await expect(uploadMany([randomBytes(10)], optionsFor(emu, notAFunction))).rejects.toThrow(
      /onFileSettled/,
    );
    expect(emu.stats().requests).toEqual([]);
  });

  it('reports every unfinished file as aborted when the batch is aborted', async () => {
    emu.faults.add({ route: 'put', kind: 'stall', ms: 2_000 });
    const controller = new AbortController();
    const pending = uploadMany(
      [randomBytes(10), randomBytes(10)],
      optionsFor(emu, { signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 100);
    const results = await pending;
    expect(results.map((r) => (r.ok ? 'ok' : r.error.name))).toEqual(['AbortError', 'AbortError']);
    expect(logOf(emu, 'complete')).toEqual([]);
  });
});

describe('uploadUrl', () => {
  it('stores a copy of an external URL through /process without touching its inputs', async () => {
    const bytes = randomBytes(7000);
    const source = await serveOrigin({ '/cat.jpg': { body: bytes, type: 'image/jpeg' } });
    try {
      const options = Object.freeze({
        apikey: emu.apikey,
        urls: Object.freeze({ ...emu.urls }),
        store: Object.freeze({ path: 'imports/', filename: 'kitten.jpg' }),
        tags: Object.freeze({ batch: '7' }),
      });
      const file = await uploadUrl(`${source.url}/cat.jpg`, options);
      expect(file).toMatchObject({ filename: 'kitten.jpg', mimetype: 'image/jpeg', size: 7000 });
      expect(file.uploadTags).toEqual({ batch: '7' });
      expect(file.key).toMatch(/^imports\//);
      await expectStored(emu, file.handle, bytes);
      expect(logOf(emu, 'process')).toHaveLength(1);
    } finally {
      await source.close();
    }
  });

  it('retries /process after a transient fault and fails fast on a 400', async () => {
    const bytes = randomBytes(100);
    const source = await serveOrigin({ '/cat.jpg': { body: bytes, type: 'image/jpeg' } });
    const options = {
      apikey: emu.apikey,
      urls: emu.urls,
      retry: { baseDelay: 5, maxDelay: 20 },
    };
    try {
      emu.faults.add({ route: 'process', kind: 'status', status: 503, times: 1 });
      const file = await uploadUrl(`${source.url}/cat.jpg`, options);
      await expectStored(emu, file.handle, bytes);
      expect(logOf(emu, 'process').map((r) => r.status)).toEqual([503, 200]);
      emu.reset();
      emu.faults.add({ route: 'process', kind: 'status', status: 400, times: 5 });
      await expect(uploadUrl(`${source.url}/cat.jpg`, options)).rejects.toMatchObject({
        status: 400,
      });
      expect(logOf(emu, 'process')).toHaveLength(1);
    } finally {
      await source.close();
    }
  });

  it('rejects a URL that is not absolute http(s) before any request', async () => {
    for (const url of ['cat.jpg', 'ftp://example.com/a', '', 42]) {
      await expect(
        uploadUrl(url as string, { apikey: emu.apikey, urls: emu.urls }),
      ).rejects.toThrow(ValidationError);
    }
    expect(emu.stats().requests).toEqual([]);
  });

  it('decodes a base64 source with store.base64decode, sent in the store task', async () => {
    const bytes = randomBytes(300);
    const base64 = Buffer.from(bytes).toString('base64');
    const source = await serveOrigin({ '/encoded.txt': { body: base64, type: 'text/plain' } });
    try {
      const file = await uploadUrl(`${source.url}/encoded.txt`, {
        apikey: emu.apikey,
        urls: emu.urls,
        store: { base64decode: true, filename: 'decoded.bin' },
      });
      expect(file.size).toBe(300);
      await expectStored(emu, file.handle, bytes);
    } finally {
      await source.close();
    }
  });

  it('refuses store.mimetype before any request, saying where the type comes from', async () => {
    const error = await uploadUrl('https://example.com/a.jpg', {
      apikey: emu.apikey,
      urls: emu.urls,
      store: { mimetype: 'image/png' } as never,
    }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ option: 'store.mimetype' });
    expect((error as Error).message).toContain('Content-Type the source answers');
    await expect(
      uploadUrl('https://example.com/a.jpg', {
        apikey: emu.apikey,
        urls: emu.urls,
        store: { base64decode: 'yes' as never },
      }),
    ).rejects.toMatchObject({ option: 'store.base64decode' });
    expect(emu.stats().requests).toEqual([]);
  });

  it('fails with a typed error when the source cannot be fetched', async () => {
    const source = await serveOrigin({});
    try {
      const error = await uploadUrl(`${source.url}/missing.jpg`, {
        apikey: emu.apikey,
        urls: emu.urls,
      }).catch((e) => e);
      expect(error).toHaveProperty('code');
      expect(['HTTP', 'PROTOCOL']).toContain(error.code);
    } finally {
      await source.close();
    }
  });
});
