import ky from 'ky';
import { defaultFetch } from '#default-fetch';
import { AbortError, HttpError, TimeoutError, toFilestackError } from './errors.js';
import { filestackHeaders } from './filestack-headers.js';
import { MAX_TIMER_MS, optionalFunction, optionalInteger } from './option-checks.js';
import { redactUrl } from './redact.js';
import { KEPT_BODY_BYTES, parseBody, readBytes } from './response-body.js';
import {
  isRetryable,
  type RetryListener,
  type RetryPolicy,
  retryAfterOf,
  retryDelay,
  retryPolicy,
} from './retry.js';

/** The shape of `fetch` this SDK calls: the global one or any stand-in for it. */
export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** Milliseconds a request may wait for its answer (and a body for its next bytes). */
export const DEFAULT_TIMEOUT = 30_000;

/** Settings shared by every request of one client. */
export interface HttpOptions {
  /**
   * A `fetch` to use instead of the runtime's (tests, custom agents). Node's default follows
   * HTTPS_PROXY, HTTP_PROXY and NO_PROXY (see `proxyForUrl`); a `fetch` given here is used as is.
   * @default globalThis.fetch, through the environment's proxy in Node
   */
  fetch?: FetchLike;
  /**
   * Milliseconds before a try is abandoned as a (retryable) `TimeoutError`: the time to the
   * answer's headers and, for JSON and text, to the end of its body; for bytes and streamed
   * downloads, the longest wait for the next bytes, so a large download is never cut off
   * while it moves. An integer from 1 to 2147483647.
   * @default 30000
   */
  timeout?: number;
  /**
   * Retry policy overrides (see `RetryPolicy`), or a number of retries after the first try.
   * @default DEFAULT_RETRY: 5 tries, 500 ms doubling to 15 s, half jitter
   */
  retry?: Partial<RetryPolicy> | number;
  /** Called before every retry with the failed attempt, the delay and the error. */
  onRetry?: RetryListener;
}

/**
 * How a successful answer is read. `json` and `text` are read whole within the timeout;
 * `bytes` is read whole with an idle timeout; `response` hands back the `Response` with its
 * body unread, guarded by the idle timeout as it streams.
 */
export type ResponseType = 'json' | 'text' | 'bytes' | 'response';

/** One request of an {@link HttpClient}. */
export interface RequestOptions {
  url: string;
  /** @default 'POST' with `json` or `body', else 'GET' */
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  /** A JSON body (sets `Content-Type: application/json`). */
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  searchParams?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
  /**
   * Adds `Filestack-Source` and trace headers (new ones on every try): set for the upload API
   * and `/process` only.
   * @default false
   */
  filestackHeaders?: boolean;
  /**
   * Whether a POST may be sent again under the retry policy (other methods always may):
   * - `true`: repeating it is harmless;
   * - `'if-unprocessed'`: only after an answer saying the service did not process it (408,
   *   429, 503), never after a timeout, a broken connection or another error, which may come
   *   after the work was done (e.g. a file stored);
   * - `false`: it is sent once.
   * @default false
   */
  idempotent?: boolean | 'if-unprocessed';
  /** @default 'json' */
  responseType?: ResponseType;
  /** Overrides the client's timeout for this request. */
  timeout?: number;
}

/** A successful answer: status, headers and the body read as the request asked. */
export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** The HTTP client of {@link createHttp}: ky with the SDK's retry policy, timeout and errors. */
export interface HttpClient {
  readonly policy: RetryPolicy;
  /** The timeout of every request, in ms (see `HttpOptions.timeout`). */
  readonly timeout: number;
  readonly onRetry: RetryListener | undefined;
  /**
   * Sends one request, retried as the policy allows, and resolves with the answer read as
   * `responseType` asks; rejects with a `FilestackError` (`HttpError`, `TimeoutError`,
   * `NetworkError`, `AbortError`).
   */
  request<T = unknown>(options: RequestOptions): Promise<HttpResponse<T>>;
}

// ky's own retry decisions differ from the SDK's policy: it does not retry timeouts, it gives
// up on a long `Retry-After` where the policy waits `maxDelay`, and its jitter is all or
// nothing where the policy's is a share. So `shouldRetry` answers every case from the policy
// (`isRetryable`) and `delay` hands ky the policy's `retryDelay`; ky runs the loop. Timeouts are
// the SDK's own too, inside `fetch`: ky's cover the headers only, and a body can stall after.
const METHODS: ('get' | 'head' | 'post' | 'put' | 'delete')[] = [
  'get',
  'head',
  'post',
  'put',
  'delete',
];

/** Answers saying the service did not process a request: retrying it cannot do the work twice. */
const NOT_PROCESSED = [408, 429, 503];

/**
 * Creates the HTTP layer every package uses for API calls: ky, retrying by the one retry
 * policy, with typed errors, timeouts that cover the answer's body, and bounded error bodies.
 *
 * @throws ValidationError for a timeout, retry policy, `fetch` or `onRetry` of the wrong type
 *   or range, before any request.
 * @example
 * const http = createHttp({ timeout: 10_000, retry: 2 });
 * const { body } = await http.request<{ url: string }>({ url, json: { a: 1 }, idempotent: true });
 */
export function createHttp(options: HttpOptions = {}): HttpClient {
  const policy = retryPolicy(options.retry);
  const timeout = optionalInteger('timeout', options.timeout, 1, MAX_TIMER_MS) ?? DEFAULT_TIMEOUT;
  optionalFunction('fetch', options.fetch);
  optionalFunction('onRetry', options.onRetry);
  const { onRetry } = options;

  return {
    policy,
    timeout,
    onRetry,
    async request<T>(call: RequestOptions): Promise<HttpResponse<T>> {
      const method = call.method ?? (call.json !== undefined || call.body ? 'POST' : 'GET');
      const { url, signal } = call;
      const limit = call.timeout ?? timeout;
      // Sent as given on every try: a `fetch` of the caller's sees the plain `(url, init)` it
      // would see from any code.
      const body = call.json === undefined ? call.body : JSON.stringify(call.json);
      let answer: HttpResponse<unknown> | undefined;
      let delay = 0;
      try {
        // ky builds the URL and headers and runs the retry loop; the body goes to `fetch` as
        // given (below), so ky never copies it.
        await ky(url, {
          method,
          headers: {
            ...(call.json === undefined ? {} : { 'content-type': 'application/json' }),
            ...(call.filestackHeaders ? filestackHeaders() : {}),
            ...call.headers,
          },
          searchParams: call.searchParams,
          signal,
          throwHttpErrors: false,
          timeout: false,
          // One try: the request and its whole answer. A stalled body is a failed try, judged
          // by the retry policy like any other.
          fetch: async (input) => {
            // A fetch called with a fired signal sends nothing, yet it is a request started
            // (pages and logs count it): none once the call is aborted, on any try.
            if (signal?.aborted) throw new AbortError(undefined, signal.reason);
            // ky always hands over the Request it built (with its signal and body).
            const request = input as Request;
            answer = await exchange(request, body, {
              fetch: options.fetch,
              method,
              url,
              timeout: limit,
              type: call.responseType ?? 'json',
              policy,
            });
            // ky needs a Response; the answer itself was read above.
            return new Response();
          },
          retry: {
            limit: policy.attempts - 1,
            methods: METHODS,
            shouldRetry: ({ error, retryCount }) => {
              const failure = toFilestackError(error, method, url);
              const repeatable =
                method !== 'POST' ||
                call.idempotent === true ||
                (call.idempotent === 'if-unprocessed' &&
                  HttpError.isInstance(failure) &&
                  NOT_PROCESSED.includes(failure.status));
              if (signal?.aborted || !repeatable || !isRetryable(failure, policy, retryCount)) {
                return false;
              }
              delay = retryDelay(policy, retryCount, retryAfterOf(failure));
              onRetry?.({ attempt: retryCount, delay, error: failure });
              return true;
            },
            delay: () => delay,
          },
        });
      } catch (error) {
        // fetch rejects with the signal's reason, which is any value the caller passed to
        // `abort(reason)`: only the signal itself tells that this was an abort.
        if (signal?.aborted) throw new AbortError(undefined, signal.reason);
        throw toFilestackError(error, method, url);
      }
      return answer as HttpResponse<T>;
    },
  };
}

interface Exchange {
  fetch: FetchLike | undefined;
  method: string;
  url: string;
  timeout: number;
  type: ResponseType;
  policy: RetryPolicy;
}

/**
 * Sends `request` (its URL, method and headers as ky built them, with `sent`) and reads its
 * answer under one timer: `timeout` ms to the headers, then to the end of a JSON or text body,
 * or between any two chunks of a byte body. The timer aborts the fetch with a `TimeoutError`,
 * which the fetch and its body reject with. An answer the call does not accept becomes an
 * `HttpError` with the first 64 KiB of its body.
 */
async function exchange(
  request: Request,
  sent: BodyInit | undefined,
  call: Exchange,
): Promise<HttpResponse<unknown>> {
  const { method, url, timeout, type } = call;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Once the answer is over (read, cancelled, failed or aborted) nothing may keep a timer or a
  // listener alive: a streamed body's timer would otherwise hold a Node process open until it fires.
  const stop = () => {
    clearTimeout(timer);
    request.signal.removeEventListener('abort', forward);
  };
  const forward = () => {
    controller.abort(request.signal.reason);
    stop();
  };
  if (request.signal.aborted) forward();
  request.signal.addEventListener('abort', forward, { once: true });
  const idle = type === 'bytes' || type === 'response';
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () =>
        controller.abort(
          new TimeoutError(`${method} ${redactUrl(url)} timed out: no answer for ${timeout} ms`),
        ),
      timeout,
    );
  };
  arm();
  let streaming = false;
  try {
    const response = await (call.fetch ?? defaultFetch)(request.url, {
      method: request.method,
      headers: request.headers,
      body: sent,
      signal: controller.signal,
    });
    const { status, headers } = response;
    // A byte body restarts the timer with every chunk: a large download is never cut off
    // while it moves. It must keep moving, read or not: a stream left unread times out too.
    const body =
      idle && response.body ? restartOnEachChunk(response.body, arm, stop) : response.body;
    if (!response.ok) {
      throw new HttpError({
        status,
        method,
        url: response.url || url,
        body: parseBody(
          new TextDecoder().decode(await readBytes(body, KEPT_BODY_BYTES)),
          headers.get('content-type'),
        ),
        headers,
        retryable: call.policy.statusCodes.includes(status),
      });
    }
    if (type === 'response') {
      streaming = true;
      return { status, headers, body: new Response(body, { status, headers }) };
    }
    const bytes = await readBytes(body);
    const text = type === 'bytes' ? '' : new TextDecoder().decode(bytes);
    return {
      status,
      headers,
      body:
        type === 'bytes'
          ? bytes
          : type === 'text'
            ? text
            : parseBody(text, headers.get('content-type')),
    };
  } catch (error) {
    // A timeout is the reason the fetch or its body rejected with: a TimeoutError already.
    throw toFilestackError(error, method, url);
  } finally {
    if (!streaming) stop();
  }
}

/**
 * `body`, calling `moved` with every chunk and `stop` once it ends, fails or is cancelled: the
 * idle timer restarts while bytes move and never outlives the body.
 */
function restartOnEachChunk(
  body: ReadableStream<Uint8Array>,
  moved: () => void,
  stop: () => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          stop();
          controller.close();
        } else {
          moved();
          controller.enqueue(value);
        }
      } catch (error) {
        stop();
        controller.error(error);
      }
    },
    cancel(reason) {
      stop();
      return reader.cancel(reason);
    },
  });
}
