/** Common extensions, to name a type when a client sends none (or only octet-stream). */
const BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  csv: 'text/csv',
  js: 'text/javascript',
  json: 'application/json',
  xml: 'application/xml',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  heic: 'image/heic',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

export const OCTET_STREAM = 'application/octet-stream';

/** The type of `filename` by extension, or octet-stream. */
export function mimeFromFilename(filename: string): string {
  const ext = filename.toLowerCase().split('.').pop();
  return (ext && BY_EXTENSION[ext]) || OCTET_STREAM;
}

/**
 * The type to record: the given one without parameters, unless it is missing or generic, in
 * which case the file name decides.
 */
export function chooseMimetype(given: string | undefined | null, filename: string): string {
  const bare = given?.split(';')[0]?.trim().toLowerCase();
  if (bare && bare !== OCTET_STREAM && /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(bare)) return bare;
  return mimeFromFilename(filename);
}
