import {
  createHttp,
  type HostOptions,
  type HttpClient,
  type HttpOptions,
  type ResponseType,
  type SecurityOption,
  securitySource,
  withFreshPolicy,
} from '@fs/core';
import type { TransformSource } from '../source.js';
import type { Task } from '../task.js';
import { transformUrl } from '../transform-url.js';

/** Options of the calls that fetch a processing URL (`getContent`, `storeTransform`, `getTags`, ...). */
export interface TransformRequestOptions extends HostOptions, HttpOptions {
  /** Your API key; written where the service needs it (see `transformUrl`). */
  apikey?: string;
  /**
   * A signed policy, or a function that fetches one from your server. A function is asked
   * lazily, again shortly before the policy expires, and once more after the service rejects
   * it (401/403), after which the request is repeated once.
   */
  security?: SecurityOption;
  /** The HTTP layer to use, e.g. one `createHttp()` shared by many calls; else one is made. */
  http?: HttpClient;
  /** Cancels the call; it then rejects with an AbortError. */
  signal?: AbortSignal;
}

/**
 * Builds the URL and sends it. Every check of `transformUrl` runs before anything is sent; a
 * policy the service rejects is refreshed and the request repeated once.
 */
export async function sendTransform<T>(
  source: TransformSource,
  tasks: readonly Task[],
  options: TransformRequestOptions,
  method: 'GET' | 'POST',
  responseType: ResponseType,
): Promise<{ body: T; headers: Headers }> {
  const { security: given, http = createHttp(options), signal } = options;
  // A first build without the policy validates source, tasks and hosts before a provider runs.
  transformUrl(source, tasks, { ...options, security: undefined });
  return withFreshPolicy(securitySource(given), (security) =>
    http.request<T>({
      url: transformUrl(source, tasks, { ...options, security }),
      method,
      responseType,
      signal,
    }),
  );
}
