import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** The `ffmpeg` executable on the PATH, or undefined when there is none. */
export async function findFfmpeg(
  path = process.env.PATH ?? '',
  platform = process.platform,
): Promise<string | undefined> {
  const name = platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg';
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * ffmpeg's own words for a failure: the last lines of its log, without the stream and metadata
 * dump (`key : value` lines and headings ending in `:`) that comes before its error.
 */
function lastLines(log: string, count = 2): string {
  return log
    .trim()
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.endsWith(':') && !/^\S+\s+: /.test(line))
    .slice(-count)
    .join('; ');
}

/**
 * Runs ffmpeg with `args` (never through a shell). Resolves with its log (stderr); rejects with
 * an Error whose message ends with ffmpeg's last lines when it exits with another code than
 * `okCodes`, or when `signal` fires (the process is killed).
 */
export function runFfmpeg(
  binary: string,
  args: readonly string[],
  signal?: AbortSignal,
  okCodes: readonly number[] = [0],
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['-hide_banner', '-nostdin', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      signal,
    });
    let log = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      // Keep the tail only: a long conversion logs a progress line per second.
      log = (log + chunk).slice(-64 * 1024);
    });
    child.on('error', (error) => reject(new Error(`ffmpeg could not run: ${error.message}`)));
    child.on('close', (code) => {
      if (code !== null && okCodes.includes(code)) resolve(log);
      else reject(new Error(`ffmpeg failed (exit ${code ?? 'killed'}): ${lastLines(log)}`));
    });
  });
}

/**
 * What ffmpeg tells about a media file (a job answer's `metadata.result` / `metadata.source`,
 * docs/protocol.md#job-answers).
 */
export type MediaInfo = {
  /** Milliseconds. */
  duration?: number;
  width?: number;
  height?: number;
  video_codec?: string;
  audio_codec?: string;
};

/** Reads duration, picture size and codecs from the log of `ffmpeg -i <file>`. */
export function parseMediaInfo(log: string): MediaInfo {
  const info: MediaInfo = {};
  const duration = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(log);
  if (duration) {
    const [, h, m, s] = duration.map(Number) as [number, number, number, number];
    info.duration = Math.round((h * 3600 + m * 60 + s) * 1000);
  }
  const video = /Stream #\S+.*?: Video: (\w+)[^\n]*?, (\d{1,5})x(\d{1,5})/.exec(log);
  if (video) {
    info.video_codec = video[1];
    info.width = Number(video[2]);
    info.height = Number(video[3]);
  }
  const audio = /Stream #\S+.*?: Audio: (\w+)/.exec(log);
  if (audio) info.audio_codec = audio[1];
  return info;
}

/** Describes a media file with ffmpeg (`ffmpeg -i` exits 1 when given no output: expected). */
export async function probeMedia(
  binary: string,
  path: string,
  signal?: AbortSignal,
): Promise<MediaInfo> {
  try {
    return parseMediaInfo(await runFfmpeg(binary, ['-i', path], signal, [0, 1]));
  } catch {
    return {};
  }
}
