export type { Color, ColorName } from './color.js';
export { type ParsedTransformUrl, parseTransformUrl } from './parse-transform-url.js';
export type { TransformSource } from './source.js';
export { type Task, type TaskParams, type TaskValue, task } from './task.js';
export * from './tasks.generated.js';
export { type TransformUrlOptions, transformUrl } from './transform-url.js';
