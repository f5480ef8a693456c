// The ISO base media file format (ISO/IEC 14496-12) as far as a test needs it: boxes are a
// 32-bit size (1: a 64-bit size follows the type; 0: to the end) and a four-letter type;
// `moov/trak/mdia/minf/stbl` nest; `hdlr`, `mdhd` and `stsd` describe each track.

/** One track of an MP4 or QuickTime file, as its boxes describe it. */
export interface Mp4Track {
  /** The handler type: `vide` for video, `soun` for audio, or another handler's code. */
  kind: string;
  /** The sample entry's format: `avc1` (H.264), `hvc1`/`hev1` (H.265), `mp4a` (AAC), ... */
  codec: string;
  /** Video only: the picture size from the sample entry, in pixels. */
  width?: number;
  height?: number;
  /** Seconds, from the media header. */
  duration: number;
}

/** What `readMp4Tracks` found: the major brand and every track. */
export interface Mp4Summary {
  /** The `ftyp` major brand (`isom`, `mp42`, `qt  `, `M4A `, ...). */
  brand: string;
  tracks: Mp4Track[];
}

interface Box {
  type: string;
  /** The box's payload, after its header. */
  body: Uint8Array;
}

/**
 * Reads the tracks of an MP4, M4A or MOV file without ffprobe: codec, picture size and
 * duration of each. Throws when the bytes are not an ISO base media file.
 *
 * @example
 * const { tracks } = readMp4Tracks(new Uint8Array(await (await fetch(url)).arrayBuffer()));
 * const video = tracks.find((track) => track.kind === 'vide'); // { codec: 'avc1', width: 320, ... }
 */
export function readMp4Tracks(bytes: Uint8Array): Mp4Summary {
  const top = boxes(bytes);
  const ftyp = top.find((box) => box.type === 'ftyp');
  const moov = top.find((box) => box.type === 'moov');
  if (!ftyp || !moov) {
    throw new Error(`not an MP4 file: top-level boxes are [${top.map((b) => b.type).join(', ')}]`);
  }
  const tracks = boxes(moov.body)
    .filter((box) => box.type === 'trak')
    .map((trak) => readTrack(trak.body));
  return { brand: fourCc(ftyp.body, 0), tracks };
}

function readTrack(trak: Uint8Array): Mp4Track {
  const mdia = child(trak, 'mdia');
  const kind = fourCc(child(mdia, 'hdlr'), 8);
  const mdhd = view(child(mdia, 'mdhd'));
  // Version 1 headers use 64-bit times: the timescale sits 8 bytes further.
  const longTimes = mdhd.getUint8(0) === 1;
  const timescale = mdhd.getUint32(longTimes ? 20 : 12);
  const units = longTimes ? Number(mdhd.getBigUint64(24)) : mdhd.getUint32(16);
  const stsd = child(child(child(mdia, 'minf'), 'stbl'), 'stsd');
  // Full-box header (4) and entry count (4), then the first sample entry: size, format, ...
  const entry = view(stsd.subarray(8));
  const track: Mp4Track = { kind, codec: fourCc(stsd, 12), duration: units / timescale };
  if (kind === 'vide') {
    // A visual sample entry: 6 reserved bytes, a data reference index, 16 bytes of fields
    // that are always zero, then width and height (ISO/IEC 14496-12, 12.1.3).
    track.width = entry.getUint16(32);
    track.height = entry.getUint16(34);
  }
  return track;
}

function boxes(bytes: Uint8Array): Box[] {
  const found: Box[] = [];
  const data = view(bytes);
  let at = 0;
  while (at + 8 <= bytes.length) {
    let size = data.getUint32(at);
    let header = 8;
    if (size === 1) {
      size = Number(data.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) size = bytes.length - at;
    if (size < header || at + size > bytes.length) {
      throw new Error(`a box at byte ${at} claims ${size} bytes; ${bytes.length - at} are left`);
    }
    const type = fourCc(bytes, at + 4);
    found.push({ type, body: bytes.subarray(at + header, at + size) });
    at += size;
  }
  return found;
}

/** The payload of the first box of `type` in `parent` (a container's payload is its boxes). */
function child(parent: Uint8Array, type: string): Uint8Array {
  const box = boxes(parent).find((candidate) => candidate.type === type);
  if (!box) throw new Error(`no ${type} box where one is required`);
  return box.body;
}

function fourCc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + 4));
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
