import { Readable } from 'node:stream';
import { ValidationError } from '@fs/core';
import { startEmulator } from '@fs/emulator';
import { useEmulator } from '@fs/emulator/testing';
import { md5Base64, randomBytes, useTempDir } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { type UploadProgress, upload } from '../src/index.node.js';
import { openFile, uploadFile } from '../src/node.js';
import { expectStored, logOf, optionsFor, PART } from './helpers.js';

const emu = useEmulator();
const files = useTempDir('fs-upload-test-');

describe.each([
  ['regular', false],
  ['intelligent', true],
] as const)('%s upload round trip', (mode, intelligent) => {
  it.each([
    ['1 byte', 1],
    ['partSize - 1', PART - 1],
    ['partSize', PART],
    ['partSize + 1', PART + 1],
    ['several parts', 5 * PART + 123],
  ])('stores %s with the same sha256 read back from the CDN', async (_label, size) => {
    const bytes = randomBytes(size);
    const file = await upload(bytes, optionsFor(emu, { intelligent }));
    expect(file).toMatchObject({ size, mode, filename: 'untitled' });
    await expectStored(emu, file.handle, bytes);
    const parts = Math.ceil(size / PART);
    if (mode === 'regular') expect(logOf(emu, 'put')).toHaveLength(parts);
    else expect(logOf(emu, 'commit')).toHaveLength(parts);
  });
});

describe('inputs', () => {
  const bytes = randomBytes(3 * PART + 7);

  it('uploads a Blob and a File, taking name and type from the File', async () => {
    const fromBlob = await upload(new Blob([bytes]), optionsFor(emu));
    await expectStored(emu, fromBlob.handle, bytes);
    const file = new File([bytes], 'photo.png', { type: 'image/png' });
    const fromFile = await upload(file, optionsFor(emu));
    expect(fromFile).toMatchObject({ filename: 'photo.png', mimetype: 'image/png' });
    await expectStored(emu, fromFile.handle, bytes);
  });

  it('uploads a Uint8Array view, an ArrayBuffer and a Buffer', async () => {
    const view = new Uint8Array(bytes.buffer, 5, bytes.length - 5);
    await expectStored(emu, (await upload(view, optionsFor(emu))).handle, view);
    const buffer = bytes.slice().buffer;
    await expectStored(emu, (await upload(buffer, optionsFor(emu))).handle, bytes);
    await expectStored(emu, (await upload(Buffer.from(bytes), optionsFor(emu))).handle, bytes);
  });

  it('uploads a web ReadableStream with a declared size', async () => {
    const stream = new Blob([bytes]).stream();
    const file = await upload(stream, optionsFor(emu, { size: bytes.length }));
    await expectStored(emu, file.handle, bytes);
  });

  it('uploads a Node Readable with a declared size', async () => {
    const chunks = [bytes.subarray(0, 1000), bytes.subarray(1000, 70_000), bytes.subarray(70_000)];
    const readable = Readable.from(chunks.map((c) => Buffer.from(c)));
    const file = await upload(readable, optionsFor(emu, { size: bytes.length }));
    await expectStored(emu, file.handle, bytes);
  });

  it('fails a stream shorter than its declared size and completes nothing', async () => {
    const readable = Readable.from([Buffer.from(bytes)]);
    const error = await upload(readable, optionsFor(emu, { size: bytes.length + 10 })).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ code: 'INPUT' });
    expect(logOf(emu, 'complete')).toEqual([]);
  });

  it('fails a stream longer than its declared size and completes nothing', async () => {
    const readable = Readable.from([Buffer.from(bytes)]);
    const error = await upload(readable, optionsFor(emu, { size: bytes.length - 10 })).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ code: 'INPUT' });
    expect(logOf(emu, 'complete')).toEqual([]);
  });

  it('uploads a file path from @fs/upload/node with name and type from the path', async () => {
    const path = await files.write('report.pdf', bytes);
    const file = await uploadFile(path, optionsFor(emu));
    expect(file).toMatchObject({
      filename: 'report.pdf',
      mimetype: 'application/pdf',
      size: bytes.length,
    });
    await expectStored(emu, file.handle, bytes);
  });

  it('prefers explicit store.filename and store.mimetype, else octet-stream', async () => {
    // Random bytes could start like an MP3 frame; these show no type at all.
    const words = new TextEncoder().encode('no magic number here');
    const path = await files.write('data.unknownext', words);
    const plain = await uploadFile(path, optionsFor(emu));
    expect(plain.mimetype).toBe('application/octet-stream');
    const named = await uploadFile(
      path,
      optionsFor(emu, { store: { filename: 'renamed.txt', mimetype: 'text/csv' } }),
    );
    expect(named).toMatchObject({ filename: 'renamed.txt', mimetype: 'text/csv' });
    const file = await openFile(path, { mimetype: 'image/gif' });
    expect(file).toMatchObject({ name: 'data.unknownext', type: 'image/gif', size: words.length });
  });

  it('rejects a missing file path with a ValidationError before any request', async () => {
    await expect(uploadFile(files.path('nope.bin'), optionsFor(emu))).rejects.toThrow(
      ValidationError,
    );
    expect(emu.stats().requests).toEqual([]);
  });

  it('rejects a 0-byte input before any request', async () => {
    for (const input of [new Uint8Array(0), new Blob([]), new ArrayBuffer(0)]) {
      await expect(upload(input, optionsFor(emu))).rejects.toThrow(ValidationError);
    }
    const path = await files.write('empty.txt', '');
    await expect(uploadFile(path, optionsFor(emu))).rejects.toThrow(ValidationError);
    expect(emu.stats().requests).toEqual([]);
  });
});

describe('results and progress', () => {
  it('returns the stored file record with tags, key and store options applied', async () => {
    const bytes = randomBytes(1000);
    const file = await upload(
      bytes,
      optionsFor(emu, {
        tags: { customer: '42' },
        store: { path: 'incoming/', filename: 'a.txt', access: 'private' },
      }),
    );
    expect(file).toMatchObject({ filename: 'a.txt', mimetype: 'text/plain', size: 1000 });
    expect(file.handle).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(file.uploadTags).toEqual({ customer: '42' });
    expect(file.key).toMatch(/^incoming\//);
    expect(file.url).toContain(file.handle);
    expect(file.raw).toBeTypeOf('object');
  });

  it('reports byte progress at least every MiB, never backwards, and 100 once after complete', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 5);
    const events: UploadProgress[] = [];
    let completesAt100 = -1;
    await upload(
      bytes,
      optionsFor(emu, {
        partSize: 1024 * 1024,
        onProgress: (event) => {
          events.push(event);
          if (event.percent === 100) completesAt100 = logOf(emu, 'complete').length;
        },
      }),
    );
    expect(events.filter((e) => e.percent === 100)).toHaveLength(1);
    expect(events.at(-1)).toEqual({ loaded: bytes.length, total: bytes.length, percent: 100 });
    expect(completesAt100).toBe(1);
    let previous = { loaded: 0, percent: 0 };
    for (const event of events) {
      expect(event.total).toBe(bytes.length);
      expect(event.loaded).toBeGreaterThanOrEqual(previous.loaded);
      expect(event.percent).toBeGreaterThanOrEqual(previous.percent);
      expect(event.loaded - previous.loaded).toBeLessThanOrEqual(1024 * 1024);
      previous = event;
    }
    expect(events.slice(0, -1).every((e) => e.percent < 100)).toBe(true);
  });

  it('reports regular mode when intelligent ingestion is asked but the app lacks it', async () => {
    const plain = await startEmulator({ intelligent: false });
    try {
      const bytes = randomBytes(2 * PART + 1);
      const file = await upload(bytes, optionsFor(plain, { intelligent: true }));
      expect(file.mode).toBe('regular');
      expect(logOf(plain, 'commit')).toEqual([]);
      await expectStored(plain, file.handle, bytes);
    } finally {
      await plain.close();
    }
  });

  it('sends the base64 MD5 of every part, and none with integrity off', async () => {
    const bytes = randomBytes(2 * PART + 10);
    const wire = recordingFetch();
    await upload(bytes, optionsFor(emu, { fetch: wire.fetch }));
    const md5s = wire.calls.filter((c) => c.url.endsWith('/multipart/upload')).map((c) => c.json);
    expect(md5s.map((b) => [b?.part, b?.md5]).sort()).toEqual([
      [1, md5Base64(bytes.subarray(0, PART))],
      [2, md5Base64(bytes.subarray(PART, 2 * PART))],
      [3, md5Base64(bytes.subarray(2 * PART))],
    ]);
    const off = recordingFetch();
    await upload(bytes, optionsFor(emu, { fetch: off.fetch, integrity: false }));
    const bodies = off.calls.filter((c) => c.url.endsWith('/multipart/upload'));
    expect(bodies).toHaveLength(3);
    expect(bodies.every((c) => c.json && !('md5' in c.json))).toBe(true);
  });

  it('sends Filestack headers with every upload API call', async () => {
    const wire = recordingFetch();
    await upload(randomBytes(PART + 1), optionsFor(emu, { fetch: wire.fetch }));
    const api = wire.calls.filter((c) => c.method === 'POST');
    const puts = wire.calls.filter((c) => c.method === 'PUT');
    const paths = api.map((c) => new URL(c.url).pathname);
    expect(paths[0]).toBe('/multipart/start');
    expect(paths.at(-1)).toBe('/multipart/complete');
    expect(paths.slice(1, -1)).toEqual(['/multipart/upload', '/multipart/upload']);
    // start named a location_region: every later upload API call names it back
    // (docs/protocol.md#upload-edge).
    expect(api[0]!.headers.has('filestack-upload-region')).toBe(false);
    for (const call of api.slice(1)) {
      expect(call.headers.get('filestack-upload-region')).toMatch(/^[a-z]+-[a-z]+-\d$/);
    }
    for (const call of api) {
      expect(call.headers.get('filestack-source')).toMatch(/^TS-/);
      expect(call.headers.get('filestack-trace-id')).toMatch(/^\d+-[A-Za-z0-9]{10}$/);
    }
    // What the PUTs carry is checked on the wire in part-headers.test.ts.
    expect(puts).toHaveLength(2);
    const start = api[0]!.json!;
    expect(start).toMatchObject({ apikey: emu.apikey, size: PART + 1, store: { location: 's3' } });
    expect(start).not.toHaveProperty('fii');
  });
});

interface WireCall {
  method: string;
  url: string;
  headers: Headers;
  json: Record<string, unknown> | undefined;
}

/** A real fetch that records what goes on the wire (it does not answer anything itself). */
function recordingFetch() {
  const calls: WireCall[] = [];
  const wrapped = async (input: Request | string | URL, init?: RequestInit) => {
    const body =
      typeof init?.body === 'string'
        ? (JSON.parse(init.body) as Record<string, unknown>)
        : undefined;
    calls.push({
      method: init?.method ?? 'GET',
      url: String(input),
      headers: new Headers(init?.headers),
      json: body,
    });
    return fetch(input, init);
  };
  return { calls, fetch: wrapped };
}
