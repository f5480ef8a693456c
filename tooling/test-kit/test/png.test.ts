import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePng, encodePng, gradientPng, pngFromRows, pngSize } from '../src/index.js';

describe('PNG fixtures', () => {
  it('decode to the pixels they were encoded from', () => {
    const png = encodePng(5, 3, (x, y) => [x * 50, y * 100, 7]);
    const image = decodePng(png);
    expect([image.width, image.height]).toEqual([5, 3]);
    expect(image.at(4, 2)).toEqual([200, 200, 7]);
    expect(image.at(0, 1)).toEqual([0, 100, 7]);
  });

  it('make a gradient from red on the left to blue on the right', () => {
    const image = decodePng(gradientPng(64, 2));
    expect(image.at(0, 1)).toEqual([255, 64, 0]);
    expect(image.at(63, 0)).toEqual([0, 64, 255]);
  });

  it('store the pixels uncompressed at level 0: about 3 bytes a pixel', () => {
    const png = gradientPng(200, 100, { level: 0 });
    expect(png.length).toBeGreaterThan(200 * 100 * 3);
    expect(png.length).toBeLessThan(200 * 100 * 3 * 1.01);
    expect(pngSize(png)).toEqual({ width: 200, height: 100 });
  });

  it('frame raw scanlines of any depth, such as a 1-bit image far larger decoded than encoded', () => {
    const rows = Buffer.alloc((1 + 1000 / 8) * 1000);
    const png = pngFromRows({ width: 1000, height: 1000, bitDepth: 1, colorType: 0 }, rows, {
      level: 9,
    });
    expect(png.length).toBeLessThan(2000);
    expect(pngSize(png)).toEqual({ width: 1000, height: 1000 });
    expect([png[24], png[25]]).toEqual([1, 0]); // bit depth, colour type
    const idat = png.subarray(png.indexOf('IDAT') + 4, png.indexOf('IEND') - 8);
    expect(inflateSync(idat).equals(rows)).toBe(true);
  });

  it('refuse to size bytes that are not a PNG', () => {
    expect(() => pngSize(new TextEncoder().encode('GIF89a, not a PNG at all'))).toThrow(
      'not a PNG',
    );
  });
});
