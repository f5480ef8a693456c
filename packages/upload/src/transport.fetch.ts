import {
  AbortError,
  DEFAULT_RETRY,
  type FetchLike,
  KEPT_BODY_BYTES,
  readBytes,
  redactUrl,
  TimeoutError,
  toFilestackError,
} from '@fs/core';
import {
  bodySize,
  type PartRequest,
  type PartResponse,
  type PartTransport,
  partHttpError,
} from './transport.js';

/**
 * Part PUTs with `fetch`: for runtimes without XMLHttpRequest or `node:http`, and whenever the
 * caller passes its own `fetch` (proxies, instrumentation) so that every request goes through
 * it. fetch cannot report upload progress, so progress moves once per part.
 */
export function createFetchTransport(fetchImpl: FetchLike): PartTransport {
  return (part) => putWithFetch(fetchImpl, part);
}

/** The fetch transport over the global `fetch` (looked up per call, never at import). */
export const fetchTransport: PartTransport = (part) => putWithFetch(fetch, part);

async function putWithFetch(fetchImpl: FetchLike, part: PartRequest): Promise<PartResponse> {
  const { url, signal, body } = part;
  const size = bodySize(body);
  if (signal.aborted) throw new AbortError(undefined, signal.reason);
  // fetch cannot see bytes move, so there is no idle timer: the whole PUT gets `idleTimeout`
  // per started MiB of body, which leaves big parts on slow links room to finish.
  const timeout = new AbortController();
  const limit = part.idleTimeout * Math.max(1, Math.ceil(size / 1048576));
  const timer = setTimeout(() => timeout.abort(), limit);
  const onAbort = () => timeout.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'PUT',
      headers: part.headers,
      body: body as Uint8Array<ArrayBuffer> | Blob,
      signal: timeout.signal,
    });
    // Only the first 64 KiB of an answer is read: an error quotes no more, a success none.
    const text = new TextDecoder().decode(
      await readBytes(response.body, response.ok ? 0 : KEPT_BODY_BYTES),
    );
    if (!response.ok) {
      throw partHttpError(response.status, url, text, response.headers, DEFAULT_RETRY.statusCodes);
    }
  } catch (error) {
    if (signal.aborted) throw new AbortError(undefined, signal.reason);
    if (timeout.signal.aborted) {
      throw new TimeoutError(`PUT ${redactUrl(url)} did not finish within ${limit} ms`, error);
    }
    throw toFilestackError(error, 'PUT', url);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
  part.onProgress(size);
  return { status: response.status, etag: response.headers.get('etag') ?? undefined };
}
