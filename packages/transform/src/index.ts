export type { Color, ColorName } from './color.js';
export { getContent } from './network/get-content.js';
export {
  getImageSize,
  getJson,
  getMetadata,
  getOcr,
  getPdfInfo,
  getSfw,
  getTags,
  type ImageSizeResult,
  type SfwResult,
  type TagsResult,
} from './network/get-json.js';
export type { TransformRequestOptions } from './network/send-transform.js';
export { type StoreTransformOptions, storeTransform } from './network/store-transform.js';
export { type ParsedTransformUrl, parseTransformUrl } from './parse-transform-url.js';
export type { TransformSource } from './source.js';
export { type Task, type TaskParams, type TaskValue, task } from './task.js';
export * from './tasks.generated.js';
export { type TransformUrlOptions, transformUrl } from './transform-url.js';
