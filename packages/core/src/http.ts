import ky, { TimeoutError as KyTimeoutError } from 'ky';
import {
  AbortError,
  FilestackError,
  HttpError,
  isAbortError,
  NetworkError,
  TimeoutError,
} from './errors.js';
import { filestackHeaders } from './filestack-headers.js';
import { redactUrl } from './redact.js';
import { type RetryListener, type RetryPolicy, retryPolicy, withRetry } from './retry.js';

export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** Settings shared by every request of one client. */
export interface HttpOptions {
  /** A `fetch` to use instead of the global one (proxies, tests, custom agents). */
  fetch?: FetchLike;
  /** Milliseconds before one request is abandoned and counted as a (retryable) timeout. */
  timeout?: number;
  /** Retry policy overrides, or a number of retries. */
  retry?: Partial<RetryPolicy> | number;
  /** Called before every retry with the failed attempt, the delay and the error. */
  onRetry?: RetryListener;
}

export type ResponseType = 'json' | 'text' | 'bytes' | 'response';

export interface RequestOptions {
  url: string;
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  /** A JSON body (sets `Content-Type: application/json`). */
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  searchParams?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
  /** Adds `Filestack-Source` and trace headers: set for the upload API and `/process` only. */
  filestackHeaders?: boolean;
  /** POST is only retried when the caller knows that repeating it is harmless. */
  idempotent?: boolean;
  /** How to read a successful answer. `response` hands back the unread `Response`. */
  responseType?: ResponseType;
  /** Overrides the client's timeout for this request (e.g. long part PUTs). */
  timeout?: number;
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface HttpClient {
  readonly policy: RetryPolicy;
  readonly onRetry: RetryListener | undefined;
  request<T = unknown>(options: RequestOptions): Promise<HttpResponse<T>>;
}

export const DEFAULT_TIMEOUT = 30_000;

/** Creates the HTTP layer every package uses: ky for requests, one retry loop for all. */
export function createHttp(options: HttpOptions = {}): HttpClient {
  const policy = retryPolicy(options.retry);
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const fetchImpl = options.fetch;

  async function once<T>(request: RequestOptions, method: string): Promise<HttpResponse<T>> {
    const headers = {
      ...(request.filestackHeaders ? filestackHeaders() : {}),
      ...request.headers,
    };
    let response: Response;
    try {
      response = await ky(request.url, {
        method,
        headers,
        json: request.json,
        body: request.body,
        searchParams: cleanParams(request.searchParams),
        signal: request.signal,
        timeout: request.timeout ?? timeout,
        retry: 0,
        throwHttpErrors: false,
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      });
    } catch (error) {
      // fetch rejects with the signal's reason, which is any value the caller passed to
      // `abort(reason)`: only the signal itself tells that this was an abort.
      if (request.signal?.aborted) throw new AbortError(undefined, request.signal.reason);
      throw toFilestackError(error, method, request.url);
    }
    if (!response.ok) {
      const body = await readBody(response).catch(() => undefined);
      throw new HttpError({
        status: response.status,
        method,
        url: response.url || request.url,
        body,
        headers: response.headers,
        retryable: policy.statusCodes.includes(response.status),
      });
    }
    const body = await readSuccess(response, request.responseType ?? 'json');
    return { status: response.status, headers: response.headers, body: body as T };
  }

  return {
    policy,
    onRetry: options.onRetry,
    request<T>(request: RequestOptions): Promise<HttpResponse<T>> {
      const method =
        request.method ?? (request.json !== undefined || request.body ? 'POST' : 'GET');
      const retryable = method !== 'POST' || request.idempotent === true;
      return withRetry(() => once<T>(request, method), {
        policy: retryable ? policy : { ...policy, attempts: 1 },
        signal: request.signal,
        onRetry: options.onRetry,
        toError: (error) => toFilestackError(error, method, request.url),
      });
    },
  };
}

/** Maps anything a request can throw onto the SDK's typed errors. */
export function toFilestackError(error: unknown, method: string, url: string): FilestackError {
  if (error instanceof FilestackError) return error;
  if (isAbortError(error)) return new AbortError(undefined, error);
  if (error instanceof KyTimeoutError) {
    return new TimeoutError(`${method} ${redactUrl(url)} timed out`, error);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new NetworkError(`${method} ${redactUrl(url)} failed: ${reason}`, error);
}

async function readSuccess(response: Response, type: ResponseType): Promise<unknown> {
  switch (type) {
    case 'response':
      return response;
    case 'bytes':
      return new Uint8Array(await response.arrayBuffer());
    case 'text':
      return response.text();
    default:
      return readBody(response);
  }
}

/** JSON when the answer says so (or looks like it), otherwise text; `undefined` when empty. */
export async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json') || /^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function cleanParams(
  params: RequestOptions['searchParams'],
): Record<string, string | number | boolean> | undefined {
  if (!params) return undefined;
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(params)) if (value !== undefined) out[key] = value;
  return out;
}
