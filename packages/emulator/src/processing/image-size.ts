import { loadSharp } from './sharp-loader.js';

/** Width and height in pixels. */
export interface Dimensions {
  width: number;
  height: number;
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
