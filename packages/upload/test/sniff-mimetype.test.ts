import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ValidationError } from '@fs/core';
import { useEmulator } from '@fs/emulator/testing';
import { useTempDir } from '@fs/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { upload as browserUpload } from '../src/index.js';
import { sniffMimetype, upload } from '../src/index.node.js';
import { openFile, uploadFile } from '../src/node.js';
import { expectStored, optionsFor } from './helpers.js';
import { ffmpeg, heicHead, image, type MEDIA, media, pdf, zip } from './media-samples.js';

const emu = useEmulator();
const files = useTempDir('fs-upload-test-');

/** What sniffMimetype is given: the first 64 bytes. */
const head = (bytes: Uint8Array) => bytes.subarray(0, 64);

describe('sniffMimetype on images sharp writes', () => {
  it.each([
    ['jpeg', 'image/jpeg'],
    ['png', 'image/png'],
    ['gif', 'image/gif'],
    ['webp', 'image/webp'],
    ['avif', 'image/avif'],
  ] as const)('recognises %s as %s', async (format, type) => {
    expect(sniffMimetype(head(await image(format)))).toBe(type);
  });

  it('recognises HEIC by its ftyp brands (written by hand: nothing here encodes HEVC)', () => {
    expect(sniffMimetype(head(heicHead()))).toBe('image/heic');
  });
});

describe('sniffMimetype on documents the tests write', () => {
  it('recognises a PDF', () => {
    expect(sniffMimetype(head(pdf()))).toBe('application/pdf');
  });

  it('recognises a ZIP archive', () => {
    expect(sniffMimetype(head(zip()))).toBe('application/zip');
  });
});

describe.skipIf(!ffmpeg)('sniffMimetype on audio and video ffmpeg writes', () => {
  const dir = mkdtemp(join(tmpdir(), 'fs-sniff-'));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  const expected: Record<keyof typeof MEDIA, string> = {
    'mp4 (H.264)': 'video/mp4',
    'mov (H.264)': 'video/quicktime',
    'm4a (AAC)': 'audio/mp4',
    'mp3 with an ID3 tag': 'audio/mpeg',
    'mp3 without a tag': 'audio/mpeg',
    'wav (PCM)': 'audio/wav',
    'ogg (Vorbis)': 'audio/ogg',
    'ogg (Opus)': 'audio/ogg',
    'ogv (Theora)': 'video/ogg',
    'webm (VP8)': 'video/webm',
    'mkv (H.264)': 'video/x-matroska',
  };

  it.each(Object.entries(expected) as [keyof typeof MEDIA, string][])(
    'recognises %s as %s',
    async (kind, type) => {
      const bytes = await media(kind, await dir);
      if (kind === 'mp3 without a tag') expect(bytes.subarray(0, 3).toString()).not.toBe('ID3');
      expect(sniffMimetype(head(bytes))).toBe(type);
    },
  );
});

describe('sniffMimetype on anything else', () => {
  it('answers undefined for text, an unknown box, a bare RIFF and short or empty input', () => {
    const text = new TextEncoder().encode('just some text, longer than the magic numbers');
    expect(sniffMimetype(text)).toBeUndefined();
    expect(sniffMimetype(new TextEncoder().encode('RIFF\0\0\0\0AVI LIST'))).toBeUndefined();
    expect(sniffMimetype(Uint8Array.of(0xff, 0xd8))).toBeUndefined();
    expect(sniffMimetype(Uint8Array.of(0xff, 0xf1, 0x50))).toBeUndefined(); // AAC ADTS, not MP3
    expect(sniffMimetype(new Uint8Array(0))).toBeUndefined();
  });
});

describe('which type an upload declares', () => {
  const png = image('png');

  it('sniffs bytes without a name in Node, by default', async () => {
    const bytes = await png;
    const stored = await upload(bytes, optionsFor(emu));
    expect(stored).toMatchObject({ filename: 'untitled', mimetype: 'image/png' });
    await expectStored(emu, stored.handle, bytes);
  });

  it('sniffs a stream and still stores every byte from the first', async () => {
    const bytes = pdf();
    // Chunks of 5 bytes: the first 64 come from several chunks, put back as one.
    const chunks = Array.from({ length: Math.ceil(bytes.length / 5) }, (_, i) =>
      bytes.subarray(i * 5, i * 5 + 5),
    );
    const stored = await upload(Readable.from(chunks), optionsFor(emu, { size: bytes.length }));
    expect(stored.mimetype).toBe('application/pdf');
    await expectStored(emu, stored.handle, bytes);
  });

  it('sniffs a file whose name has no known extension', async () => {
    const path = await files.write('scan.unknownext', await png);
    expect((await uploadFile(path, optionsFor(emu))).mimetype).toBe('image/png');
    expect((await openFile(path)).type).toBe('');
  });

  it('lets store.mimetype, the Blob type and the file name win over the bytes', async () => {
    const bytes = await png;
    const explicit = optionsFor(emu, { store: { mimetype: 'application/x-custom' } });
    expect((await upload(bytes, explicit)).mimetype).toBe('application/x-custom');
    const typed = new Blob([new Uint8Array(bytes)], { type: 'image/x-own' });
    expect((await upload(typed, optionsFor(emu))).mimetype).toBe('image/x-own');
    const named = new File([new Uint8Array(bytes)], 'not-really.txt');
    expect((await upload(named, optionsFor(emu))).mimetype).toBe('text/plain');
  });

  it('sends octet-stream when sniffing is off or finds nothing', async () => {
    const bytes = await png;
    const off = optionsFor(emu, { sniffMimetype: false });
    expect((await upload(bytes, off)).mimetype).toBe('application/octet-stream');
    const text = new TextEncoder().encode('plain words');
    expect((await upload(text, optionsFor(emu))).mimetype).toBe('application/octet-stream');
  });

  it('sniffs in the browser entry only when given the sniffer, or a function of its own', async () => {
    const bytes = await png;
    const plain = await browserUpload(bytes, optionsFor(emu));
    expect(plain.mimetype).toBe('application/octet-stream');
    const sniffed = await browserUpload(bytes, optionsFor(emu, { sniffMimetype }));
    expect(sniffed.mimetype).toBe('image/png');
    const seen: number[] = [];
    const own = (first: Uint8Array) => {
      seen.push(first.length);
      return 'image/x-mine';
    };
    const custom = await browserUpload(bytes, optionsFor(emu, { sniffMimetype: own }));
    expect(custom.mimetype).toBe('image/x-mine');
    expect(seen).toEqual([64]);
  });

  it('rejects a sniffMimetype that is neither a function nor false, before any request', async () => {
    const options = optionsFor(emu, { sniffMimetype: true as unknown as false });
    await expect(upload(await png, options)).rejects.toThrow(ValidationError);
    await expect(upload(await png, options)).rejects.toThrow(/sniffMimetype/);
    expect(emu.stats().requests).toEqual([]);
  });
});
