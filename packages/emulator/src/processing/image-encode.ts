import { parseColor, type Rgba } from './colors.js';
import type { SharpImage } from './sharp-loader.js';
import type { Task } from './task.js';

/** Formats the emulator writes. */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'avif';

/**
 * How the result is written. Encoding tasks (`output`, `quality`, `compress`, `pjpg`,
 * `no_metadata`) set these as they come in the chain, the later one winning; the image is
 * encoded once, at the end, so a lossy format never compounds its losses.
 */
export interface EncodeSettings {
  format?: ImageFormat;
  progressive?: boolean;
  quality?: number;
  compress?: boolean;
  /**
   * Drop EXIF, ICC, XMP and IPTC; when `false` the source's metadata is kept.
   * @default false
   */
  strip?: boolean;
  background?: Rgba;
  colorspace?: 'srgb' | 'cmyk';
}

/** Document and vector formats of `output` that the emulator cannot write. */
const UNWRITABLE = new Set([
  'doc',
  'docx',
  'html',
  'odp',
  'ods',
  'odt',
  'pdf',
  'ppt',
  'pptx',
  'svg',
  'txt',
  'xls',
  'xlsx',
]);

export const ENCODE_TASKS = new Set(['output', 'quality', 'compress', 'pjpg', 'no_metadata']);

/**
 * Applies an encoding task to `settings`. Answers false when the emulator cannot do what it
 * asks (a document format, `docinfo`), so the caller lists it as unapplied and leaves the
 * settings as they were.
 */
export function applyEncodeTask(task: Task, settings: EncodeSettings): boolean {
  const { params } = task;
  switch (task.name) {
    case 'no_metadata':
      settings.strip = true;
      return true;
    case 'quality':
      settings.quality = params.value as number;
      return true;
    case 'compress':
      settings.compress = true;
      // compress drops metadata unless asked to keep it (docs: metadata defaults to false).
      settings.strip = params.metadata !== true;
      return true;
    case 'pjpg':
      settings.format = 'jpeg';
      settings.progressive = true;
      if (typeof params.quality === 'number') settings.quality = Math.max(1, params.quality);
      settings.strip = params.metadata !== true;
      return true;
    case 'output': {
      const format = params.format === undefined ? undefined : String(params.format);
      if ((format && UNWRITABLE.has(format)) || params.docinfo === true) return false;
      if (params.colorspace === 'cmyk' && format !== 'jpg' && format !== 'pjpg') return false;
      if (format === 'jpg' || format === 'pjpg') settings.format = 'jpeg';
      else if (format) settings.format = format as ImageFormat;
      settings.progressive = format === 'pjpg' ? true : format ? undefined : settings.progressive;
      if (typeof params.quality === 'number') settings.quality = params.quality;
      if (params.compress === true) settings.compress = true;
      if (params.strip === true) settings.strip = true;
      if (params.background !== undefined)
        settings.background = parseColor(String(params.background));
      if (params.colorspace === 'rgb') settings.colorspace = 'srgb';
      if (params.colorspace === 'cmyk') settings.colorspace = 'cmyk';
      // page, density, secure, pageformat and pageorientation only concern documents.
      return true;
    }
    default:
      return false;
  }
}

/** Whether the settings change anything, i.e. whether the file must be re-encoded. */
export function changesEncoding(settings: EncodeSettings): boolean {
  return Object.values(settings).some((value) => value !== undefined);
}

/** The format a source comes out in when no task names one. */
export function defaultFormat(inputFormat: string | undefined): ImageFormat {
  switch (inputFormat) {
    case 'jpeg':
    case 'png':
    case 'webp':
    case 'gif':
    case 'tiff':
      return inputFormat;
    case 'heif':
      return 'avif';
    default:
      // svg, ppm, raw and friends: sharp reads them but does not write them.
      return 'png';
  }
}

export const FORMAT_MIME: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  tiff: 'image/tiff',
  avif: 'image/avif',
};

const EXTENSION: Record<ImageFormat, string> = {
  jpeg: 'jpg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  tiff: 'tiff',
  avif: 'avif',
};

/** `photo.png` written as webp is `photo.webp`. */
export function renameFor(filename: string, format: ImageFormat, changed: boolean): string {
  if (!changed) return filename;
  const dot = filename.lastIndexOf('.');
  const stem = dot > 0 ? filename.slice(0, dot) : filename;
  return `${stem}.${EXTENSION[format]}`;
}

/** Sets up the final encode of `image`. */
export function encode(
  image: SharpImage,
  settings: EncodeSettings,
  format: ImageFormat,
  hasAlpha: boolean,
  progressiveInput: boolean,
): SharpImage {
  let out = image;
  if (settings.background) out = out.flatten({ background: settings.background });
  // JPEG has no alpha: transparent parts become white, as on the service, not black.
  else if (format === 'jpeg' && hasAlpha) out = out.flatten({ background: '#ffffff' });
  if (settings.colorspace) out = out.toColourspace(settings.colorspace);
  if (!settings.strip) out = out.keepMetadata();
  const quality = settings.quality;
  switch (format) {
    case 'jpeg':
      return out.jpeg({
        quality,
        progressive: settings.progressive ?? progressiveInput,
        mozjpeg: settings.compress === true,
      });
    case 'png':
      return out.png({
        compressionLevel: settings.compress ? 9 : 6,
        adaptiveFiltering: settings.compress === true,
      });
    case 'webp':
      return out.webp({ quality, effort: settings.compress ? 6 : 4 });
    case 'gif':
      return out.gif();
    case 'tiff':
      return out.tiff({ quality });
    case 'avif':
      return out.avif({ quality });
  }
}
