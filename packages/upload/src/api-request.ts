import {
  AbortError,
  type FetchLike,
  FilestackError,
  filestackHeaders,
  HttpError,
  isAbortError,
  NetworkError,
  type RetryListener,
  type RetryPolicy,
  readBody,
  redactUrl,
  TimeoutError,
  withRetry,
} from '@fs/core';

/** What an upload API call answered. */
export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/** JSON POSTs to the upload API and `/process`, with `@fs/core`'s retry loop and errors. */
export interface ApiClient {
  readonly policy: RetryPolicy;
  readonly onRetry: RetryListener | undefined;
  post<T>(
    url: string,
    json: unknown,
    options: {
      signal: AbortSignal | undefined;
      idempotent: boolean;
      headers?: Record<string, string>;
    },
  ): Promise<ApiAnswer<T>>;
}

/**
 * The upload's HTTP client: `fetch` plus `withRetry` from `@fs/core`, with the same errors,
 * headers and retry rules as `createHttp`. Not `createHttp` itself because ky would add
 * ~4.5 KB min+gzip to a browser upload bundle whose budget is 12 KB, for one call shape
 * (JSON in, JSON out) that fetch covers.
 */
export function createApiClient(options: {
  fetch: FetchLike | undefined;
  timeout: number;
  policy: RetryPolicy;
  onRetry: RetryListener | undefined;
}): ApiClient {
  const { policy, onRetry, timeout } = options;
  return {
    policy,
    onRetry,
    post<T>(
      url: string,
      json: unknown,
      call: Parameters<ApiClient['post']>[2],
    ): Promise<ApiAnswer<T>> {
      const once = async (): Promise<ApiAnswer<T>> => {
        const timer = new AbortController();
        const onAbort = () => timer.abort();
        call.signal?.addEventListener('abort', onAbort, { once: true });
        const timeoutId = setTimeout(() => timer.abort(TIMED_OUT), timeout);
        try {
          const response = await (options.fetch ?? fetch)(url, {
            method: 'POST',
            // Filestack headers go to the upload API and /process only, never to storage.
            headers: { ...filestackHeaders(), 'Content-Type': 'application/json', ...call.headers },
            body: JSON.stringify(json),
            signal: timer.signal,
          });
          const body = await readBody(response);
          if (!response.ok) {
            throw new HttpError({
              status: response.status,
              method: 'POST',
              url,
              body,
              headers: response.headers,
              retryable: policy.statusCodes.includes(response.status),
            });
          }
          return { status: response.status, body: body as T };
        } catch (error) {
          if (error instanceof FilestackError) throw error;
          if (call.signal?.aborted) throw new AbortError(undefined, call.signal.reason);
          if (timer.signal.reason === TIMED_OUT) {
            throw new TimeoutError(`POST ${redactUrl(url)} timed out after ${timeout} ms`, error);
          }
          if (isAbortError(error)) throw new AbortError(undefined, error);
          const reason = error instanceof Error ? error.message : String(error);
          throw new NetworkError(`POST ${redactUrl(url)} failed: ${reason}`, error);
        } finally {
          clearTimeout(timeoutId);
          call.signal?.removeEventListener('abort', onAbort);
        }
      };
      return withRetry(once, {
        policy: call.idempotent ? policy : { ...policy, attempts: 1 },
        signal: call.signal,
        onRetry,
        toError: (error) =>
          error instanceof FilestackError
            ? error
            : new FilestackError(String(error), { code: 'UNKNOWN', cause: error }),
      });
    },
  };
}

const TIMED_OUT = 'timeout';
