import { crc32, deflateSync, inflateSync } from 'node:zlib';

/*
 * Just enough PNG to write test images and read back what a server sends: 8-bit gray, RGB or
 * RGBA without palette or interlace, plus any raw scanlines for odd files (1-bit images).
 * Keeps image libraries out of the packages' tests.
 */

/** A pixel's red, green and blue, 0 to 255. */
export type Rgb = readonly [number, number, number];

/** The IHDR fields of {@link pngFromRows}. */
export interface PngHeader {
  width: number;
  height: number;
  /** @default 8 */
  bitDepth?: 1 | 2 | 4 | 8 | 16;
  /** 0 gray, 2 RGB, 4 gray + alpha, 6 RGBA. @default 2 */
  colorType?: 0 | 2 | 4 | 6;
}

/** How {@link encodePng} and friends compress. */
export interface PngOptions {
  /**
   * zlib level of the image data: 0 stores the pixels as they are, so the file weighs about
   * 3 bytes a pixel (a large file that is still an image every decoder reads).
   * @default 6 (zlib's default)
   */
  level?: number;
}

const SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const framed = Buffer.alloc(body.length + 8);
  framed.writeUInt32BE(data.length, 0);
  body.copy(framed, 4);
  framed.writeUInt32BE(crc32(body), body.length + 4);
  return framed;
}

/**
 * A PNG file from raw scanlines: each row is its filter byte (0: none) then its pixels, packed
 * as `header` says. For images {@link encodePng} cannot make, such as a 1-bit 10000 x 10000
 * image of a few KB.
 */
export function pngFromRows(header: PngHeader, rows: Uint8Array, options: PngOptions = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(header.width, 0);
  ihdr.writeUInt32BE(header.height, 4);
  ihdr[8] = header.bitDepth ?? 8;
  ihdr[9] = header.colorType ?? 2;
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, options.level === undefined ? {} : { level: options.level })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** An RGB PNG of `width` x `height` whose pixel (x, y) is `color(x, y)`. */
export function encodePng(
  width: number,
  height: number,
  color: (x: number, y: number) => Rgb,
  options: PngOptions = {},
): Buffer {
  const stride = 1 + width * 3;
  const rows = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rows.set(color(x, y), y * stride + 1 + x * 3);
  }
  return pngFromRows({ width, height }, rows, options);
}

/**
 * An RGB PNG of `width` x `height`, red on the left fading to blue on the right (green 64):
 * each column differs, so a flip or a crop shows in the pixels.
 */
export function gradientPng(width: number, height: number, options: PngOptions = {}): Buffer {
  return encodePng(
    width,
    height,
    (x) => {
      const red = Math.round((255 * (width - 1 - x)) / Math.max(1, width - 1));
      return [red, 64, 255 - red];
    },
    options,
  );
}

/** Width and height from a PNG's header; throws on bytes that are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const png = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (png.length < 24 || png.toString('latin1', 1, 4) !== 'PNG') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** Decodes an 8-bit, non-interlaced PNG into its size and an RGB reader (gray repeated). */
export function decodePng(bytes: Uint8Array) {
  const png = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { width, height } = pngSize(png);
  let channels = 0;
  const data: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      if (body[8] !== 8 || body[12] !== 0) throw new Error('only 8-bit, non-interlaced PNGs');
      channels = CHANNELS[body[9]!] ?? 0;
      if (!channels) throw new Error(`PNG color type ${body[9]} not supported`);
    }
    if (type === 'IDAT') data.push(body);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? pixels[y * stride + i - channels]! : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + i]! : 0;
      const corner = y > 0 && i >= channels ? pixels[(y - 1) * stride + i - channels]! : 0;
      const p = left + up - corner;
      const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - corner)];
      const paeth = pa <= pb && pa <= pc ? left : pb <= pc ? up : corner;
      const predictor = [0, left, up, (left + up) >> 1, paeth][filter] ?? 0;
      pixels[y * stride + i] = (line[i]! + predictor) & 0xff;
    }
  }
  return {
    width,
    height,
    /** The pixel at (x, y) as RGB (gray repeated). */
    at(x: number, y: number): Rgb {
      const i = y * stride + x * channels;
      return channels < 3
        ? [pixels[i]!, pixels[i]!, pixels[i]!]
        : [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!];
    },
  };
}
