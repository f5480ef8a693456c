import { Readable } from 'node:stream';
import { ValidationError } from '@fs/core';
import { describe, expect, it } from 'vitest';
import { toSource } from '../src/input.js';

const bytes = (length: number) => Uint8Array.from({ length }, (_, i) => i & 255);

function webStream(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

async function readAll(source: ReturnType<typeof toSource>, partSize: number) {
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < source.size; offset += partSize) {
    parts.push(await source.read(offset, Math.min(partSize, source.size - offset)));
  }
  await source.finish();
  return Buffer.concat(parts);
}

describe('toSource', () => {
  it('rejects a bare string, pointing at uploadFile and uploadUrl', () => {
    expect(() => toSource('./photo.jpg', undefined)).toThrow(ValidationError);
    expect(() => toSource('https://example.com/a.png', undefined)).toThrow(
      /uploadFile\(\).*uploadUrl\(\)/,
    );
  });

  it('rejects 0-byte inputs of every kind', () => {
    expect(() => toSource(new Uint8Array(0), undefined)).toThrow(/at least 1 byte/);
    expect(() => toSource(new ArrayBuffer(0), undefined)).toThrow(/at least 1 byte/);
    expect(() => toSource(new Blob([]), undefined)).toThrow(/at least 1 byte/);
    expect(() => toSource(webStream([]), 0)).toThrow(ValidationError);
  });

  it('rejects numbers, plain objects and null', () => {
    for (const value of [42, {}, null, undefined, [1, 2]]) {
      expect(() => toSource(value, undefined)).toThrow(ValidationError);
    }
  });

  it('requires a size for streams and refuses one that contradicts a Blob', () => {
    expect(() => toSource(webStream([bytes(3)]), undefined)).toThrow(/size/);
    expect(() => toSource(Readable.from([Buffer.from('abc')]), undefined)).toThrow(/size/);
    expect(() => toSource(new Blob(['abc']), 4)).toThrow(/size is for streams/);
  });

  it('reads Blobs and Files lazily by slice, with their name and type', async () => {
    const file = new File([bytes(10)], 'a.bin', { type: 'application/x-test' });
    const source = toSource(file, undefined);
    expect(source).toMatchObject({ size: 10, name: 'a.bin', type: 'application/x-test' });
    expect([...(await source.read(3, 4))]).toEqual([3, 4, 5, 6]);
  });

  it('reads Uint8Array, ArrayBuffer and other views without copying', async () => {
    const data = bytes(8);
    const source = toSource(data, undefined);
    const part = await source.read(2, 3);
    expect(part.buffer).toBe(data.buffer);
    expect([...(await toSource(data.buffer, undefined).read(0, 2))]).toEqual([0, 1]);
    const view = new DataView(data.buffer, 4, 4);
    expect([...(await toSource(view, undefined).read(0, 4))]).toEqual([4, 5, 6, 7]);
  });

  it('reads a web ReadableStream part by part across uneven chunks', async () => {
    const data = bytes(1000);
    const chunks = [data.subarray(0, 1), data.subarray(1, 333), data.subarray(333, 1000)];
    const source = toSource(webStream(chunks), 1000);
    expect(await readAll(source, 128)).toEqual(Buffer.from(data));
  });

  it('reads a Node Readable part by part', async () => {
    const data = Buffer.from(bytes(777));
    const readable = Readable.from([data.subarray(0, 500), data.subarray(500)]);
    expect(await readAll(toSource(readable, 777), 100)).toEqual(data);
  });

  it('serves concurrent part reads of a stream in order', async () => {
    const data = bytes(300);
    const source = toSource(webStream([data]), 300);
    const [a, b, c] = await Promise.all([
      source.read(0, 100),
      source.read(100, 100),
      source.read(200, 100),
    ]);
    expect(Buffer.concat([a!, b!, c!])).toEqual(Buffer.from(data));
  });

  it('fails when a stream ends before its declared size', async () => {
    const source = toSource(webStream([bytes(10)]), 20);
    await expect(source.read(0, 20)).rejects.toThrow(/ended after 10 bytes.*declared size is 20/);
  });

  it('fails when a stream holds more than its declared size', async () => {
    const source = toSource(Readable.from([Buffer.from(bytes(30))]), 20);
    await source.read(0, 20);
    await expect(source.finish()).rejects.toThrow(/more bytes than its declared size 20/);
  });

  it('rejects a stream of strings', async () => {
    const source = toSource(Readable.from(['text']), 4);
    await expect(source.read(0, 4)).rejects.toThrow(ValidationError);
  });

  it('reports a stream error as an input error', async () => {
    const readable = new Readable({
      read() {
        this.destroy(new Error('disk on fire'));
      },
    });
    const source = toSource(readable, 4);
    await expect(source.read(0, 4)).rejects.toMatchObject({ code: 'INPUT' });
  });
});
