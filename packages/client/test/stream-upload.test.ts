import { Readable } from 'node:stream';
import { useEmulator } from '@fs/emulator/testing';
import { rejection, sha256Hex } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { Client, ValidationError } from '../src/index.js';

/*
 * client.upload({ file: stream, size }): a web ReadableStream or a Node Readable, read in the
 * chunks it yields, and the bytes read back are the bytes streamed.
 */

const emu = useEmulator();
// Odd-sized chunks, so no chunk boundary lines up with anything the upload does.
const BYTES = new Uint8Array(70_001).map((_, i) => (i * 131 + 7) % 256);
const CHUNK = 6_007;
const chunks = () => {
  const out: Uint8Array[] = [];
  for (let at = 0; at < BYTES.length; at += CHUNK) out.push(BYTES.slice(at, at + CHUNK));
  return out;
};

function webStream(): ReadableStream<Uint8Array> {
  const pending = chunks();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = pending.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

describe('uploading a stream', () => {
  it('a web ReadableStream with its size', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const filelink = await client.upload({
      file: webStream(),
      size: BYTES.length,
      storeParams: { filename: 'web.bin' },
    });
    expect(filelink.uploadResponse).toMatchObject({ filename: 'web.bin', size: BYTES.length });
    expect(sha256Hex(await filelink.getContent())).toBe(sha256Hex(BYTES));
  });

  it('a Node Readable with its size', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const filelink = await client.upload({
      file: Readable.from(chunks()),
      size: BYTES.length,
      storeParams: { filename: 'node.bin' },
    });
    expect(filelink.uploadResponse).toMatchObject({ filename: 'node.bin', size: BYTES.length });
    expect(sha256Hex(await filelink.getContent())).toBe(sha256Hex(BYTES));
  });

  it('a stream without its size is a ValidationError before any request', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const before = emu.stats().requests.length;
    const error = await rejection(
      client.upload({ file: Readable.from(chunks()) }),
      ValidationError,
    );
    expect(error.option).toBe('size');
    expect(emu.stats().requests.length).toBe(before);
  });
});
