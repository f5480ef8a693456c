import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import { ffmpegForTests } from '@fs/emulator/testing';
import sharp from 'sharp';

// Real files of each format, made by the tests: images by sharp, audio and video by ffmpeg,
// PDF and ZIP by the small writers below. Nothing binary is kept in the repository.

const run = promisify(execFile);

/** A 16x8 red picture in `format`, as sharp writes it. */
export function image(format: 'jpeg' | 'png' | 'gif' | 'webp' | 'avif'): Promise<Buffer> {
  const picture = sharp({ create: { width: 16, height: 8, channels: 3, background: '#c00' } });
  return picture.toFormat(format).toBuffer();
}

/** ffmpeg, or undefined to skip; a failure where CI requires it (FS_REQUIRE_FFMPEG). */
export const ffmpeg = await ffmpegForTests();

const PICTURE = ['-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=10'];
const SOUND = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=8000'];

/** What ffmpeg is asked for: the input and the output's codecs and muxer. */
export const MEDIA = {
  'mp4 (H.264)': [...PICTURE, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-f', 'mp4'],
  'mov (H.264)': [...PICTURE, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-f', 'mov'],
  'm4a (AAC)': [...SOUND, '-c:a', 'aac', '-f', 'ipod'],
  'mp3 with an ID3 tag': [...SOUND, '-c:a', 'libmp3lame', '-f', 'mp3'],
  'mp3 without a tag': [
    ...[...SOUND, '-c:a', 'libmp3lame', '-f', 'mp3'],
    ...['-id3v2_version', '0', '-write_xing', '0'],
  ],
  'wav (PCM)': [...SOUND, '-c:a', 'pcm_s16le', '-f', 'wav'],
  'ogg (Vorbis)': [...SOUND, '-c:a', 'libvorbis', '-f', 'ogg'],
  'ogg (Opus)': [...SOUND, '-c:a', 'libopus', '-f', 'ogg'],
  'ogv (Theora)': [...PICTURE, '-c:v', 'libtheora', '-f', 'ogg'],
  'webm (VP8)': [...PICTURE, '-c:v', 'libvpx', '-f', 'webm'],
  'mkv (H.264)': [...PICTURE, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-f', 'matroska'],
} satisfies Record<string, string[]>;

/** Half a second of `kind`, written by ffmpeg into `dir`. */
export async function media(kind: keyof typeof MEDIA, dir: string): Promise<Buffer> {
  const path = join(dir, kind.replace(/\W+/g, '-'));
  await run(ffmpeg!, ['-hide_banner', '-nostdin', '-y', ...MEDIA[kind], '-t', '0.5', path]);
  return readFile(path);
}

/** A one-page PDF 1.4 with its cross-reference table (what a PDF reader needs to open it). */
export function pdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const offset = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A ZIP archive holding `name` stored (not compressed): local header, central directory, end. */
export function zip(name = 'hello.txt', content = 'hello zip'): Buffer {
  const data = Buffer.from(content);
  const file = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed: 2.0
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(file.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4); // made by
  central.writeUInt16LE(20, 6); // needed
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(file.length, 28);
  const directoryOffset = local.length + file.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + file.length, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return Buffer.concat([local, file, data, central, file, end]);
}

/**
 * The start of a HEIC file: its `ftyp` box as libheif writes it. sharp's prebuilt libvips
 * cannot encode HEVC and ffmpeg 5 has no HEIF muxer, so this one format is written by hand.
 */
export function heicHead(): Buffer {
  // Major brand, minor version 0, then the compatible brands.
  const fields = 'ftypheic\0\0\0\0mif1heic';
  const box = Buffer.alloc(4 + fields.length);
  box.writeUInt32BE(box.length, 0);
  box.write(fields, 4, 'latin1');
  return Buffer.concat([box, Buffer.alloc(32)]);
}
