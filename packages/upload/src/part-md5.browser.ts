import { bytesToBase64 } from '@fs/core';
import { readFailed } from './input.js';
import { md5InSlices } from './md5.js';
import type { Md5Answer } from './md5.worker.js';
import { partBytes, SLICE } from './part-digest.js';
import { bodySize } from './transport.js';

// Browsers hash parts in a module Worker, so the page's main thread only posts each part (a
// Blob slice costs nothing to post: the worker reads it) while earlier parts are on the wire.
// Where no Worker starts (none at all, a CSP without worker-src for this origin, a bundler that
// did not emit md5.worker.js, the CJS build), parts are hashed on the main thread a slice at a
// time, yielding between slices, so no task runs long.

interface Pending {
  body: Blob | Uint8Array;
  resolve(digest: Uint8Array): void;
  reject(error: unknown): void;
}

let worker: Worker | undefined;
/** Set once a worker failed to start: the page hashes on the main thread from then on. */
let unavailable = false;
/** Parts posted to the worker and not answered yet, oldest first: it answers in order. */
const pending: Pending[] = [];

/**
 * Base64 MD5 of a part body (the `md5` of `/multipart/upload`), computed in a Worker when one
 * starts. A Blob slice is read once, by whoever hashes it; the PUT still sends the slice. A
 * body of one slice or less is hashed in place: less work than posting it.
 */
export async function partMd5(body: Blob | Uint8Array): Promise<string> {
  const hasher = bodySize(body) > SLICE ? hashWorker() : undefined;
  return bytesToBase64(
    hasher
      ? await new Promise<Uint8Array>((resolve, reject) => {
          pending.push({ body, resolve, reject });
          // Bytes are copied once, only this part's, and the copy is moved to the worker.
          if (ArrayBuffer.isView(body)) {
            const copy = body.slice();
            hasher.postMessage(copy, [copy.buffer]);
          } else hasher.postMessage(body);
        })
      : await hashHere(body),
  );
}

function hashWorker(): Worker | undefined {
  if (worker || unavailable) return worker;
  try {
    // Written as bundlers recognise it (Vite, webpack 5, Rollup with a worker plugin): they emit
    // md5.worker.js and rewrite this URL. Unbundled, it is the file next to this one in dist.
    worker = new Worker(new URL('./md5.worker.js', import.meta.url), { type: 'module' });
  } catch {
    // No Worker, or no URL to make (the CJS build has no import.meta.url).
    unavailable = true;
    return undefined;
  }
  worker.onmessage = ({ data }: MessageEvent<Md5Answer>) => {
    const job = pending.shift();
    if ('digest' in data) job?.resolve(data.digest);
    else job?.reject(readFailed(data.error));
  };
  // The script could not be fetched or run (404, CSP, MIME type): hash here from now on,
  // starting with the parts the worker held.
  worker.onerror = (event) => {
    event.preventDefault();
    unavailable = true;
    worker?.terminate();
    worker = undefined;
    for (const job of pending.splice(0)) hashHere(job.body).then(job.resolve, job.reject);
  };
  return worker;
}

/** The main-thread fallback: one read, then the MD5 a slice at a time, the page's turn between. */
async function hashHere(body: Blob | Uint8Array): Promise<Uint8Array> {
  const bytes = await partBytes(body).catch((error: unknown) => {
    throw readFailed(error);
  });
  return md5InSlices(bytes, SLICE, () => new Promise((resolve) => setTimeout(resolve, 0)));
}
