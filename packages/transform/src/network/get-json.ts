import { FilestackError } from '@fs/core';
import type { TransformSource } from '../source.js';
import type { Task } from '../task.js';
import { imagesize } from '../tasks/imagesize.generated.js';
import { metadata } from '../tasks/metadata.generated.js';
import { ocr } from '../tasks/ocr.generated.js';
import { pdfinfo } from '../tasks/pdfinfo.generated.js';
import { sfw } from '../tasks/sfw.generated.js';
import { tags } from '../tasks/tags.generated.js';
import { sendTransform, type TransformRequestOptions } from './send-transform.js';

/**
 * GETs a chain whose last task answers JSON (`detect_faces=export:true`, `pdfinfo`, `tags`,
 * `video_convert`, ...) and returns the parsed object.
 *
 * @throws ValidationError before any request; HttpError when the CDN refuses; FilestackError
 *   (`PROTOCOL`) when the answer is not a JSON object.
 * @example
 * const info = await getJson(handle, [pdfinfo({ colorinfo: true })]);
 */
export async function getJson<T = Record<string, unknown>>(
  source: TransformSource,
  tasks: readonly Task[],
  options: TransformRequestOptions = {},
): Promise<T> {
  const { body } = await sendTransform<unknown>(source, tasks, options, 'GET', 'json');
  if (typeof body !== 'object' || body === null) {
    throw new FilestackError('The CDN answered without a JSON object', { code: 'PROTOCOL' });
  }
  return body as T;
}

/** The `tags` answer: labels with a confidence from 0 to 100. */
export interface TagsResult {
  tags: { auto: Record<string, number> | null; user: Record<string, number> | null };
}

/** The `sfw` answer: `true` when the image is safe for work. */
export interface SfwResult {
  sfw: boolean;
}

/** The `imagesize` answer, in pixels. */
export interface ImageSizeResult {
  width: number;
  height: number;
}

/**
 * Tags the image `tasks` produce from `source` (the service requires a signed policy).
 * @example
 * const { tags } = await getTags(handle, [], { security: { policy, signature } });
 */
export const getTags = (
  source: TransformSource,
  tasks: readonly Task[] = [],
  options?: TransformRequestOptions,
): Promise<TagsResult> => getJson(source, [...tasks, tags()], options);

/**
 * Safe-for-work detection (the service requires a signed policy).
 * @example
 * const { sfw } = await getSfw(handle, [], { security });
 */
export const getSfw = (
  source: TransformSource,
  tasks: readonly Task[] = [],
  options?: TransformRequestOptions,
): Promise<SfwResult> => getJson(source, [...tasks, sfw()], options);

/**
 * Optical character recognition; the answer is returned as the service sends it.
 * @example
 * const text = await getOcr(handle, [], { security });
 */
export const getOcr = (
  source: TransformSource,
  tasks: readonly Task[] = [],
  options?: TransformRequestOptions,
): Promise<Record<string, unknown>> => getJson(source, [...tasks, ocr()], options);

/**
 * Width and height of the image `tasks` produce.
 * @example
 * const { width, height } = await getImageSize(handle, [resize({ width: 400 })]);
 */
export const getImageSize = (
  source: TransformSource,
  tasks: readonly Task[] = [],
  options?: TransformRequestOptions,
): Promise<ImageSizeResult> => getJson(source, [...tasks, imagesize()], options);

/**
 * Information about a PDF (pages, sizes); for color details use
 * `getJson(source, [pdfinfo({ colorinfo: true })])`.
 * @example
 * const info = await getPdfInfo(handle);
 */
export const getPdfInfo = (
  source: TransformSource,
  tasks: readonly Task[] = [],
  options?: TransformRequestOptions,
): Promise<Record<string, unknown>> => getJson(source, [...tasks, pdfinfo()], options);

/**
 * Metadata of the file `tasks` produce, through the CDN `metadata` task.
 * @example
 * const meta = await getMetadata(handle);
 */
export const getMetadata = (
  source: TransformSource,
  tasks: readonly Task[] = [],
  options?: TransformRequestOptions,
): Promise<Record<string, unknown>> => getJson(source, [...tasks, metadata()], options);
