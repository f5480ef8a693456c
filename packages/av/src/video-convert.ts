import {
  type FetchLike,
  FilestackError,
  type HostOptions,
  NetworkError,
  retryPolicy,
  type SecurityOption,
  type SignedPolicy,
  securitySource,
  withRetry,
} from '@fs/core';
import {
  type TransformSource,
  transformUrl,
  type VideoConvertParams,
  videoConvert as videoConvertTask,
} from '@fs/transform';
import { type AudioVisual, audioVisual } from './audio-visual.js';
import { getJobSecured } from './fetch-job.js';
import { readJob } from './job-state.js';

/** Options of {@link videoConvert}. */
export interface VideoConvertOptions extends HostOptions {
  /** Your API key; required for external URLs and storage aliases (as in `transformUrl`). */
  apikey?: string;
  /**
   * A signed policy with the `convert` call, or a function that fetches one from your server.
   * A function is asked lazily, again shortly before the policy expires, and once more after
   * the service refuses it (401/403), after which the request is repeated once.
   */
  security?: SecurityOption;
  /** A `fetch` to use instead of the global one. */
  fetch?: FetchLike;
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
 * with `@fs/core`'s default policy.
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
  const request = { build, security: securitySource(options.security), fetch: options.fetch };
  let url = '';
  const first = await withRetry(
    async () => {
      const body = await getJobSecured(
        (policy) => (url = build(policy)),
        request.security,
        request.fetch,
        signal,
      );
      return readJob(body);
    },
    {
      policy: retryPolicy(),
      signal,
      toError: (error) =>
        error instanceof FilestackError
          ? error
          : new NetworkError(error instanceof Error ? error.message : String(error), error),
    },
  );
  return audioVisual(first, url, request);
}
