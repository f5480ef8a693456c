import type { ParamValue } from '../processing/task.js';

/** What a `video_convert` preset produces, and how ffmpeg makes it. */
export interface VideoPreset {
  extension: string;
  mimetype: string;
  /** ffmpeg's muxer name (`-f`): the emulator's temp files have no extension to guess from. */
  format: string;
  /** Codec arguments. */
  codecs: string[];
  /** Audio presets drop the picture. */
  audioOnly: boolean;
  /**
   * HLS presets answer a playlist URL, `/video_playlist/<handle>` (docs/protocol.md#job-answers).
   */
  hls: boolean;
}

const H264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac'];
const MP4 = {
  extension: 'mp4',
  mimetype: 'video/mp4',
  format: 'mp4',
  audioOnly: false,
  hls: false,
};
const WEBM = { extension: 'webm', mimetype: 'video/webm', format: 'webm', audioOnly: false };
const OGG = { extension: 'ogv', mimetype: 'video/ogg', format: 'ogg', audioOnly: false };
const PLAYLIST = { extension: 'm3u8', mimetype: 'application/vnd.apple.mpegurl', format: 'hls' };

/** The presets of docs/protocol.md#presets; `h264` when none is given. */
export const VIDEO_PRESETS: Record<string, VideoPreset> = {
  h264: { ...MP4, codecs: [...H264, '-movflags', '+faststart'] },
  'h264.hi': { ...MP4, codecs: [...H264, '-crf', '18', '-movflags', '+faststart'] },
  webm: { ...WEBM, hls: false, codecs: ['-c:v', 'libvpx', '-b:v', '1M', '-c:a', 'libvorbis'] },
  'webm.hi': { ...WEBM, hls: false, codecs: ['-c:v', 'libvpx', '-b:v', '3M', '-c:a', 'libvorbis'] },
  ogg: { ...OGG, hls: false, codecs: ['-c:v', 'libtheora', '-q:v', '6', '-c:a', 'libvorbis'] },
  'ogg.hi': { ...OGG, hls: false, codecs: ['-c:v', 'libtheora', '-q:v', '9', '-c:a', 'libvorbis'] },
  'hls.variant': { ...PLAYLIST, audioOnly: false, hls: true, codecs: H264 },
  mp3: {
    extension: 'mp3',
    mimetype: 'audio/mpeg',
    format: 'mp3',
    audioOnly: true,
    hls: false,
    codecs: ['-c:a', 'libmp3lame'],
  },
  oga: {
    extension: 'oga',
    mimetype: 'audio/ogg',
    format: 'ogg',
    audioOnly: true,
    hls: false,
    codecs: ['-c:a', 'libvorbis'],
  },
  m4a: {
    extension: 'm4a',
    mimetype: 'audio/mp4',
    format: 'ipod',
    audioOnly: true,
    hls: false,
    codecs: ['-c:a', 'aac'],
  },
  aac: {
    extension: 'aac',
    mimetype: 'audio/aac',
    format: 'adts',
    audioOnly: true,
    hls: false,
    codecs: ['-c:a', 'aac'],
  },
  'hls.variant.audio': { ...PLAYLIST, audioOnly: true, hls: true, codecs: ['-c:a', 'aac'] },
};

/** The preset a task asks for (its catalog check already allowed only these names). */
export function presetOf(params: Record<string, ParamValue>): VideoPreset {
  return VIDEO_PRESETS[String(params.preset ?? 'h264')] ?? VIDEO_PRESETS.h264!;
}

/** Parameters that only decide where the result is stored, not how it is made. */
export const STORE_PARAMS = ['location', 'path', 'container', 'access', 'filename', 'extname'];

/** Parameters the emulator does not reproduce even with ffmpeg; named as unapplied. */
const NOT_REPRODUCED = new Set([
  'two_pass',
  'upscale',
  'watermark_url',
  'watermark_top',
  'watermark_bottom',
  'watermark_left',
  'watermark_right',
  'watermark_width',
  'watermark_height',
  'frame_count',
]);

/** `hh[:mm[:ss]]` (the catalog's duration) in seconds. */
export function durationSeconds(value: ParamValue): number {
  const [h = 0, m = 0, s = 0] = String(value).split(':').map(Number);
  return h * 3600 + m * 60 + s;
}

/** The `-vf` filter for `width`/`height`/`aspect_mode` (docs/protocol.md#presets), or undefined. */
function scaleFilter(params: Record<string, ParamValue>): string | undefined {
  const width = typeof params.width === 'number' ? params.width : undefined;
  const height = typeof params.height === 'number' ? params.height : undefined;
  if (width === undefined && height === undefined) return undefined;
  // Even sizes: H.264 in yuv420p cannot encode odd ones.
  const even = 'scale=trunc(iw/2)*2:trunc(ih/2)*2';
  if (width === undefined || height === undefined) {
    return `scale=${width ?? -2}:${height ?? -2}`;
  }
  switch (params.aspect_mode ?? 'letterbox') {
    case 'crop':
      return `scale=${width}:${height}:force_original_aspect_ratio=increase,crop=${width}:${height},${even}`;
    case 'letterbox':
    case 'pad':
      return `scale=${width}:${height}:force_original_aspect_ratio=decrease,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2,${even}`;
    default:
      // preserve, constrain: fit inside the box, keeping the aspect ratio.
      return `scale=${width}:${height}:force_original_aspect_ratio=decrease,${even}`;
  }
}

/** ffmpeg arguments for a conversion, and the parameters it leaves unapplied. */
export interface FfmpegPlan {
  /** Arguments before `-i` (seeking). */
  input: string[];
  /** Arguments after `-i`, up to (not including) the output path. */
  output: string[];
  unapplied: string[];
}

/** Turns the parameters of a `video_convert` task into ffmpeg arguments. */
export function ffmpegPlan(params: Record<string, ParamValue>): FfmpegPlan {
  const preset = presetOf(params);
  const input: string[] = [];
  const output: string[] = [];
  const unapplied = Object.keys(params)
    .filter((name) => NOT_REPRODUCED.has(name))
    .sort();
  if (params.clip_offset !== undefined)
    input.push('-ss', String(durationSeconds(params.clip_offset)));
  if (params.clip_length !== undefined)
    output.push('-t', String(durationSeconds(params.clip_length)));
  if (preset.audioOnly) output.push('-vn');
  output.push(...preset.codecs);
  if (params.audio_codec !== undefined) output.push('-c:a', String(params.audio_codec));
  if (!preset.audioOnly) {
    const scale = scaleFilter(params);
    if (scale) output.push('-vf', scale);
    if (params.fps !== undefined) output.push('-r', String(params.fps));
    if (params.video_bitrate !== undefined) output.push('-b:v', `${params.video_bitrate}k`);
    if (params.keyframe_interval !== undefined) output.push('-g', String(params.keyframe_interval));
  }
  if (params.audio_bitrate !== undefined) output.push('-b:a', `${params.audio_bitrate}k`);
  if (params.audio_sample_rate !== undefined) output.push('-ar', String(params.audio_sample_rate));
  if (params.audio_channels !== undefined) output.push('-ac', String(params.audio_channels));
  if (params.title !== undefined) output.push('-metadata', `title=${String(params.title)}`);
  return { input, output, unapplied };
}
