import { FilestackError, HttpError, KEPT_BODY_BYTES, redactUrl } from '@fs/core';

/** One part (or Intelligent Ingestion chunk) PUT to a presigned storage URL. */
export interface PartRequest {
  url: string;
  /**
   * Exactly the headers `/multipart/upload` returned: nothing is added (docs/protocol.md#part-put).
   */
  headers: Record<string, string>;
  /**
   * The bytes to send: a slice of the input when it is a `Blob` and the runtime streams Blob
   * bodies (browsers: see `part-body.ts`), else a `Uint8Array`.
   */
  body: Uint8Array | Blob;
  signal: AbortSignal;
  /** Milliseconds without any byte moving before the PUT is abandoned as a timeout. */
  idleTimeout: number;
  /** Bytes of `body` sent so far, as often as the transport can see them leave. */
  onProgress: (sent: number) => void;
}

/** The byte length of a part body. */
export function bodySize(body: Uint8Array | Blob): number {
  return ArrayBuffer.isView(body) ? body.byteLength : body.size;
}

/** What the storage answered to a successful PUT. */
export interface PartResponse {
  status: number;
  /** The `ETag` header, or `undefined` when the runtime could not read it (browser CORS). */
  etag: string | undefined;
}

/**
 * Sends part bytes to storage. A seam: Node uses `node:http` (byte progress, no body copy),
 * browsers `XMLHttpRequest` (`upload.onprogress`), other runtimes `fetch`. Rejects with a
 * `FilestackError`: `HttpError` for a non-2xx answer, `NetworkError`, `TimeoutError` or
 * `AbortError` otherwise.
 */
export type PartTransport = (request: PartRequest) => Promise<PartResponse>;

/** Thrown for S3's `403 RequestTimeTooSkewed`: the signed URL is stale, a fresh one may work. */
export class ClockSkewError extends FilestackError {
  static override readonly brand: string = 'ClockSkewError';
  constructor(cause: HttpError) {
    super(
      'Storage rejected the part upload with RequestTimeTooSkewed (the signed URL or the system clock is off); a fresh URL is requested',
      { code: 'CLOCK_SKEW', retryable: true, cause },
    );
  }
}

const SKEW = /<code>\s*RequestTimeTooSkewed\s*<\/code>/i;

/**
 * The error for a non-2xx PUT answer, keeping the first 64 KiB of `body`. S3 answers XML; a 403
 * naming `RequestTimeTooSkewed` (either case of the `Code` element: docs/protocol.md#part-put)
 * becomes a retryable ClockSkewError.
 */
export function partHttpError(
  status: number,
  url: string,
  body: string,
  headers: Headers,
  retryStatuses: readonly number[],
): FilestackError {
  const error = new HttpError({
    status,
    method: 'PUT',
    url,
    body: body.slice(0, KEPT_BODY_BYTES),
    headers,
    retryable: retryStatuses.includes(status),
  });
  return status === 403 && SKEW.test(body) ? new ClockSkewError(error) : error;
}

/**
 * A part PUT succeeded without an ETag that could be read: retryable, since a proxy or a
 * storage hiccup can drop it once. When every try lacks it, {@link missingEtagError} says why.
 */
export function etagNotRead(url: string): FilestackError {
  return new FilestackError(
    `The part PUT to ${redactUrl(url)} succeeded without an ETag response header`,
    { code: 'MISSING_ETAG', retryable: true },
  );
}

/** No try of a part could read its ETag: in browsers the storage CORS rules do not expose it. */
export function missingEtagError(url: string): FilestackError {
  return new FilestackError(
    `The part PUT to ${redactUrl(url)} succeeded but its ETag response header could not be read. ` +
      'In a browser the storage bucket must expose it: add ETag to its CORS ExposeHeaders ' +
      '(Access-Control-Expose-Headers: ETag). Intelligent Ingestion does not need the ETag.',
    { code: 'MISSING_ETAG' },
  );
}
