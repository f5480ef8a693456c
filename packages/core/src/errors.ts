import { redactText, redactUrl, redactValue } from './redact.js';

/**
 * A machine-readable error code: one the SDK uses ({@link KnownErrorCode}), or an app's own
 * for errors it builds on `FilestackError`.
 */
export type ErrorCode = KnownErrorCode | (string & {});

/**
 * Every `code` an error of this SDK carries. `@fs/core`'s own classes have one code each;
 * the other packages add theirs here so that the list stays complete.
 */
export type KnownErrorCode =
  /** `HttpError`: the service answered a status the call does not accept. */
  | 'HTTP'
  /** `ValidationError`: bad input, refused before any request. */
  | 'VALIDATION'
  /** `AbortError`: the caller's `AbortSignal` fired. */
  | 'ABORTED'
  /** `TimeoutError`: no answer, or no byte of it, within the timeout. */
  | 'TIMEOUT'
  /** `NetworkError`: no HTTP answer at all (DNS, refused or reset connection). */
  | 'NETWORK'
  /** The service answered something the protocol does not allow. */
  | 'PROTOCOL'
  /** A security provider failed to hand out a policy. */
  | 'SECURITY'
  /** Anything else that went wrong, with the original error as `cause`. */
  | 'UNKNOWN'
  /** `@fs/upload`: the input could not be read (a stream failed, a file changed). */
  | 'INPUT'
  /** `@fs/upload`: the runtime lacks what the input needs (e.g. a path outside Node.js). */
  | 'UNSUPPORTED'
  /**
   * `@fs/upload`: Intelligent Ingestion could not store a chunk at the smallest size (32 KiB)
   * within the retry policy.
   */
  | 'CHUNK_FAILED'
  /** `@fs/upload`: storage acknowledged no byte of the upload for `progressTimeout`. */
  | 'NO_PROGRESS'
  /** `@fs/upload`: storage refused a part PUT as `RequestTimeTooSkewed`. */
  | 'CLOCK_SKEW'
  /** `@fs/upload`: a part PUT succeeded but its ETag could not be read (browser CORS). */
  | 'MISSING_ETAG'
  /**
   * `@fs/upload`: another live run holds the resume lease of this upload (a second process or
   * tab sending the same file).
   */
  | 'RESUME_LOCKED'
  /** `@fs/upload`, internal: a part switches to Intelligent Ingestion; never rejected with. */
  | 'SWITCH'
  /** `@fs/av`: the conversion job failed. */
  | 'CONVERSION_FAILED'
  /** `@fs/av`: the conversion job has not finished yet. */
  | 'CONVERSION_NOT_READY'
  /** `@fs/client`: a download could not be written to its file. */
  | 'OUTPUT'
  /** `@fs/webhooks`: a webhook failed verification. */
  | 'WEBHOOK_VERIFICATION';

/** What every {@link FilestackError} is made with: its code, whether to retry, its cause. */
export interface FilestackErrorOptions {
  code: ErrorCode;
  /** @default false */
  retryable?: boolean;
  cause?: unknown;
}

/** What every error of this SDK answers `true` to, in any copy of the package. */
const MARKER = Symbol.for('fs.error');

/**
 * The base of every error this SDK throws or rejects with. `code` tells the kind of failure,
 * `retryable` whether repeating the same call may succeed. Its message is scrubbed of policies
 * and signatures (`redactText`): free text may quote a URL, a server answer or a cause.
 *
 * Check for it with `FilestackError.isInstance(error)` (and `HttpError.isInstance(error)`, ...)
 * rather than `instanceof` when an app may load two copies of this package, such as its ESM
 * and CJS builds: `isInstance` recognises errors of either copy.
 */
export class FilestackError extends Error {
  /** The class's name: `name` of its errors, which `isInstance` compares across copies. */
  static readonly brand: string = 'FilestackError';
  // `declare`: assigned in the constructor, so no class-field initialisers are emitted (bytes in
  // every browser bundle that can throw).
  declare readonly code: ErrorCode;
  declare readonly retryable: boolean;

  constructor(message: string, options: FilestackErrorOptions) {
    super(redactText(message), options);
    this.name = new.target.brand;
    this.code = options.code;
    this.retryable = !!options.retryable;
  }

  /** `Symbol.for('fs.error')`: marks errors of every copy of this package, off the instance. */
  get [MARKER](): true {
    return true;
  }

  /**
   * Whether `error` is an error of this class, from any copy of the package: it carries the
   * marker and, but for `FilestackError.isInstance` (any error of the SDK), this class's name.
   *
   * @example
   * if (HttpError.isInstance(error) && error.status === 404) showNotFound();
   */
  static isInstance<T>(this: { prototype: T; brand: string }, error: unknown): error is T {
    const marked = (error as { [MARKER]?: true } | undefined)?.[MARKER];
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class it is called on (HttpError, ...)
    return !!marked && (this.brand === 'FilestackError' || (error as Error).name === this.brand);
  }
}

/** The request and the answer an {@link HttpError} describes. */
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
  static override readonly brand: string = 'HttpError';
  readonly status: number;
  readonly method: string;
  /** The request URL with `policy`, `signature` and `key` redacted. */
  readonly url: string;
  /** The parsed body (at most its first 64 KiB): an object for JSON answers, otherwise text. */
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
    this.body = redactValue(init.body);
    Object.defineProperty(this, 'headers', { value: init.headers, enumerable: false });
  }
}

/** What a {@link ValidationError} reports: the option, what it was, what is allowed. */
export interface ValidationErrorInit {
  /** The option or parameter at fault, e.g. `partSize` or `resize.width`. */
  option: string;
  /** What was given; policies, signatures and secrets in it are redacted. */
  received: unknown;
  /** What is allowed, in words: `an integer from 1 to 10000`. */
  allowed: string;
  message?: string;
}

/** Bad input, rejected before any request is sent. */
export class ValidationError extends FilestackError {
  static override readonly brand: string = 'ValidationError';
  declare readonly option: string;
  declare readonly received: unknown;
  declare readonly allowed: string;

  constructor({ option, received, allowed, message }: ValidationErrorInit) {
    super(message ?? `Invalid ${option}: got ${describeValue(received)}; expected ${allowed}`, {
      code: 'VALIDATION',
    });
    this.option = option;
    this.received = redactValue(received);
    this.allowed = allowed;
  }
}

/** The caller's AbortSignal fired; nothing more is sent after it. */
export class AbortError extends FilestackError {
  static override readonly brand: string = 'AbortError';
  constructor(message = 'The operation was aborted', cause?: unknown) {
    super(message, { code: 'ABORTED', cause });
  }
}

/** A request, or a body it was reading, took longer than its timeout. */
export class TimeoutError extends FilestackError {
  static override readonly brand: string = 'TimeoutError';
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'TIMEOUT', retryable: true, cause });
  }
}

/** The request never got an HTTP answer (DNS, refused or reset connection). */
export class NetworkError extends FilestackError {
  static override readonly brand: string = 'NetworkError';
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'NETWORK', retryable: true, cause });
  }
}

/**
 * Maps anything a call can throw onto the SDK's typed errors: a FilestackError as it is, an
 * abort as an `AbortError`, anything else as a `NetworkError` of the request `method url` when
 * they are given (the URL redacted), or a FilestackError `UNKNOWN`, with a scrubbed copy of it
 * as the cause ({@link redactCause}).
 */
export function toFilestackError(error: unknown, method?: string, url = ''): FilestackError {
  if (FilestackError.isInstance(error)) return error;
  if (isAbortError(error)) return new AbortError(undefined, error);
  const reason = error instanceof Error ? error.message : String(error);
  const cause = redactCause(error);
  return method
    ? new NetworkError(`${method} ${redactUrl(url)} failed: ${reason}`, cause)
    : new FilestackError(reason, { code: 'UNKNOWN', cause });
}

/**
 * A copy of what another library threw that is safe to keep as a cause: its name, message,
 * stack and primitive fields scrubbed of policies and signatures, its own cause likewise (to a
 * depth of 8), and nothing else: no `Request` with a signed URL, no options object. Errors of
 * this SDK are kept as they are.
 */
export function redactCause(cause: unknown, depth = 0): unknown {
  if (!(cause instanceof Error) || FilestackError.isInstance(cause)) return redactValue(cause);
  const copy = new Error(redactText(cause.message)) as Error & Record<string, unknown>;
  for (const [key, value] of Object.entries(cause)) {
    if (Object(value) !== value) copy[key] = redactValue(value);
  }
  copy.name = cause.name;
  copy.stack = redactText(String(cause.stack));
  if (cause.cause !== undefined && depth < 8) copy.cause = redactCause(cause.cause, depth + 1);
  return copy;
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
    AbortError.isInstance(error) ||
    (typeof error === 'object' &&
      error !== null &&
      'name' in error &&
      (error as { name: unknown }).name === 'AbortError')
  );
}
