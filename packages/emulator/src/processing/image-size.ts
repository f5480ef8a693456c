import { ReplyError } from '../http/replies.js';
import { loadSharp } from './sharp-loader.js';

/** Width and height in pixels. */
export interface Dimensions {
  width: number;
  height: number;
}

/**
 * The most pixels an image the emulator decodes or draws may have (50 megapixels, e.g.
 * 8660x5773): a PNG of 10000x10000 is a few KB on disk and 100 million pixels in memory.
 */
export const MAX_IMAGE_PIXELS = 50_000_000;

/** Refuses (400) an image over {@link MAX_IMAGE_PIXELS}, before its pixels are decoded. */
export function checkPixels(task: string, { width, height }: Dimensions, what: string): void {
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new ReplyError(
      400,
      `${task}: ${what} is ${width}x${height} pixels; the emulator draws images of up to ${MAX_IMAGE_PIXELS} pixels`,
    );
  }
}

/**
 * The pixel size of an image file, read from its header only; undefined for files that are not
 * images sharp reads (and when sharp is not installed: metadata then says null, as for any
 * non-image). Dimensions are as stored, before any EXIF orientation.
 */
export async function imageDimensions(
  path: string,
  mimetype: string,
): Promise<Dimensions | undefined> {
  if (!mimetype.startsWith('image/')) return undefined;
  try {
    const sharp = await loadSharp();
    const { width, height } = await sharp(path).metadata();
    return width && height ? { width, height } : undefined;
  } catch {
    return undefined;
  }
}
