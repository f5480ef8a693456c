import { AbortError, DEFAULT_RETRY, NetworkError, redactUrl, TimeoutError } from '@fs/core';
import { fetchTransport } from './transport.fetch.js';
import { bodySize, type PartResponse, type PartTransport, partHttpError } from './transport.js';

/**
 * Part PUTs where there is no `node:http`. Browsers (and React Native) have XMLHttpRequest,
 * whose `upload.onprogress` is the only way to see request bytes leave: fetch has no upload
 * progress. Workers and edge runtimes lack it, so this falls back to fetch there (progress per
 * part). Decided per call from what exists, never from a user-agent string.
 */
export const browserTransport: PartTransport = (part) =>
  typeof XMLHttpRequest === 'function' ? xhrTransport(part) : fetchTransport(part);

/**
 * Part PUTs with XMLHttpRequest, for byte-level progress in browsers: Chromium reports
 * `upload.onprogress` about every 100 ms while bytes move (measured), whatever their number.
 */
export const xhrTransport: PartTransport = (part) =>
  new Promise<PartResponse>((resolve, reject) => {
    const { url, signal, body } = part;
    const size = bodySize(body);
    if (signal.aborted) {
      reject(new AbortError(undefined, signal.reason));
      return;
    }
    const xhr = new XMLHttpRequest();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const finish = (error: Error | undefined, value?: PartResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (error) {
        xhr.abort();
        reject(error);
      } else resolve(value!);
    };
    // XHR only has a total timeout; this one restarts on every progress event, so it fires
    // after `idleTimeout` ms without a byte moving, as on Node.
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () =>
          finish(
            new TimeoutError(`PUT ${redactUrl(url)} moved no bytes for ${part.idleTimeout} ms`),
          ),
        part.idleTimeout,
      );
    };
    const onAbort = () => finish(new AbortError(undefined, signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(part.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      arm();
      part.onProgress(Math.min(event.loaded, size));
    };
    xhr.onprogress = arm;
    xhr.onerror = () => finish(new NetworkError(`PUT ${redactUrl(url)} failed: network error`));
    xhr.onload = () => {
      const status = xhr.status;
      if (status >= 200 && status < 300) {
        // Some XHRs never report the last upload progress event; the answer proves it all left.
        part.onProgress(size);
        finish(undefined, { status, etag: xhr.getResponseHeader('ETag') ?? undefined });
        return;
      }
      const headers = new Headers();
      const retryAfter = xhr.getResponseHeader('Retry-After');
      if (retryAfter) headers.set('retry-after', retryAfter);
      finish(partHttpError(status, url, xhr.responseText, headers, DEFAULT_RETRY.statusCodes));
    };
    arm();
    xhr.send(body as Uint8Array<ArrayBuffer> | Blob);
  });
