import {
  createHttp,
  type HostOptions,
  type HttpOptions,
  type SecurityOption,
  type SignedPolicy,
  securitySource,
} from '@fs/core';
import {
  type TransformSource,
  transformUrl,
  type VideoConvertParams,
  videoConvert as videoConvertTask,
} from '@fs/transform';
import { type AudioVisual, audioVisual } from './audio-visual.js';
import { getJob } from './fetch-job.js';
import { readJob } from './job-state.js';

/**
 * Options of {@link videoConvert}. `fetch` and `timeout` apply to every request of the job;
 * `retry` and `onRetry` to the request that starts it (`wait()` rides out failed status
 * requests by its own rules).
 */
export interface VideoConvertOptions extends HostOptions, HttpOptions {
  /** Your API key; required for external URLs and storage aliases (as in `transformUrl`). */
  apikey?: string;
  /**
   * A signed policy with the `convert` call, or a function that fetches one from your server.
   * A function is asked lazily, again shortly before the policy expires, and once more after
   * the service refuses it (401/403), after which the request is repeated once.
   */
  security?: SecurityOption;
  /** Cancels the request that starts the job. */
  signal?: AbortSignal;
}

/**
 * Starts converting `source` (a handle, an external URL with `apikey`, or a storage alias) to
 * video or audio, and resolves with the job once the service has accepted it. Parameters are
 * `video_convert`'s, checked before anything is sent (`preset`, `width`, `height`,
 * `aspect_mode`, `clip_length`, store options, ...).
 *
 * Starting is idempotent (the same URL answers the same job), so a failed start is retried
 * under the retry policy (`@fs/core`'s default unless `retry` says otherwise).
 *
 * @throws ValidationError for bad parameters, source, key, hosts or policy, before any request;
 *   HttpError when the service refuses; FilestackError `PROTOCOL` when it answers no job.
 * @example
 * const av = await videoConvert(handle, { preset: 'h264', width: 1280 });
 * const { handle: mp4, url } = await av.wait({ timeout: 10 * 60_000 });
 */
export async function videoConvert(
  source: TransformSource,
  params: VideoConvertParams = {},
  options: VideoConvertOptions = {},
): Promise<AudioVisual> {
  const { apikey, urls, cname, signal } = options;
  const task = videoConvertTask(params);
  const build = (security: SignedPolicy | undefined) =>
    transformUrl(source, [task], { apikey, urls, cname, security });
  // A first build without the policy checks source, key and hosts before a provider runs.
  build(undefined);
  const security = securitySource(options.security);
  const starting = createHttp(options);
  let url = '';
  const first = readJob(
    await getJob((policy) => (url = build(policy)), security, starting, signal),
  );
  return audioVisual(first, url, {
    build,
    security,
    http: createHttp({ ...options, retry: 0 }),
  });
}
