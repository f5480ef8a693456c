import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFfmpeg, runFfmpeg } from '../video/ffmpeg.js';

/** Options of `sampleVideo`. */
export interface SampleVideoOptions {
  /** @default 320 */
  width?: number;
  /** @default 240 */
  height?: number;
  /** @default 2 */
  seconds?: number;
  /**
   * The ffmpeg to run.
   * @default `ffmpeg` on the PATH
   */
  ffmpeg?: string;
}

/**
 * An H.264 + AAC MP4 made by ffmpeg: its test pattern and a 440 Hz tone, for conversion tests
 * that need a real video and no file in the repository. Rejects when there is no ffmpeg.
 *
 * @example
 * const bytes = await sampleVideo({ width: 320, height: 240, seconds: 2 });
 */
export async function sampleVideo(options: SampleVideoOptions = {}): Promise<Uint8Array> {
  const { width = 320, height = 240, seconds = 2 } = options;
  const ffmpeg = options.ffmpeg ?? (await findFfmpeg());
  if (!ffmpeg) throw new Error('sampleVideo needs ffmpeg on the PATH');
  const dir = await mkdtemp(join(tmpdir(), 'fs-sample-video-'));
  try {
    const path = join(dir, 'sample.mp4');
    await runFfmpeg(ffmpeg, [
      ...['-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=24`],
      ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100'],
      ...['-t', String(seconds), '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac'],
      ...['-movflags', '+faststart', '-y', path],
    ]);
    return new Uint8Array(await readFile(path));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
