import { deflateSync } from 'node:zlib';
import { pngFromRows } from '@fs/test-kit';
import sharp from 'sharp';
import { expect } from 'vitest';
import type { Emulator } from '../src/index.js';
import { uploadRegular } from './helpers.js';

export type Rgba = [number, number, number, number];

export const RED: Rgba = [255, 0, 0, 255];
export const GREEN: Rgba = [0, 255, 0, 255];
export const BLUE: Rgba = [0, 0, 255, 255];
export const WHITE: Rgba = [255, 255, 255, 255];

/**
 * An 80x60 PNG in four 40x30 quadrants: red top-left, green top-right, blue bottom-left, white
 * bottom-right. Where a pixel lands tells which way a task moved it.
 */
export async function quadrants(format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  const block = (color: string, left: number, top: number) => ({
    input: { create: { width: 40, height: 30, channels: 3 as const, background: color } },
    left,
    top,
  });
  const image = sharp({ create: { width: 80, height: 60, channels: 3, background: '#ff0000' } })
    .composite([block('#00ff00', 40, 0), block('#0000ff', 0, 30), block('#ffffff', 40, 30)])
    [format]();
  return image.toBuffer();
}

/** A JPEG carrying EXIF (orientation 6: "rotate 90° clockwise to display") and a copyright. */
export async function exifJpeg(): Promise<Buffer> {
  return sharp(await quadrants())
    .jpeg()
    .withExif({ IFD0: { Copyright: 'fs emulator test' } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** Uploads bytes through the upload API in one part; answers the handle. */
export async function upload(
  emu: Emulator,
  bytes: Buffer,
  filename: string,
  mimetype: string,
  security?: { policy: string; signature: string },
): Promise<string> {
  const { status, body } = await uploadRegular(emu, bytes, {
    filename,
    mimetype,
    partSize: bytes.length,
    security,
  });
  expect(status).toBe(200);
  return body.handle as string;
}

/** Decoded pixels of an encoded image, as RGBA. */
export async function pixels(bytes: Buffer) {
  const { data, info } = await sharp(bytes)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    at(x: number, y: number): Rgba {
      const i = (y * info.width + x) * 4;
      return [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
    },
    all(): Rgba[] {
      const out: Rgba[] = [];
      for (let i = 0; i < data.length; i += 4)
        out.push([data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!]);
      return out;
    },
  };
}

/** Asserts two colors are equal within `tolerance` per channel (lossy formats, resampling). */
export function expectColor(actual: Rgba, expected: Rgba, tolerance = 2): void {
  const close = actual.every((v, i) => Math.abs(v - expected[i]!) <= tolerance);
  expect(close, `${JSON.stringify(actual)} should be ${JSON.stringify(expected)}`).toBe(true);
}

/** GETs a URL and answers status, headers and the body bytes. */
export async function fetchBytes(url: string, init?: RequestInit) {
  const response = await fetch(url, init);
  return {
    status: response.status,
    headers: response.headers,
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

/**
 * A small PDF: three pages, the first two inheriting the Letter MediaBox of the page tree, the
 * third A4 and rotated. With `packed`, the page objects sit in a Flate-compressed object stream
 * (PDF 1.5) and are listed out of file order in `/Kids`.
 */
export function samplePdf(packed = false): Buffer {
  const pages = [
    '<< /Type /Page /Parent 2 0 R >>',
    '<< /Type /Page /Parent 2 0 R /Contents 7 0 R >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Rotate 90 >>',
  ];
  const head = '%PDF-1.5\n%\xe2\xe3\xcf\xd3\n';
  const objects = [
    '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
    `2 0 obj\n<< /Type /Pages /Kids [${packed ? '5 0 R 3 0 R 4 0 R' : '3 0 R 4 0 R 5 0 R'}] /Count 3 /MediaBox [0 0 612 792] >>\nendobj\n`,
    '7 0 obj\n<< /Length 11 >>\nstream\n0 0 m 1 1 l\nendstream\nendobj\n',
  ];
  if (packed) {
    const bodies = [pages[2]!, pages[0]!, pages[1]!];
    let offset = 0;
    const header: string[] = [];
    for (const [i, num] of [5, 3, 4].entries()) {
      header.push(`${num} ${offset}`);
      offset += bodies[i]!.length + 1;
    }
    const first = `${header.join(' ')} `;
    const data = deflateSync(Buffer.from(first + bodies.join('\n'), 'latin1'));
    objects.push(
      `6 0 obj\n<< /Type /ObjStm /N 3 /First ${first.length} /Filter /FlateDecode /Length ${data.length} >>\nstream\n`,
    );
    const out = [Buffer.from(head + objects.join(''), 'latin1'), data];
    out.push(
      Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R /Size 8 >>\n%%EOF\n', 'latin1'),
    );
    return Buffer.concat(out);
  }
  for (const [i, page] of pages.entries()) objects.push(`${i + 3} 0 obj\n${page}\nendobj\n`);
  return Buffer.from(
    `${head}${objects.join('')}trailer\n<< /Root 1 0 R /Size 8 >>\n%%EOF\n`,
    'latin1',
  );
}

/**
 * A valid black-and-white PNG of `width` x `height` pixels, all black: 1 bit per pixel and
 * deflated, so a 10000x10000 one (100 million pixels once decoded) is a few KB.
 */
export function pngBomb(width: number, height: number): Buffer {
  // Each row: filter byte 0, then width bits of zeros.
  const rows = new Uint8Array((1 + Math.ceil(width / 8)) * height);
  return pngFromRows({ width, height, bitDepth: 1, colorType: 0 }, rows, { level: 9 });
}
