/**
 * `@fs/upload` on Node (the `node` export condition): MD5 from `node:crypto`, part bytes
 * through `node:http`, and files from `openFile()` read part by part. Same API as the browser
 * entry, with `nodeTransport` in place of `xhrTransport`.
 *
 * @module @fs/upload on Node
 */

import { partMd5 } from './md5.node.js';
import { mimetypeFromName } from './mimetype.node.js';
import type { UploadRuntime } from './options.js';
import { sniffMimetype } from './sniff-mimetype.js';
import { nodeTransport } from './transport.node.js';
import { createUploadOn, uploadManyOn, uploadOn } from './upload-functions.js';

const runtime: UploadRuntime = {
  md5: partMd5,
  transport: nodeTransport,
  mimetypeFromName,
  // Parts of a Blob (a file from openFile) are streamed from it and hashed as they stream.
  blobBodies: true,
  sniffMimetype,
};

/** Uploads bytes, a `Blob`, a stream or an `openFile()` file from Node; resolves with the stored file. */
export const upload = /* @__PURE__ */ uploadOn(runtime);
/** Starts a Node upload that can be paused and resumed (`done`, `pause()`, `resume()`). */
export const createUpload = /* @__PURE__ */ createUploadOn(runtime);
/** Uploads a batch from Node (files from `openFile()` are streamed part by part) on one connection budget. */
export const uploadMany = /* @__PURE__ */ uploadManyOn(runtime);

export { md5Base64 } from './md5.node.js';
export * from './shared-exports.js';
export { nodeTransport } from './transport.node.js';
