// Magic numbers from each format's own specification: JFIF/JPEG (SOI marker), PNG (signature),
// GIF (header), RIFF (WebP, WAVE), ISO base media (`ftyp` brands: MP4, QuickTime, HEIF/AVIF),
// PDF (header), ZIP (local file header), Ogg (capture pattern and first packet), EBML (WebM and
// Matroska DocType) and MPEG audio (ID3v2 tag or a layer III frame header).

/**
 * Guesses a MIME type from the first bytes of a file (at most 64; fewer for a smaller file).
 * Answers `undefined` when it does not recognise them.
 */
export type MimetypeSniffer = (head: Uint8Array) => string | undefined;

/**
 * Recognises JPEG, PNG, GIF, WebP, AVIF, HEIC/HEIF, PDF, ZIP, MP4, MOV, M4A, 3GP, MP3, WAV, Ogg
 * (audio, or video for Theora), WebM and Matroska by their first bytes.
 *
 * In Node, uploads use it when neither `store.mimetype`, the Blob's type nor the file name
 * gives a type. Elsewhere they use it only when given as the `sniffMimetype` option, so a
 * page that does not import it does not carry it.
 *
 * @example
 * import { sniffMimetype, upload } from '@fs/upload';
 * await upload(bytes, { apikey, sniffMimetype }); // a PNG's bytes are stored as image/png
 */
export const sniffMimetype: MimetypeSniffer = (head) => {
  // As Latin-1 text: one character per byte, so magic numbers read as string literals.
  const bytes = String.fromCharCode(...head.subarray(0, 64));
  const has = (magic: string, offset = 0) => bytes.startsWith(magic, offset);
  if (has('\xff\xd8\xff')) return 'image/jpeg';
  if (has('\x89PNG\r\n\x1a\n')) return 'image/png';
  if (has('GIF87a') || has('GIF89a')) return 'image/gif';
  if (has('RIFF') && has('WEBP', 8)) return 'image/webp';
  if (has('RIFF') && has('WAVE', 8)) return 'audio/wav';
  if (has('ftyp', 4)) return isoMediaType(bytes);
  if (has('%PDF-')) return 'application/pdf';
  if (has('PK\x03\x04') || has('PK\x05\x06')) return 'application/zip';
  // An Ogg page's first packet follows its 27-byte header and its segment table.
  if (has('OggS')) return has('\x80theora', 27 + bytes.charCodeAt(26)) ? 'video/ogg' : 'audio/ogg';
  if (has('\x1a\x45\xdf\xa3')) return matroskaType(bytes);
  if (has('ID3') || isMp3Frame(bytes)) return 'audio/mpeg';
  return undefined;
};

/** An ISO base media file by its `ftyp` box: the major brand, then the compatible ones. */
function isoMediaType(bytes: string): string {
  const size = bytes.charCodeAt(3) + 256 * (bytes.charCodeAt(2) + 256 * bytes.charCodeAt(1));
  const brands = [bytes.slice(8, 12)];
  for (let at = 16; at + 4 <= Math.min(size, bytes.length); at += 4)
    brands.push(bytes.slice(at, at + 4));
  const any = (...names: string[]) => names.some((name) => brands.includes(name));
  // Image brands first: a HEIF or AVIF file may also list an MP4 brand.
  if (any('avif', 'avis')) return 'image/avif';
  if (any('heic', 'heix', 'heim', 'heis')) return 'image/heic';
  if (any('hevc', 'hevx')) return 'image/heic-sequence';
  if (any('mif1')) return 'image/heif';
  if (any('msf1')) return 'image/heif-sequence';
  const major = brands[0]!;
  if (major === 'qt  ') return 'video/quicktime';
  if (major === 'M4A ' || major === 'M4B ') return 'audio/mp4';
  if (major.startsWith('3gp')) return 'video/3gpp';
  return 'video/mp4';
}

/** An EBML file by its DocType element: ID 0x4282, a one-byte length, the name. */
function matroskaType(bytes: string): string | undefined {
  const docType = /\x42\x82[\x81-\xff](webm|matroska)/.exec(bytes)?.[1];
  return docType && (docType === 'webm' ? 'video/webm' : 'video/x-matroska');
}

/**
 * An MPEG audio layer III frame header without an ID3 tag before it: 11 sync bits, a version
 * other than the reserved one, and a bitrate and sample rate that are not the invalid codes.
 */
function isMp3Frame(bytes: string): boolean {
  const flags = bytes.charCodeAt(1);
  const rates = bytes.charCodeAt(2);
  return (
    bytes.charCodeAt(0) === 0xff &&
    (flags & 0xe6) === 0xe2 &&
    (flags & 0x18) !== 0x08 &&
    rates >> 4 !== 0x0f &&
    (rates & 0x0c) !== 0x0c
  );
}
