import { type Emulator, startEmulator } from '@fs/emulator';
import { decodePng, encodePng, type Rgb } from '@fs/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  flip,
  getContent,
  getImageSize,
  getJson,
  metadata,
  output,
  resize,
  rotate,
  storeTransform,
  transformUrl,
  upscale,
} from '../src/index.js';
import { rawUpload } from './raw-upload.js';

/*
 * The URLs this package builds, processed for real by @fs/emulator (sharp) over loopback: the
 * answers are decoded and measured, not just checked for a 200.
 */

const RED: Rgb = [255, 0, 0];
const BLUE: Rgb = [0, 0, 255];
const WHITE: Rgb = [255, 255, 255];

/** 640x480: red on top, blue below, one white 20x20 square in the top-left corner. */
const PHOTO = encodePng(640, 480, (x, y) => (x < 20 && y < 20 ? WHITE : y < 240 ? RED : BLUE));

const near = (actual: Rgb, expected: Rgb) =>
  actual.every((v, i) => Math.abs(v - expected[i]!) <= 3);

describe('@fs/transform against the emulator’s image processing', () => {
  let emu: Emulator;
  let handle: string;
  let options: { apikey: string; urls: Emulator['urls'] };

  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
    handle = await rawUpload(emu, PHOTO, { filename: 'photo.png', mimetype: 'image/png' });
    options = { apikey: emu.apikey, urls: emu.urls };
  });
  afterAll(() => emu.close());

  it('resize to width 400 comes back 400 px wide, aspect kept', async () => {
    const png = decodePng(await getContent(handle, [resize({ width: 400 })], options));
    expect([png.width, png.height]).toEqual([400, 300]);
    expect(near(png.at(200, 50), RED)).toBe(true);
    expect(near(png.at(200, 250), BLUE)).toBe(true);
  });

  it('flip moves the white corner square from the top to the bottom', async () => {
    const before = decodePng(await getContent(handle, [], options));
    expect(near(before.at(5, 5), WHITE)).toBe(true);
    const flipped = decodePng(await getContent(handle, [flip()], options));
    expect(near(flipped.at(5, 5), BLUE)).toBe(true);
    expect(near(flipped.at(5, 474), WHITE)).toBe(true);
    expect(near(flipped.at(5, 10), BLUE)).toBe(true);
  });

  it('output=format:webp answers a WebP image', async () => {
    const url = transformUrl(handle, [output({ format: 'webp' })], options);
    expect(url).toBe(`${emu.url}/output=format:webp/${handle}`);
    const response = await fetch(url);
    expect(response.headers.get('content-type')).toBe('image/webp');
    const bytes = await getContent(handle, [output({ format: 'webp' })], options);
    const text = Buffer.from(bytes).toString('latin1');
    expect(text.slice(0, 4)).toBe('RIFF');
    expect(text.slice(8, 12)).toBe('WEBP');
  });

  it('a chain stored with storeTransform is a new handle whose metadata matches', async () => {
    const chain = [rotate({ deg: 90 }), resize({ height: 320 }), output({ format: 'webp' })];
    const file = await storeTransform(handle, chain, { ...options, store: { path: 'thumbs/' } });
    expect(file.handle).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(file.handle).not.toBe(handle);
    expect(file).toMatchObject({ mimetype: 'image/webp', filename: 'photo.webp' });
    expect(file.raw).toMatchObject({ width: 240, height: 320 });
    const meta = await getJson(
      file.handle,
      [metadata({ params: ['width', 'height', 'size', 'mimetype', 'filename'] })],
      options,
    );
    expect(meta).toEqual({
      width: 240,
      height: 320,
      size: file.size,
      mimetype: 'image/webp',
      filename: 'photo.webp',
    });
    expect(await getImageSize(file.handle, [], options)).toEqual({ width: 240, height: 320 });
    expect((await getContent(file.handle, [], options)).length).toBe(file.size);
  });

  it('a task the emulator cannot carry out returns the file with the Unapplied header', async () => {
    const response = await fetch(transformUrl(handle, [upscale(), resize({ width: 64 })], options));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-fs-emulator-unapplied')).toBe('upscale');
    expect(decodePng(new Uint8Array(await response.arrayBuffer())).width).toBe(64);
  });

  it('getImageSize returns the real size, of the file and of a chain', async () => {
    expect(await getImageSize(handle, [], options)).toEqual({ width: 640, height: 480 });
    expect(
      await getImageSize(handle, [resize({ width: 100, height: 100, fit: 'crop' })], options),
    ).toEqual({ width: 100, height: 100 });
  });
});
