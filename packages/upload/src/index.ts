// The browser and default entry: MD5 in plain TypeScript, part bytes through XMLHttpRequest
// (fetch where there is none). Node resolves `index.node.ts` instead, by the `node` condition.
import type { UploadInput } from './input.js';
import { md5Base64 } from './md5.browser.js';
import type { UploadOptions, UploadRuntime } from './options.js';
import { browserTransport } from './transport.browser.js';
import { type UploadManyItem, type UploadResult, uploadManyWith } from './upload-many.js';
import { startSession, type UploadedFile, type UploadHandle } from './upload-session.js';

// Blob inputs go out as slices of themselves, which browsers stream from the file.
const runtime: UploadRuntime = { md5: md5Base64, transport: browserTransport, blobBodies: true };

/**
 * Uploads a file to Filestack with multipart upload (regular or Intelligent Ingestion) and
 * resolves with the stored file once the service confirmed it.
 *
 * @example
 * const file = await upload(input.files[0], {
 *   apikey: 'KEY',
 *   onProgress: ({ percent }) => (bar.value = percent),
 * });
 * console.log(file.url);
 */
export function upload(input: UploadInput, options: UploadOptions): Promise<UploadedFile> {
  return startSession(input, options, runtime).done;
}

/**
 * Starts an upload that can be paused and resumed; `done` settles like `upload`.
 *
 * @example
 * const job = createUpload(file, { apikey: 'KEY' });
 * pauseButton.onclick = () => (job.paused ? job.resume() : job.pause());
 * const stored = await job.done;
 */
export function createUpload(input: UploadInput, options: UploadOptions): UploadHandle {
  return startSession(input, options, runtime);
}

/**
 * Uploads several files with one shared budget of `concurrency` connections and one
 * aggregate `onProgress`. Resolves with a result per input, in order; rejects only when the
 * shared options are invalid.
 *
 * @example
 * const results = await uploadMany([...input.files], { apikey: 'KEY' });
 * for (const r of results) console.log(r.ok ? r.file.url : r.error.message);
 */
export function uploadMany(
  inputs: ReadonlyArray<UploadInput | UploadManyItem>,
  options: UploadOptions,
): Promise<UploadResult[]> {
  return uploadManyWith(runtime, inputs, options);
}

export type { NodeReadableLike, UploadInput } from './input.js';
export { md5Base64 } from './md5.browser.js';
export type { UploadOptions, UploadProgress } from './options.js';
export { xhrTransport } from './transport.browser.js';
export { createFetchTransport, fetchTransport } from './transport.fetch.js';
export type { PartRequest, PartResponse, PartTransport } from './transport.js';
export { ClockSkewError } from './transport.js';
export type { UploadManyItem, UploadResult } from './upload-many.js';
export type { UploadedFile, UploadHandle } from './upload-session.js';
export { type UploadUrlOptions, uploadUrl } from './upload-url.js';
