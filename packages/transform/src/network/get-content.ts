import type { TransformSource } from '../source.js';
import type { Task } from '../task.js';
import { sendTransform, type TransformRequestOptions } from './send-transform.js';

/**
 * Downloads the result of `tasks` on `source` (or the file itself when `tasks` is empty).
 *
 * @throws ValidationError before any request for bad input; HttpError when the CDN refuses
 *   (e.g. 400 for a task it does not know, 403 for a missing or bad policy).
 * @example
 * const bytes = await getContent(handle, [resize({ width: 400 }), output({ format: 'webp' })]);
 */
export async function getContent(
  source: TransformSource,
  tasks: readonly Task[] = [],
  options: TransformRequestOptions = {},
): Promise<Uint8Array> {
  return (await sendTransform<Uint8Array>(source, tasks, options, 'GET', 'bytes')).body;
}
