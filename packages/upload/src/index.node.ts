// The Node entry (the `node` export condition): MD5 from node:crypto, part bytes through
// node:http. Same API as the browser entry `index.ts`.

import { openedFileSource } from './file-source.node.js';
import type { UploadInput } from './input.js';
import { md5Base64 } from './md5.node.js';
import { mimetypeFromName } from './mimetype.js';
import type { UploadOptions, UploadRuntime } from './options.js';
import { nodeTransport } from './transport.node.js';
import { type UploadManyItem, type UploadResult, uploadManyWith } from './upload-many.js';
import { startSession, type UploadedFile, type UploadHandle } from './upload-session.js';

const runtime: UploadRuntime = {
  md5: md5Base64,
  transport: nodeTransport,
  mimetypeFromName,
  sourceFor: openedFileSource,
};

/**
 * Uploads a file to Filestack with multipart upload (regular or Intelligent Ingestion) and
 * resolves with the stored file once the service confirmed it.
 *
 * @example
 * const file = await upload(new Uint8Array([1, 2, 3]), {
 *   apikey: 'KEY',
 *   onProgress: ({ percent }) => console.log(percent),
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
 * const job = createUpload(await openFile('video.mp4'), { apikey: 'KEY' });
 * process.on('SIGUSR2', () => (job.paused ? job.resume() : job.pause()));
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
 * const results = await uploadMany([a, b, c], { apikey: 'KEY' });
 * for (const r of results) console.log(r.ok ? r.file.url : r.error.message);
 */
export function uploadMany(
  inputs: ReadonlyArray<UploadInput | UploadManyItem>,
  options: UploadOptions,
): Promise<UploadResult[]> {
  return uploadManyWith(runtime, inputs, options);
}

export type { NodeReadableLike, UploadInput } from './input.js';
export { md5Base64 } from './md5.node.js';
export type { UploadOptions, UploadProgress } from './options.js';
export { createFetchTransport, fetchTransport } from './transport.fetch.js';
export type { PartRequest, PartResponse, PartTransport } from './transport.js';
export { ClockSkewError } from './transport.js';
export { nodeTransport } from './transport.node.js';
export type { UploadManyItem, UploadResult } from './upload-many.js';
export type { UploadedFile, UploadHandle } from './upload-session.js';
export { type UploadUrlOptions, uploadUrl } from './upload-url.js';
