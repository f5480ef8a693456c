import { findFfmpeg } from '../video/ffmpeg.js';

/**
 * The ffmpeg for tests that need one: the `ffmpeg` on the PATH, or `undefined` so they can be
 * skipped. With the FS_REQUIRE_FFMPEG environment variable set (CI sets it once it installed
 * ffmpeg), a missing ffmpeg throws instead: those tests cannot be skipped there unnoticed.
 *
 * @example
 * const ffmpeg = await ffmpegForTests();
 * describe.skipIf(!ffmpeg)('with a real ffmpeg', () => { ... });
 */
export async function ffmpegForTests(): Promise<string | undefined> {
  const ffmpeg = await findFfmpeg();
  if (!ffmpeg && process.env.FS_REQUIRE_FFMPEG) {
    throw new Error('FS_REQUIRE_FFMPEG is set but there is no ffmpeg on the PATH');
  }
  return ffmpeg;
}
