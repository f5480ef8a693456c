// The public upload functions, written once and bound to a runtime by each entry point
// (`index.ts` for browsers, `index.node.ts` for Node). One factory per function, each marked
// pure, so a bundle that imports `upload` alone drops `uploadMany` and its batch code.
// The docs live on the call signatures below, which editors show at every call of either entry.
import type { UploadInput } from './input.js';
import type { UploadOptions, UploadRuntime } from './options.js';
import {
  type UploadManyItem,
  type UploadManyOptions,
  type UploadResult,
  uploadManyWith,
} from './upload-many.js';
import { startSession, type UploadedFile, type UploadHandle } from './upload-session.js';

/** `upload(input, options)`. */
export interface UploadFunction {
  /**
   * Uploads a file to Filestack with multipart upload (regular or Intelligent Ingestion) and
   * resolves with the stored file once the service confirmed it.
   *
   * @example
   * const file = await upload(fileOrBytes, {
   *   apikey: 'KEY',
   *   onProgress: ({ percent }) => console.log(`${percent}%`),
   * });
   * console.log(file.url);
   */
  // biome-ignore lint/style/useShorthandFunctionType: a function type would drop this JSDoc
  (input: UploadInput, options: UploadOptions): Promise<UploadedFile>;
}

/** `createUpload(input, options)`. */
export interface CreateUploadFunction {
  /**
   * Starts an upload that can be paused and resumed; `done` settles like `upload`.
   *
   * @example
   * const job = createUpload(fileOrBytes, { apikey: 'KEY' });
   * job.pause(); // in-flight parts are aborted, stored parts stay stored
   * job.resume(); // only the unfinished parts are sent again
   * const stored = await job.done;
   */
  // biome-ignore lint/style/useShorthandFunctionType: a function type would drop this JSDoc
  (input: UploadInput, options: UploadOptions): UploadHandle;
}

/** `uploadMany(inputs, options)`. */
export interface UploadManyFunction {
  /**
   * Uploads several files with one shared budget of `concurrency` connections and one
   * aggregate `onProgress` (each file's own with `onFileProgress`). Resolves with a result per
   * input, in order (each also given to `onFileSettled` as it settles); rejects only when the
   * shared options are invalid.
   *
   * @example
   * const results = await uploadMany([a, b, c], { apikey: 'KEY' });
   * for (const r of results) console.log(r.ok ? r.file.url : r.error.message);
   */
  // biome-ignore lint/style/useShorthandFunctionType: a function type would drop this JSDoc
  (
    inputs: ReadonlyArray<UploadInput | UploadManyItem>,
    options: UploadManyOptions,
  ): Promise<UploadResult[]>;
}

/** `upload` on `runtime`. */
export function uploadOn(runtime: UploadRuntime): UploadFunction {
  return (input, options) => startSession(input, options, runtime).done;
}

/** `createUpload` on `runtime`. */
export function createUploadOn(runtime: UploadRuntime): CreateUploadFunction {
  return (input, options) => startSession(input, options, runtime);
}

/** `uploadMany` on `runtime`. */
export function uploadManyOn(runtime: UploadRuntime): UploadManyFunction {
  return (inputs, options) => uploadManyWith(runtime, inputs, options);
}
