/**
 * `@fs/upload` in browsers, workers and every runtime without the `node` export condition:
 * MD5 in plain TypeScript, in a Worker where one starts, part bytes through `XMLHttpRequest`
 * (`fetch` where there is none).
 *
 * @module @fs/upload
 */
// Node resolves `index.node.ts` instead, by the `node` condition.
import type { UploadRuntime } from './options.js';
import { partMd5 } from './part-md5.browser.js';
import { browserTransport } from './transport.browser.js';
import { createUploadOn, uploadManyOn, uploadOn } from './upload-functions.js';

// Blob inputs go out as slices of themselves, which browsers stream from the file.
const runtime: UploadRuntime = { md5: partMd5, transport: browserTransport, blobBodies: true };

/** Uploads a `File`, `Blob`, bytes or stream from a browser and resolves with the stored file. */
export const upload = /* @__PURE__ */ uploadOn(runtime);
/** Starts a browser upload that can be paused and resumed (`done`, `pause()`, `resume()`). */
export const createUpload = /* @__PURE__ */ createUploadOn(runtime);
/** Uploads a browser batch (e.g. `[...input.files]`) on one connection budget. */
export const uploadMany = /* @__PURE__ */ uploadManyOn(runtime);

export { md5Base64 } from './md5.browser.js';
export * from './shared-exports.js';
export { xhrTransport } from './transport.browser.js';
