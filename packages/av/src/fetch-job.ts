import {
  AbortError,
  type FetchLike,
  HttpError,
  NetworkError,
  readBody,
  redactUrl,
  type SecuritySource,
  type SignedPolicy,
  throwIfAborted,
  withFreshPolicy,
} from '@fs/core';

/** Answers worth asking again (the statuses of `@fs/core`'s default retry policy). */
const RETRY_STATUSES = [408, 429, 500, 502, 503, 504];

/**
 * One GET of a conversion URL, read as JSON. This is a plain `fetch` with `@fs/core`'s typed
 * errors rather than `createHttp` (ky): a page that only converts would otherwise carry the
 * whole HTTP client, about 6.8 KB gzipped, for one kind of request.
 */
export async function getJob(
  url: string,
  fetcher: FetchLike | undefined,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  throwIfAborted(signal);
  let response: Response;
  let body: unknown;
  try {
    // Called through a function, not as a detached `globalThis.fetch`: browsers refuse an
    // unbound fetch ("Illegal invocation").
    response = await (fetcher ? fetcher(url, { signal }) : fetch(url, { signal }));
    body = await readBody(response);
  } catch (error) {
    if (signal?.aborted) throw new AbortError(undefined, signal.reason);
    const reason = error instanceof Error ? error.message : String(error);
    throw new NetworkError(`GET ${redactUrl(url)} failed: ${reason}`, error);
  }
  if (!response.ok) {
    throw new HttpError({
      status: response.status,
      method: 'GET',
      url,
      body,
      headers: response.headers,
      retryable: RETRY_STATUSES.includes(response.status),
    });
  }
  return body;
}

/**
 * GETs the URL `build` makes with the current policy. A policy the service refuses (401/403)
 * from a provider is asked for again and the request repeated once, as `@fs/transform` does.
 */
export const getJobSecured = (
  build: (security: SignedPolicy | undefined) => string,
  security: SecuritySource,
  fetcher: FetchLike | undefined,
  signal: AbortSignal | undefined,
): Promise<unknown> =>
  withFreshPolicy(security, (policy) => getJob(build(policy), fetcher, signal));
