import { redactText, redactUrl } from './redact.js';

/** Stable machine-readable error codes. */
export type ErrorCode =
  | 'HTTP'
  | 'VALIDATION'
  | 'ABORTED'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'PROTOCOL'
  | (string & {});

export interface FilestackErrorOptions {
  code: ErrorCode;
  retryable?: boolean;
  cause?: unknown;
}

/**
 * The base of every error this SDK throws or rejects with. `code` tells the kind of failure,
 * `retryable` whether repeating the same call may succeed. Its message is scrubbed of policies
 * and signatures (`redactText`): free text may quote a URL, a server answer or a cause.
 */
export class FilestackError extends Error {
  override name = 'FilestackError';
  // `declare`: assigned in the constructor, so no class-field initialisers are emitted (bytes in
  // every browser bundle that can throw).
  declare readonly code: ErrorCode;
  declare readonly retryable: boolean;

  constructor(message: string, options: FilestackErrorOptions) {
    super(redactText(message), options.cause === undefined ? undefined : options);
    this.code = options.code;
    this.retryable = options.retryable ?? false;
  }
}

export interface HttpErrorInit {
  status: number;
  method: string;
  url: string;
  body: unknown;
  headers?: Headers;
  retryable: boolean;
}

/** The server answered with a status the call does not accept. */
export class HttpError extends FilestackError {
  override name = 'HttpError';
  readonly status: number;
  readonly method: string;
  /** The request URL with `policy`, `signature` and `key` redacted. */
  readonly url: string;
  /** The parsed body: an object for JSON answers, otherwise text. */
  readonly body: unknown;
  /** Response headers, kept out of `JSON.stringify` output. */
  declare readonly headers: Headers | undefined;

  constructor(init: HttpErrorInit) {
    const url = redactUrl(init.url);
    super(`${init.method} ${url} failed with HTTP ${init.status}${describeBody(init.body)}`, {
      code: 'HTTP',
      retryable: init.retryable,
    });
    this.status = init.status;
    this.method = init.method;
    this.url = url;
    this.body = redactBody(init.body);
    Object.defineProperty(this, 'headers', { value: init.headers, enumerable: false });
  }
}

export interface ValidationErrorInit {
  /** The option or parameter at fault, e.g. `partSize` or `resize.width`. */
  option: string;
  /** What was given (secrets are never passed here). */
  received: unknown;
  /** What is allowed, in words: `an integer from 1 to 10000`. */
  allowed: string;
  message?: string;
}

/** Bad input, rejected before any request is sent. */
export class ValidationError extends FilestackError {
  override name = 'ValidationError';
  declare readonly option: string;
  declare readonly received: unknown;
  declare readonly allowed: string;

  constructor({ option, received, allowed, message }: ValidationErrorInit) {
    super(message ?? `Invalid ${option}: got ${describeValue(received)}; expected ${allowed}`, {
      code: 'VALIDATION',
    });
    this.option = option;
    this.received = received;
    this.allowed = allowed;
  }
}

/** The caller's AbortSignal fired; nothing more is sent after it. */
export class AbortError extends FilestackError {
  override name = 'AbortError';
  constructor(message = 'The operation was aborted', cause?: unknown) {
    super(message, { code: 'ABORTED', cause });
  }
}

/** A request took longer than its timeout. */
export class TimeoutError extends FilestackError {
  override name = 'TimeoutError';
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'TIMEOUT', retryable: true, cause });
  }
}

/** The request never got an HTTP answer (DNS, refused or reset connection). */
export class NetworkError extends FilestackError {
  override name = 'NetworkError';
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'NETWORK', retryable: true, cause });
  }
}

function describeBody(body: unknown): string {
  if (body === undefined || body === null || body === '') return '';
  const text =
    typeof body === 'string'
      ? body
      : typeof body === 'object' && body !== null && 'error' in body
        ? String((body as { error: unknown }).error)
        : JSON.stringify(body);
  const short = text.length > 200 ? `${text.slice(0, 200)}...` : text;
  return `: ${short}`;
}

function redactBody(body: unknown): unknown {
  if (typeof body === 'string') return redactText(body);
  if (body !== null && typeof body === 'object') {
    return JSON.parse(redactText(JSON.stringify(body))) as unknown;
  }
  return body;
}

/** Short, printable description of a rejected value for validation messages. */
export function describeValue(value: unknown): string {
  // One expression: every bundle that can throw a ValidationError carries it.
  return typeof value === 'string'
    ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value)
    : // Primitives (null and undefined included) print as themselves.
      Object(value) !== value
      ? String(value)
      : Array.isArray(value)
        ? `an array of ${value.length}`
        : typeof value === 'function'
          ? 'a function'
          : `a ${Object.prototype.toString.call(value).slice(8, -1)}`.replace(
              /^a Object$/,
              'an object',
            );
}

/** True when `error` is an abort of any origin (ours, a DOMException, a Node AbortError). */
export function isAbortError(error: unknown): boolean {
  return (
    error instanceof AbortError ||
    (typeof error === 'object' &&
      error !== null &&
      'name' in error &&
      (error as { name: unknown }).name === 'AbortError')
  );
}
